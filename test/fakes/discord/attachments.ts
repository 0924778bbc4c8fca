import { snowflake } from './fixtures.js';
import type { ParsedBody } from './http.js';
import type { RecordedAttachment, RecordedMessage } from './state.js';
import type { FormIssue } from './validate.js';

/** ATTACHMENT_SCHEME: an embed refers to an upload of the same message as attachment://filename (https://discord.com/developers/docs/reference#uploading-files). */
export const ATTACHMENT_SCHEME = 'attachment://';
/** CDN is where the fake says attachments live (an .invalid host: nothing is ever fetched from it). */
const CDN = 'https://cdn.discordapp.invalid/attachments';

/** cdnUrl is the attachment's URL, the form Discord puts in place of attachment:// in a stored embed. */
export function cdnUrl(channelId: string, a: Pick<RecordedAttachment, 'id' | 'filename'>): string {
  return `${CDN}/${channelId}/${a.id}/${a.filename}`;
}

/** uploadsOf pairs each `files[n]` part with its `attachments[{id: n}]` entry (filename, description), keyed by n. */
function uploadsOf(body: ParsedBody, refs: any[]): Map<string, RecordedAttachment> {
  const out = new Map<string, RecordedAttachment>();
  for (const f of body.files) {
    const ref = refs.find((r) => String(r?.id) === String(f.index));
    out.set(String(f.index), {
      id: snowflake(), filename: ref?.filename ?? f.name, size: f.bytes.length, contentType: f.contentType,
      ...(ref?.description ? { description: ref.description } : {}), bytes: f.bytes,
    });
  }
  return out;
}

/**
 * attachmentsAfter is the list of attachments a message has after a create or an edit (API v10):
 * - create: every uploaded file, named and described by its `attachments` entry;
 * - edit without `attachments`: the existing ones are kept and uploads are added ("When this builder is not supplied in
 *   a message edit, Discord keeps the attachments intact", serenity EditAttachments; discord.js MessageEditOptions:
 *   "All attachments will be kept if omitted");
 * - edit with `attachments`: exactly the listed ones, existing (by id) and new (by files[n] index) — "Starting with API v10,
 *   the attachments array must contain all attachments that should be present after edit, including retained and new
 *   attachments provided in the request body" (RESTPatchAPIChannelMessageJSONBody, discord-api-types).
 * An entry naming neither an existing attachment nor an upload is a form error (its exact code is unconfirmed).
 */
export function attachmentsAfter(current: RecordedAttachment[] | null, body: ParsedBody): { list: RecordedAttachment[]; issues: FormIssue[] } {
  const given = body.json.attachments;
  const refs: any[] = Array.isArray(given) ? given : [];
  const uploads = uploadsOf(body, refs);
  if (current === null) return { list: [...uploads.values()], issues: [] };
  if (given === undefined) return { list: [...current, ...uploads.values()], issues: [] };
  const list: RecordedAttachment[] = [];
  const issues: FormIssue[] = [];
  refs.forEach((r, i) => {
    const id = String(r?.id);
    const kept = current.find((a) => a.id === id);
    const added = kept ? undefined : uploads.get(id);
    if (kept) list.push({ ...kept, ...(typeof r.description === 'string' ? { description: r.description } : {}) });
    else if (added) list.push(added);
    else issues.push({ path: ['attachments', i, 'id'], code: 'ATTACHMENT_NOT_FOUND', message: `Unknown attachment ${id}` });
  });
  return { list, issues };
}

/**
 * resolveEmbeds stores embeds the way Discord does: an image or thumbnail `attachment://name` becomes the URL of the
 * message's attachment of that name, which the embed then shows (and which is no longer shown as a loose file); a
 * reference to a file the message does not have is dropped — nothing is shown (discordjs/discord.js#5415: an edit
 * naming attachment:// without the file shows no image). Other URLs are kept as given.
 */
export function resolveEmbeds(embeds: any[], attachments: RecordedAttachment[], channelId: string): { shown: any[]; claimed: string[]; dropped: number } {
  const claimed: string[] = [];
  let dropped = 0;
  const shown = embeds.map((e) => {
    const out = { ...e };
    for (const key of ['image', 'thumbnail'] as const) {
      const url = e?.[key]?.url;
      if (typeof url !== 'string' || !url.startsWith(ATTACHMENT_SCHEME)) continue;
      const a = attachments.find((x) => x.filename === url.slice(ATTACHMENT_SCHEME.length));
      if (!a) {
        delete out[key];
        dropped += 1;
        continue;
      }
      claimed.push(a.id);
      out[key] = { url: cdnUrl(channelId, a), proxy_url: cdnUrl(channelId, a).replace('cdn.', 'media.'), content_type: a.contentType };
    }
    return out;
  });
  return { shown, claimed, dropped };
}

/** ShownImage is what an embed image shows: an attachment of the message, an outside URL, or a link to a removed attachment. */
export type ShownImage = { filename: string; bytes: Buffer } | { url: string } | { broken: true; url: string };

/** MessageView is what a reader of the channel sees: content, embeds with their images, and files shown outside any embed. */
export interface MessageView {
  content: string;
  embeds: Array<Record<string, unknown> & { image?: ShownImage; thumbnail?: ShownImage }>;
  files: Array<{ filename: string; bytes: Buffer }>;
  edits: number;
}

function shownImage(m: RecordedMessage, url: string): ShownImage {
  const a = m.attachments.find((x) => url === cdnUrl(m.channelId, x));
  if (a) return { filename: a.filename, bytes: a.bytes };
  return url.startsWith(CDN) ? { broken: true, url } : { url };
}

/**
 * viewOf renders a stored message for a test: each embed's image resolved to the attachment bytes it shows; the
 * attachments no embed claimed through attachment:// are loose files shown under the message (as Discord shows an
 * upload an edit left behind: discord/discord-api-docs#5675, Javacord/Javacord#1037).
 */
export function viewOf(m: RecordedMessage): MessageView {
  const embeds = m.shownEmbeds.map((e) => {
    const out: MessageView['embeds'][number] = { ...e };
    for (const key of ['image', 'thumbnail'] as const) if (typeof e?.[key]?.url === 'string') out[key] = shownImage(m, e[key].url);
    return out;
  });
  const files = m.attachments.filter((a) => !m.claimed.includes(a.id)).map((a) => ({ filename: a.filename, bytes: a.bytes }));
  return { content: m.content, embeds, files, edits: m.edits };
}
