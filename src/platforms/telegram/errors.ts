import { TelegramError } from 'telegraf';
import { PlatformError } from '../../chat/errors.js';

/** REDACTED replaces a bot token wherever it would appear. */
const REDACTED = '[REDACTED]';
/**
 * TOKEN_IN_PATH is `/bot<id>:<secret>` in a Bot API URL, including telegraf's own half-redacted form
 * (`/bot123:[REDACTED]/`, node_modules/telegraf/lib/core/network/client.js). It needs the `<id>:` so that
 * source paths such as `src/platforms/telegram/bot.ts` in a stack trace stay readable.
 */
const TOKEN_IN_PATH = /\/bot\d+:[^/\s"']*/g;
/** TOKEN_SHAPE is any bare bot token (https://core.telegram.org/bots/api#authorizing-your-bot). */
const TOKEN_SHAPE = /\b\d{3,12}:[A-Za-z0-9_-]{20,}\b/g;
/** DEFAULT_RETRY_AFTER_S is the wait when a 429 carries no retry_after (telegraf's polling loop uses 5 s too). */
const DEFAULT_RETRY_AFTER_S = 5;
/** NETWORK_CODES are socket-level failures worth retrying. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);
/** GONE_400 are the 400 descriptions that mean the chat is gone for good (https://core.telegram.org/bots/api#making-requests). */
const GONE_400 = /chat not found|group chat was deactivated|user is deactivated|PEER_ID_INVALID/i;

/** redactToken removes a bot token (and any `/bot<token>/` URL path) from a text. */
export function redactToken(text: string, token: string): string {
  const out = token ? text.split(token).join(REDACTED) : text;
  return out.replace(TOKEN_IN_PATH, `/bot${REDACTED}`).replace(TOKEN_SHAPE, REDACTED);
}

/** redactError rewrites an error's message and stack (and its causes') in place so the token is nowhere in them. */
export function redactError(err: unknown, token: string, depth = 0): void {
  if (!(err instanceof Error) || depth > 4) return;
  try {
    err.message = redactToken(err.message, token);
    if (err.stack) err.stack = redactToken(err.stack, token);
  } catch {
    // a frozen or getter-only message: nothing to rewrite
  }
  redactError(err.cause, token, depth + 1);
}

/** isParseEntitiesError tells the one 400 the renderer must never cause: bad HTML. */
export function isParseEntitiesError(err: unknown): boolean {
  return err instanceof TelegramError && err.code === 400 && /can't parse entities/i.test(err.description);
}

/** isNotModified tells an edit that changed nothing (the same content again): success for Cascade. */
export function isNotModified(err: unknown): boolean {
  return err instanceof TelegramError && err.code === 400 && /message is not modified/i.test(err.description);
}

function isNetworkError(err: Error & { code?: unknown; type?: unknown }): boolean {
  return err.name === 'FetchError' || err.name === 'AbortError' || err.name === 'TimeoutError' || (typeof err.code === 'string' && NETWORK_CODES.has(err.code));
}

function classifyApiError(err: TelegramError, what: string): PlatformError {
  const status = err.code;
  const params = err.parameters;
  const message = `${what} failed: ${err.message}`;
  if (status === 429) {
    const retryAfterMs = (params?.retry_after ?? DEFAULT_RETRY_AFTER_S) * 1000;
    return new PlatformError('rate_limited', message, { status, retryAfterMs, cause: err });
  }
  if (params?.migrate_to_chat_id !== undefined) {
    return new PlatformError('migrated', message, { status, migrateTo: String(params.migrate_to_chat_id), cause: err });
  }
  if (status === 403 || (status === 400 && GONE_400.test(err.description))) return new PlatformError('gone', message, { status, cause: err });
  if (status >= 500) return new PlatformError('retry', message, { status, cause: err });
  return new PlatformError('fatal', message, { status, cause: err });
}

/**
 * classifyTelegramError turns whatever a Telegram call threw into a PlatformError: 429 → rate_limited
 * (retry_after), migrate_to_chat_id → migrated, 403 and "chat not found" → gone, 5xx/network/timeout →
 * retry, any other 4xx (or an unknown error) → fatal. The token is scrubbed from the error and its causes.
 */
export function classifyTelegramError(err: unknown, what: string, token: string): PlatformError {
  redactError(err, token);
  if (err instanceof PlatformError) return err;
  if (err instanceof TelegramError) return classifyApiError(err, redactToken(what, token));
  const e = err instanceof Error ? err : new Error(String(err));
  const message = redactToken(`${what} failed: ${e.message}`, token);
  if (isNetworkError(e)) return new PlatformError('retry', message, { cause: e });
  return new PlatformError('fatal', message, { cause: e });
}
