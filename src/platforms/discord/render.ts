import type { APIEmbed } from 'discord.js';
import type { MessageImage, RichMessage } from '../../chat/message.js';
import {
  DISCORD_MAX_ATTACHMENT_DESCRIPTION, DISCORD_MAX_CONTENT, DISCORD_MAX_EMBED_DESCRIPTION, DISCORD_MAX_EMBED_FIELDS,
  DISCORD_MAX_EMBED_FOOTER, DISCORD_MAX_EMBED_TITLE, DISCORD_MAX_EMBED_TOTAL, DISCORD_MAX_EMBEDS,
  DISCORD_MAX_FIELD_NAME, DISCORD_MAX_FIELD_VALUE, DISCORD_MAX_FILE_BYTES, SEVERITY_COLOUR,
} from './limits.js';
import { neutralise, nonBlank, plainToMarkdown, truncate } from './text.js';

/** DiscordFile is one upload, sent as multipart part `files[n]`. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** DiscordMessageBody is a Create/Edit Message JSON body (snake_case, as the API takes it). */
export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
  attachments?: Array<{ id: number; filename: string; description?: string }>;
}

/** DiscordPayload is a rendered message: the JSON body and the files it refers to. */
export interface DiscordPayload {
  body: DiscordMessageBody;
  files: DiscordFile[];
}

const PARAGRAPH = '\n\n';
const DEFAULT_IMAGE_NAME = 'chart.png';
/** MIN_PIECE: a description with less room than this is closed and the text continues in a new embed. */
const MIN_PIECE = 16;

/** EmbedSet fills up to DISCORD_MAX_EMBEDS embeds in order, holding every per-embed limit and the 6,000 total. */
class EmbedSet {
  readonly embeds: APIEmbed[] = [];
  private budget: number;
  private full = false;

  constructor(private readonly colour: number | undefined, title: string, reserved: number) {
    this.budget = DISCORD_MAX_EMBED_TOTAL - title.length - reserved;
    this.embeds.push(this.blank(title));
  }

  private blank(title?: string): APIEmbed {
    return { ...(title ? { title } : {}), ...(this.colour !== undefined ? { color: this.colour } : {}) };
  }

  /** next starts a new embed, or returns null (and stops all further content) at the embed cap. */
  private next(): APIEmbed | null {
    if (this.embeds.length >= DISCORD_MAX_EMBEDS) {
      this.full = true;
      return null;
    }
    const e = this.blank();
    this.embeds.push(e);
    return e;
  }

  /** addText appends a markdown paragraph, continuing in a new embed when a description fills up. */
  addText(md: string): void {
    let rest = md;
    while (rest.length > 0 && !this.full) {
      let e: APIEmbed | null = this.embeds[this.embeds.length - 1];
      if (e.fields?.length || (e.description?.length ?? 0) > DISCORD_MAX_EMBED_DESCRIPTION - PARAGRAPH.length - MIN_PIECE) e = this.next();
      if (!e) return;
      const sep = e.description ? PARAGRAPH : '';
      const room = DISCORD_MAX_EMBED_DESCRIPTION - (e.description?.length ?? 0) - sep.length;
      if (rest.length <= Math.min(room, this.budget - sep.length)) {
        e.description = (e.description ?? '') + sep + rest;
        this.budget -= sep.length + rest.length;
        return;
      }
      if (this.budget - sep.length < room || this.embeds.length >= DISCORD_MAX_EMBEDS) {
        this.appendLast(e, sep, rest, Math.min(room, this.budget - sep.length));
        return;
      }
      const piece = truncate(rest, room).slice(0, -1);
      e.description = (e.description ?? '') + sep + piece;
      this.budget -= sep.length + piece.length;
      rest = rest.slice(piece.length);
    }
  }

  /** appendLast puts what still fits, ending in an ellipsis, and closes the set. */
  private appendLast(e: APIEmbed, sep: string, rest: string, room: number): void {
    this.full = true;
    if (room < 2) return;
    const cut = truncate(rest, room);
    e.description = (e.description ?? '') + sep + cut;
    this.budget -= sep.length + cut.length;
  }

