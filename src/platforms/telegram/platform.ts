import { createHash } from 'node:crypto';
import { Input, Telegram } from 'telegraf';
import type { Logger } from 'pino';
import type { RichMessage } from '../../chat/message.js';
import type { ChatPlatform, SendResult } from '../../chat/platform.js';
import { parseDestination } from '../../chat/chat-key.js';
import { scrub } from '../../ops/secrets.js';
import { classifyTelegramError, isNotModified, isParseEntitiesError, isWrongEditKind } from './errors.js';
import { layout, planEdit, type EditStep, type Part } from './parts.js';
import { patiently, withPartial } from './patience.js';
import type { TelegramChunk } from './render.js';

/** DEFAULT_API_ROOT is the public Bot API (https://core.telegram.org/bots/api#making-requests). */
export const DEFAULT_API_ROOT = 'https://api.telegram.org';
/**
 * DEFAULT_REQUEST_TIMEOUT_MS bounds one Bot API call; telegraf's own client waits 500 s
 * (node_modules/telegraf/lib/core/network/client.js). Kept under the delivery worker's 15 s job lock
 * (src/delivery/worker.ts) so a hung call fails as `retry` instead of stalling the job.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** TelegramPlatformOptions configure the adapter: the token, the API root (a fake in tests), a call timeout, a logger. */
export interface TelegramPlatformOptions {
  token: string;
  apiRoot?: string;
  requestTimeoutMs?: number;
  logger?: Pick<Logger, 'warn'>;
}

type Payload = Record<string, unknown>;
/** NO_PREVIEW keeps Telegram from expanding a link in an alert into a preview card. */
const NO_PREVIEW: Payload = { link_preview_options: { is_disabled: true } };

/**
 * postTo is where a new message goes: the chat, and in a forum topic its message_thread_id
 * (https://core.telegram.org/bots/api#sendmessage); an edit names the message, so it needs the chat alone.
 */
function postTo(chatId: string): Payload {
  const d = parseDestination(chatId);
  return d.threadId === undefined ? { chat_id: d.chatId } : { chat_id: d.chatId, message_thread_id: d.threadId };
}

function editIn(chatId: string): Payload {
  return { chat_id: parseDestination(chatId).chatId };
}

/**
 * A chart is uploaded once per process and then sent by the file_id Telegram gave it (file_ids are valid for the bot in
 * every chat: https://core.telegram.org/bots/api#sending-files): a cascade to 10,000 groups uploads one PNG, not 10,000.
 * PHOTO_IDS_KEPT bounds the charts remembered (a few a day).
 */
const PHOTO_IDS_KEPT = 64;

/** photoKey names a chart by its bytes. */
function photoKey(png: Buffer): string {
  return createHash('sha1').update(png).digest('hex');
}

/** fileIdOf is the largest size's file_id of the photo a send or edit produced. */
function fileIdOf(result: unknown): string | undefined {
  const photo = (result as { photo?: Array<{ file_id?: string }> } | null)?.photo;
  return Array.isArray(photo) && photo.length > 0 ? photo[photo.length - 1].file_id : undefined;
}

/** isWrongFileId: Telegram no longer knows a file_id ("wrong file identifier/HTTP URL specified", "wrong remote file identifier specified"). */
function isWrongFileId(err: unknown): boolean {
  return /wrong (remote )?file identifier/i.test(err instanceof Error ? err.message : String(err));
}

