import { Input, Telegram } from 'telegraf';
import type { Logger } from 'pino';
import type { RichMessage } from '../../chat/message.js';
import type { ChatPlatform, SendResult } from '../../chat/platform.js';
import { scrub } from '../../ops/secrets.js';
import { classifyTelegramError, isNotModified, isParseEntitiesError } from './errors.js';
import { renderTelegram, renderTelegramPhoto, type TelegramChunk } from './render.js';

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

  constructor(opts: TelegramPlatformOptions) {
    this.token = opts.token;
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.logger = opts.logger;
    this.telegram = new Telegram(opts.token, { apiRoot: opts.apiRoot ?? DEFAULT_API_ROOT, webhookReply: false });
  }

  /** send posts a message (split under 4,096 characters), or the photo with its caption and then the rest as text. */
  async send(chatId: string, msg: RichMessage): Promise<SendResult> {
    const ids: string[] = [];
    let chunks: TelegramChunk[];
    if (msg.image) {
      const parts = renderTelegramPhoto(msg);
      const photo = Input.fromBuffer(msg.image.png, safeFilename(msg.image.filename));
      ids.push(await this.withHtml('sendPhoto', chatId, parts.caption, 'caption', { photo }));
      chunks = parts.rest;
    } else {
      chunks = renderTelegram(msg);
    }
    for (const chunk of chunks) ids.push(await this.withHtml('sendMessage', chatId, chunk, 'text', { link_preview_options: { is_disabled: true } }));
    return { messageIds: ids };
  }

  /** edit replaces a message sent earlier: its text, or its caption when the message carries an image; "not modified" is success. */
  async edit(chatId: string, messageId: string, msg: RichMessage): Promise<void> {
    const [method, chunk, field] = msg.image
      ? (['editMessageCaption', renderTelegramPhoto(msg).caption, 'caption'] as const)
      : (['editMessageText', renderTelegram(msg)[0], 'text'] as const);
    try {
      await this.withHtml(method, chatId, chunk, field, { message_id: Number(messageId) });
    } catch (err) {
      if (isNotModified(err) || isNotModified((err as Error).cause)) return;
      throw err;
    }
  }

  /** withHtml sends one chunk as HTML; bad markup (a renderer bug) is logged and the chunk resent once as plain text. */
  private async withHtml(method: string, chatId: string, chunk: TelegramChunk, field: 'text' | 'caption', extra: Payload): Promise<string> {
    try {
      return await this.call(method, { chat_id: chatId, ...extra, [field]: chunk.html, parse_mode: 'HTML' });
    } catch (err) {
      if (!isParseEntitiesError(err)) throw classifyTelegramError(err, `Telegram ${method} to chat ${chatId}`, this.token);
      this.logger?.warn({ chatId, method, reason: scrub((err as Error).message, this.token) }, 'Telegram refused our HTML; resending as plain text');
    }
    try {
      return await this.call(method, { chat_id: chatId, ...extra, [field]: chunk.plain });
    } catch (err) {
      throw classifyTelegramError(err, `Telegram ${method} to chat ${chatId}`, this.token);
    }
  }

  /** call makes one Bot API call with a timeout and returns the message id it produced (if any). */
  private async call(method: string, payload: Payload): Promise<string> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const callApi = this.telegram.callApi.bind(this.telegram) as (m: string, p: Payload, o: { signal: AbortSignal }) => Promise<unknown>;
    const result = await callApi(method, payload, { signal });
    const id = typeof result === 'object' && result !== null ? (result as { message_id?: number }).message_id : undefined;
    return id === undefined ? '' : String(id);
  }
}
