import { TelegramError } from 'telegraf';
import { PlatformError } from '../../chat/errors.js';
import { scrub, scrubError } from '../../ops/secrets.js';

/** DEFAULT_RETRY_AFTER_S is the wait when a 429 carries no retry_after (telegraf's polling loop uses 5 s too). */
const DEFAULT_RETRY_AFTER_S = 5;
/** NETWORK_CODES are socket-level failures worth retrying. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);
/**
 * GONE_400 are the 400 descriptions that mean the destination is gone for good (https://core.telegram.org/bots/api#making-requests):
 * the chat; a forum topic deleted or closed to the bot ("message thread not found", tdlib/telegram-bot-api#447 and #854;
 * "TOPIC_CLOSED", "TOPIC_DELETED"); a channel or group where the bot may no longer post ("not enough rights to send
 * text messages to the chat", TelegramBotAPI/errors json/bad-request-not-enough-rights-text.json).
 */
const GONE_400 = /chat not found|group chat was deactivated|user is deactivated|PEER_ID_INVALID|message thread not found|TOPIC_CLOSED|TOPIC_DELETED|not enough rights to send/i;

/**
 * UNEDITABLE_400 are the edit refusals that mean the message can no longer be edited, so a new one must be posted:
 * deleted or unknown, or older than the 48 h edit window (github.com/TelegramBotAPI/errors; tdlib/telegram-bot-api#400).
 */
const UNEDITABLE_400 = /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i;
/**
 * UNPAID_400 are the refusals of a paid broadcast for the bot's Stars: Telegram's exact Bot API text is unpublished
 * (../shared/reference/chat-platforms.md §1.1); BALANCE_TOO_LOW is the MTProto error for a Stars balance too low
 * (https://core.telegram.org/method/payments.sendStarsForm), the rest catch the plain-language forms.
 */
const UNPAID_400 = /BALANCE_TOO_LOW|not enough stars|insufficient|stars balance|paid broadcast/i;
/** WRONG_KIND_400 are the refusals of an edit of the wrong kind of message (text of a photo, caption of a text). */
const WRONG_KIND_400 = /there is no (text|caption) in the message to edit/i;

/** isWrongEditKind tells an edit sent with the wrong method for the message (editMessageText on a photo, or the reverse). */
export function isWrongEditKind(err: unknown): boolean {
  const e = err instanceof TelegramError ? err : (err as Error | undefined)?.cause;
  return e instanceof TelegramError && e.code === 400 && WRONG_KIND_400.test(e.description);
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
  if ((status === 400 || status === 402 || status === 403) && UNPAID_400.test(err.description)) return new PlatformError('unpaid', message, { status, cause: err });
  if (status === 403 || (status === 400 && GONE_400.test(err.description))) return new PlatformError('gone', message, { status, cause: err });
  if (status === 400 && UNEDITABLE_400.test(err.description)) return new PlatformError('uneditable', message, { status, cause: err });
  if (status >= 500) return new PlatformError('retry', message, { status, cause: err });
  return new PlatformError('fatal', message, { status, cause: err });
}

/**
 * classifyTelegramError turns whatever a Telegram call threw into a PlatformError: 429 → rate_limited
 * (retry_after), migrate_to_chat_id → migrated, 403 and "chat not found" → gone, an edit target deleted or too
 * old → uneditable, 5xx/network/timeout → retry, any other 4xx (or an unknown error) → fatal. The token is scrubbed from the error and its causes.
 */
export function classifyTelegramError(err: unknown, what: string, token: string): PlatformError {
  scrubError(err, token);
  if (err instanceof PlatformError) return err;
  if (err instanceof TelegramError) return classifyApiError(err, scrub(what, token));
  const e = err instanceof Error ? err : new Error(String(err));
  const message = scrub(`${what} failed: ${e.message}`, token);
  if (isNetworkError(e)) return new PlatformError('retry', message, { cause: e });
  return new PlatformError('fatal', message, { cause: e });
}
