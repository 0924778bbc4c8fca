import { createHash } from 'node:crypto';
import { REST, Routes, type APIMessage, type RawFile } from 'discord.js';
import type { RichMessage } from '../../chat/message.js';
import type { ChatPlatform, SendResult } from '../../chat/platform.js';
import { PlatformError } from '../../chat/errors.js';
import { classifyDiscordError, isThreadArchived } from './errors.js';
import { DISCORD_MAX_NONCE } from './limits.js';
import { renderMessage, type DiscordPayload } from './render.js';

/** DISCORD_API_URL is the production REST base (@discordjs/rest appends `/v10`). */
export const DISCORD_API_URL = 'https://discord.com/api';
/** DELIVERY_REST_TIMEOUT_MS bounds one REST call; a hung request becomes a `retry` for the queue. */
export const DELIVERY_REST_TIMEOUT_MS = 15_000;

/** DiscordPlatformOptions configure the REST-only sender (no gateway is needed to post). */
export interface DiscordPlatformOptions {
  token: string;
  /** REST base without the version, e.g. `http://127.0.0.1:PORT/api` for a fake. */
  restUrl?: string;
  timeoutMs?: number;
}

/**
 * createDeliveryRest builds the @discordjs/rest client delivery uses. It must not hide failures from the
 * queue: every 429 (and every request its bucket tracking knows would be one) is thrown as RateLimitError
 * (`rejectOnRateLimit`), 5xx and resets are not retried (`retries: 0`), and `offset: 0` keeps the
 * reported wait equal to Discord's Retry-After (https://discord.js.org/docs/packages/rest/main/RESTOptions:Interface).
 */
export function createDeliveryRest(opts: DiscordPlatformOptions): REST {
  return new REST({
    api: opts.restUrl ?? DISCORD_API_URL,
    version: '10',
    rejectOnRateLimit: () => true,
    retries: 0,
    offset: 0,
    timeout: opts.timeoutMs ?? DELIVERY_REST_TIMEOUT_MS,
  }).setToken(opts.token);
}

/** digestOf fingerprints what a message shows (its JSON body and the bytes of its files). */
function digestOf(payload: DiscordPayload): string {
  const h = createHash('sha1').update(JSON.stringify(payload.body));
  for (const f of payload.files) h.update(f.data);
  return h.digest('base64url').slice(0, 16);
}

/** imageOf names the chart file the message carries after this call: the upload, or the file it keeps. */
function imageOf(payload: DiscordPayload, kept?: string): { image?: string } {
  const name = payload.files[0]?.name ?? kept;
  return name ? { image: name } : {};
}

function rawFiles(payload: DiscordPayload): RawFile[] {
  return payload.files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType }));
}

/**
 * DiscordPlatform is the ChatPlatform for Discord channels over REST: one embed message per send
 * (idempotent with `nonce` + `enforce_nonce`), edits in place, failures classified as PlatformError.
 */
export class DiscordPlatform implements ChatPlatform {
  readonly name = 'discord' as const;
  private readonly rest: REST;
  private readonly token: string;

  constructor(opts: DiscordPlatformOptions) {
    this.token = opts.token;
    this.rest = createDeliveryRest(opts);
  }

  /** send posts the rendered message; with a nonce Discord returns the first message instead of posting twice. */
  async send(chatId: string, msg: RichMessage, opts: { nonce?: string } = {}): Promise<SendResult> {
    const payload = renderMessage(msg);
    const nonce = opts.nonce?.slice(0, DISCORD_MAX_NONCE);
    const body = nonce ? { ...payload.body, nonce, enforce_nonce: true } : payload.body;
    try {
      const res = (await this.rest.post(Routes.channelMessages(chatId), { body, files: rawFiles(payload) })) as APIMessage;
      return { messageIds: [res.id], ...imageOf(payload), digests: [digestOf(payload)] };
    } catch (err) {
      throw classifyDiscordError(err, `send to channel ${chatId}`, this.token);
    }
  }

  /**
   * edit replaces the embeds of a message sent earlier. An update with a chart uploads it and lists only it in
   * `attachments` (the old file goes); an update without one keeps the file the message has and points the embed at
   * it again (`attachment://name`), so the chart stays in the embed instead of hanging loose under it. An update
   * identical to what the message shows costs no call; a deleted message (10008) is `uneditable`.
   */
  async edit(chatId: string, target: SendResult, msg: RichMessage): Promise<SendResult> {
    const payload = renderMessage(msg, { keepImage: target.image });
    const digest = digestOf(payload);
    const result = { messageIds: target.messageIds.slice(0, 1), ...imageOf(payload, target.image), digests: [digest] };
    if (payload.files.length === 0 && target.digests?.[0] === digest) return result;
    try {
      await this.rest.patch(Routes.channelMessage(chatId, target.messageIds[0]), { body: payload.body, files: rawFiles(payload) });
      return result;
    } catch (err) {
      const what = `edit of message ${target.messageIds[0]} in channel ${chatId}`;
      // An archived thread refuses edits; a new post reopens it (unless it is locked: then that post finds it gone).
      if (isThreadArchived(err)) throw new PlatformError('uneditable', `discord ${what}: the thread is archived`, { status: 400, cause: err });
      throw classifyDiscordError(err, what, this.token);
    }
  }

  /** cost: every send or edit is one REST call. */
  cost(): number {
    return 1;
  }

  /** close stops the REST client's sweep timers. */
  close(): void {
    this.rest.clearHashSweeper();
    this.rest.clearHandlerSweeper();
  }
}