  /** addField adds a name/value field, starting a new embed after 25 and shortening the value to the budget. */
  addField(rawName: string, rawValue: string, inline: boolean): void {
    if (this.full) return;
    let e: APIEmbed | null = this.embeds[this.embeds.length - 1];
    if ((e.fields?.length ?? 0) >= DISCORD_MAX_EMBED_FIELDS) e = this.next();
    if (!e) return;
    const name = truncate(nonBlank(plainToMarkdown(rawName)), Math.min(DISCORD_MAX_FIELD_NAME, this.budget - 2));
    const value = truncate(nonBlank(plainToMarkdown(rawValue)), Math.min(DISCORD_MAX_FIELD_VALUE, this.budget - name.length));
    if (name.trim().length === 0 || value.trim().length === 0) {
      this.full = true;
      return;
    }
    (e.fields ??= []).push({ name, value, ...(inline ? { inline: true } : {}) });
    this.budget -= name.length + value.length;
  }

  /** finish drops empty continuation embeds and puts the footer and image on the last one. */
  finish(footer: string | undefined, imageName: string | undefined): APIEmbed[] {
    const kept = this.embeds.filter((e, i) => i === 0 || e.description || e.fields?.length);
    const last = kept[kept.length - 1];
    if (footer) last.footer = { text: footer };
    if (imageName) last.image = { url: `attachment://${imageName}` };
    if (!kept[0].title && !kept[0].description && !kept[0].fields?.length && kept.length === 1 && !footer && !imageName) {
      kept[0].description = '—';
    }
    return kept;
  }
}

/** imageFile turns the message image into an upload, or null when it is over Discord's file limit. */
function imageFile(image: MessageImage | undefined): { file: DiscordFile; description?: string } | null {
  if (!image || image.png.length === 0 || image.png.length > DISCORD_MAX_FILE_BYTES) return null;
  const cleaned = image.filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(-64);
  const name = /\.png$/i.test(cleaned) && cleaned.length > 4 ? cleaned : DEFAULT_IMAGE_NAME;
  const alt = image.alt ? nonBlank(truncate(neutralise(image.alt), DISCORD_MAX_ATTACHMENT_DESCRIPTION)) : undefined;
  return { file: { name, data: image.png, contentType: 'image/png' }, description: alt };
}

/**
 * renderMessage turns a RichMessage into a Discord message within every limit: embeds in block order
 * (text and lists in descriptions, fields as embed fields), the severity colour, the image attached as
 * `attachment://<name>`, all user text neutralised and escaped, and `allowed_mentions: {parse: []}`. With
 * `keepImage` and no image of its own (an edit), the embed points at the file the message already carries.
 */
export function renderMessage(msg: RichMessage, opts: { keepImage?: string } = {}): DiscordPayload {
  const title = msg.title.trim() ? truncate(plainToMarkdown(msg.title), DISCORD_MAX_EMBED_TITLE) : '';
  const footer = msg.footer?.trim() ? truncate(neutralise(msg.footer), DISCORD_MAX_EMBED_FOOTER) : undefined;
  const set = new EmbedSet(msg.severity ? SEVERITY_COLOUR[msg.severity] : undefined, title, footer?.length ?? 0);
  for (const block of msg.blocks) {
    if (block.type === 'text') set.addText(plainToMarkdown(block.text));
    else if (block.type === 'heading') set.addText(`**${plainToMarkdown(block.text)}**`);
    else if (block.type === 'list') set.addText(block.items.map((i) => `• ${plainToMarkdown(i)}`).join('\n'));
    else for (const f of block.fields) set.addField(f.name, f.value, f.inline ?? false);
  }
  const image = imageFile(msg.image);
  const embeds = set.finish(footer, image?.file.name ?? opts.keepImage);
  const body: DiscordMessageBody = { embeds, allowed_mentions: { parse: [] } };
  if (!image) return { body, files: [] };
  body.attachments = [{ id: 0, filename: image.file.name, ...(image.description ? { description: image.description } : {}) }];
  return { body, files: [image.file] };
}

/** renderLine turns a one-line command reply into message content, neutralised, escaped and capped. */
export function renderLine(text: string): DiscordPayload {
  const content = truncate(nonBlank(plainToMarkdown(text)), DISCORD_MAX_CONTENT);
  return { body: { content, embeds: [], allowed_mentions: { parse: [] } }, files: [] };
}