/** safeFilename keeps a filename from breaking telegraf's multipart header, which it writes unescaped. */
function safeFilename(name: string): string {
  return name.replace(/["\\\r\n]/g, '_') || 'chart.png';
}

/**
 * TelegramPlatform is the Telegram side of the ChatPlatform port: RichMessage → HTML messages (or a photo
 * with its caption, then text), edits in place, every failure classified as a PlatformError.
 */
export class TelegramPlatform implements ChatPlatform {
  readonly name = 'telegram' as const;
  readonly telegram: Telegram;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly logger?: Pick<Logger, 'warn'>;
  /** Charts uploaded by this process: photoKey → file_id. */
  private readonly photoIds = new Map<string, string>();

  constructor(opts: TelegramPlatformOptions) {
    this.token = opts.token;
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.logger = opts.logger;
    this.telegram = new Telegram(opts.token, { apiRoot: opts.apiRoot ?? DEFAULT_API_ROOT, webhookReply: false });
  }

  /**
   * send posts a message (split under 4,096 characters), or the photo with its caption and then the rest as text;
   * `paid` sends every part as a paid broadcast (`allow_paid_broadcast`, Bot API 7.11; @telegraf/types 7.1 does not
   * know the field, telegraf passes it on: ../shared/reference/chat-platforms.md §1.1).
   */
  async send(chatId: string, msg: RichMessage, opts: { paid?: boolean } = {}): Promise<SendResult> {
    const parts = layout(msg, !!msg.image);
    const image = msg.image ? { image: safeFilename(msg.image.filename) } : {};
    const paid: Payload = opts.paid ? { allow_paid_broadcast: true } : {};
    const ids: string[] = [];
    for (const p of parts) {
      const post = p.field === 'caption'
        ? () => this.sendPhoto(chatId, p.chunk, msg.image!, paid)
        : () => this.withHtml('sendMessage', chatId, postTo(chatId), p.chunk, 'text', { ...NO_PREVIEW, ...paid });
      try {
        ids.push(ids.length === 0 ? await post() : await patiently(post));
      } catch (err) {
        throw withPartial(err, { messageIds: ids, ...image, digests: parts.slice(0, ids.length).map((x) => x.digest) });
      }
    }
    return { messageIds: ids, ...image, digests: parts.map((p) => p.digest) };
  }

  /**
   * edit updates what an earlier send produced (see planEdit): a photo by its caption (or editMessageMedia when the
   * update brings a chart), text by editMessageText, only the parts that changed; "not modified" is success.
   * A record from before fingerprints (no `digests`) may not say whether it starts with a photo: a refusal naming
   * the wrong kind of message switches the layout once.
   */
  async edit(chatId: string, target: SendResult, msg: RichMessage): Promise<SendResult> {
    const asPhoto = target.image !== undefined;
    try {
      return await this.applyEdit(chatId, target, msg, asPhoto);
    } catch (err) {
      if (target.digests !== undefined || !isWrongEditKind(err)) throw err;
      return this.applyEdit(chatId, target, msg, !asPhoto);
    }
  }

  /**
   * sendPhoto posts the chart with its caption: by the file_id of this chart's first upload when there was one (a
   * file_id Telegram no longer knows is forgotten and the chart uploaded again), else as an upload whose file_id is kept.
   */
  private async sendPhoto(chatId: string, chunk: TelegramChunk, image: NonNullable<RichMessage['image']>, paid: Payload): Promise<string> {
    const key = photoKey(image.png);
    const known = this.photoIds.get(key);
    const learn = (result: unknown) => {
      const id = fileIdOf(result);
      if (!id || this.photoIds.has(key)) return;
      this.photoIds.set(key, id);
      if (this.photoIds.size > PHOTO_IDS_KEPT) this.photoIds.delete(this.photoIds.keys().next().value!);
    };
    const upload = () => this.withHtml('sendPhoto', chatId, postTo(chatId), chunk, 'caption', { photo: Input.fromBuffer(image.png, safeFilename(image.filename)), ...paid }, learn);
    if (known === undefined) return upload();
    try {
      return await this.withHtml('sendPhoto', chatId, postTo(chatId), chunk, 'caption', { photo: known, ...paid });
    } catch (err) {
      if (!isWrongFileId(err)) throw err;
      this.photoIds.delete(key);
      return upload();
    }
  }

  /** cost counts the Bot API calls a send (or, given the target, an edit) of `msg` makes: what pacing must count. */
  cost(msg: RichMessage, target?: SendResult): number {
    return target ? Math.max(1, planEdit(target, msg, target.image !== undefined).length) : layout(msg, !!msg.image).length;
  }

  private async applyEdit(chatId: string, target: SendResult, msg: RichMessage, asPhoto: boolean): Promise<SendResult> {
    const ids = [...target.messageIds];
    const digests = layout(msg, asPhoto).map((p) => p.digest);
    const image = asPhoto ? { image: target.image ?? 'chart.png' } : {};
    let done = 0;
    try {
      for (const step of planEdit(target, msg, asPhoto)) {
        const call = () => this.editStep(chatId, step, msg, ids);
        await (done++ === 0 ? call() : patiently(call));
      }
    } catch (err) {
      // Parts already posted stay recorded; without fingerprints the next update re-checks every part.
      throw done > 1 ? withPartial(err, { messageIds: ids, ...image }) : err;
    }
    return { messageIds: ids, ...image, digests };
  }

  private async editStep(chatId: string, step: EditStep, msg: RichMessage, ids: string[]): Promise<void> {
    if (step.op === 'delete') {
      await this.call('deleteMessage', { ...editIn(chatId), message_id: Number(step.messageId) }).catch(() => undefined);
      ids.splice(ids.indexOf(step.messageId), 1);
    } else if (step.op === 'send') ids.push(await this.withHtml('sendMessage', chatId, postTo(chatId), step.part.chunk, 'text', NO_PREVIEW));
    else await this.editPart(chatId, step, msg);
  }

  private async editPart(chatId: string, step: Extract<EditStep, { messageId: string; part: unknown }>, msg: RichMessage): Promise<void> {
    const at = { message_id: Number(step.messageId) };
    try {
      if (step.op === 'text') await this.withHtml('editMessageText', chatId, editIn(chatId), step.part.chunk, 'text', { ...at, ...NO_PREVIEW });
      else if (step.op === 'caption') await this.withHtml('editMessageCaption', chatId, editIn(chatId), step.part.chunk, 'caption', at);
      else await this.editMedia(chatId, at, step.part, msg);
    } catch (err) {
      if (isNotModified(err) || isNotModified((err as Error).cause)) return;
      throw err;
    }
  }

  /** editMedia replaces a photo and its caption (https://core.telegram.org/bots/api#editmessagemedia). */
  private async editMedia(chatId: string, at: { message_id: number }, p: Part, msg: RichMessage): Promise<void> {
    const media = { type: 'photo', media: Input.fromBuffer(msg.image!.png, safeFilename(msg.image!.filename)), caption: p.chunk.html, parse_mode: 'HTML' };
    try {
      await this.call('editMessageMedia', { ...editIn(chatId), ...at, media });
    } catch (err) {
      throw classifyTelegramError(err, `Telegram editMessageMedia in chat ${chatId}`, this.token);
    }
  }

  /** withHtml sends one chunk as HTML; bad markup (a renderer bug) is logged and the chunk resent once as plain text. */
  private async withHtml(method: string, chatId: string, where: Payload, chunk: TelegramChunk, field: 'text' | 'caption', extra: Payload, seen?: (result: unknown) => void): Promise<string> {
    try {
      return await this.call(method, { ...where, ...extra, [field]: chunk.html, parse_mode: 'HTML' }, seen);
    } catch (err) {
      if (!isParseEntitiesError(err)) throw classifyTelegramError(err, `Telegram ${method} to chat ${chatId}`, this.token);
      this.logger?.warn({ chatId, method, reason: scrub((err as Error).message, this.token) }, 'Telegram refused our HTML; resending as plain text');
    }
    try {
      return await this.call(method, { ...where, ...extra, [field]: chunk.plain }, seen);
    } catch (err) {
      throw classifyTelegramError(err, `Telegram ${method} to chat ${chatId}`, this.token);
    }
  }

  /** call makes one Bot API call with a timeout and returns the message id it produced (if any); `seen` gets the whole answer. */
  private async call(method: string, payload: Payload, seen?: (result: unknown) => void): Promise<string> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const callApi = this.telegram.callApi.bind(this.telegram) as (m: string, p: Payload, o: { signal: AbortSignal }) => Promise<unknown>;
    const result = await callApi(method, payload, { signal });
    seen?.(result);
    const id = typeof result === 'object' && result !== null ? (result as { message_id?: number }).message_id : undefined;
    return id === undefined ? '' : String(id);
  }
}
