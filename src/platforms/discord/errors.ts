import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { scrub } from '../../ops/secrets.js';
import { PlatformError } from '../../chat/errors.js';

/**
 * DISCORD_GONE_CODES are the JSON error codes that mean the bot can no longer post in the channel
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes):
 * 10003 Unknown Channel, 10004 Unknown Guild, 50001 Missing Access, 50013 Missing Permissions, and for a thread
 * 50083 archived (and locked) and 160005 locked.
 */
export const DISCORD_GONE_CODES: ReadonlySet<number> = new Set([10003, 10004, 50001, 50013, 50083, 160005]);
/**
 * DISCORD_THREAD_ARCHIVED (50083) "Tried to perform an operation on an archived thread": Discord refuses an edit in an
 * archived thread, and a post in one archived and locked (a post in an archived, unlocked thread reopens it,
 * https://discord.com/developers/docs/topics/threads). A post refused so is `gone` (the thread is closed to the bot,
 * like a removed channel); an edit refused so is `uneditable` (see DiscordPlatform.edit: the update is posted anew,
 * which reopens the thread).
 */
export const DISCORD_THREAD_ARCHIVED = 50083;
/** DISCORD_THREAD_LOCKED (160005) "Thread is locked": no one without Manage Threads may post there; `gone`. */
export const DISCORD_THREAD_LOCKED = 160005;
/** DISCORD_UNKNOWN_MESSAGE (10008): an edit target was deleted; the channel itself is fine, so not `gone` but `uneditable` (post anew). */
export const DISCORD_UNKNOWN_MESSAGE = 10008;
/** Fallback wait when a 429 arrives without a usable Retry-After (Discord always sends one). */
const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * classifyDiscordError turns whatever @discordjs/rest threw into a PlatformError: 429 → rate_limited with
 * the wait, kicked/deleted channel (403, 404, codes above) → gone, 5xx and network → retry, other 4xx → fatal.
 * `what` names the call ("send to channel 123"); the message never carries the token.
 */
export function classifyDiscordError(err: unknown, what: string, token?: string): PlatformError {
  const say = (kind: string, detail: string): string => scrub(`discord ${what}: ${kind}: ${detail}`, token);
  if (err instanceof PlatformError) return err;
  if (err instanceof RateLimitError) {
    const retryAfterMs = Number.isFinite(err.retryAfter) && err.retryAfter > 0 ? Math.ceil(err.retryAfter) : DEFAULT_RETRY_AFTER_MS;
    const scope = `${err.global ? 'global' : err.scope}`;
    return new PlatformError('rate_limited', say('rate limited', `${scope} limit, retry in ${retryAfterMs} ms`), { retryAfterMs, status: 429, cause: err });
  }
  if (err instanceof DiscordAPIError) return classifyApiError(err, say);
  if (err instanceof HTTPError) {
    return new PlatformError('retry', say('server error', `HTTP ${err.status} ${err.message}`), { status: err.status, cause: err });
  }
  const e = err as { name?: string; code?: string; message?: string } | null;
  const detail = [e?.name, e?.code, e?.message].filter(Boolean).join(' ') || String(err);
  return new PlatformError('retry', say('network error', detail), { cause: err });
}

/** isThreadArchived tells Discord's refusal of an operation on an archived thread (50083). */
export function isThreadArchived(err: unknown): boolean {
  return err instanceof DiscordAPIError && Number(err.code) === DISCORD_THREAD_ARCHIVED;
}

function classifyApiError(err: DiscordAPIError, say: (kind: string, detail: string) => string): PlatformError {
  const code = typeof err.code === 'number' ? err.code : Number(err.code);
  const detail = `HTTP ${err.status} code ${err.code}: ${err.message.split('\n')[0]}`;
  const opts = { status: err.status, cause: err };
  if (err.status === 429) return new PlatformError('rate_limited', say('rate limited', detail), { ...opts, retryAfterMs: DEFAULT_RETRY_AFTER_MS });
  if (err.status >= 500) return new PlatformError('retry', say('server error', detail), opts);
  if (code === DISCORD_UNKNOWN_MESSAGE) return new PlatformError('uneditable', say('message is gone', detail), opts);
  if (DISCORD_GONE_CODES.has(code) || err.status === 403 || err.status === 404) {
    return new PlatformError('gone', say('channel is gone or closed to the bot', detail), opts);
  }
  return new PlatformError('fatal', say('request refused', detail), opts);
}
