/**
 * The one place that decides what may leak (grammY's toHttpError is the model): every log line, error
 * message and adapter error path goes through `scrub`. Token shapes (../shared/STYLE.md §8):
 * - TELEGRAM_TOKEN: `<bot id>:<secret>` (https://core.telegram.org/bots/api#authorizing-your-bot);
 * - DISCORD_TOKEN: three base64url parts joined by dots;
 * - BOT_PATH: `/bot<id>:<secret>` in a Bot API URL, including telegraf's own half-redacted form
 *   (`/bot123:[REDACTED]/`, node_modules/telegraf/lib/core/network/client.js). It needs the `<id>:`, so
 *   source paths such as `src/platforms/telegram/bot.ts` in a stack trace stay readable.
 */
const TELEGRAM_TOKEN = /\b\d{3,12}:[A-Za-z0-9_-]{20,}\b/g;
const DISCORD_TOKEN = /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g;
const BOT_PATH = /\/bot\d+:[^/\s?#"']*/g;
/** URL_PASSWORD: the password in a URL's user info (`redis://user:secret@host`), whatever the scheme. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)(?!\(hidden\)@)[^@\s/]+@/gi;
/** AUTH_COMMANDS carry a password in their arguments: ioredis puts the failed command on its errors (`HELLO 3 AUTH user pass`). */
const AUTH_COMMANDS = new Set(['auth', 'hello', 'migrate']);
const REDACTED = '[REDACTED]';
/** MIN_SECRET_LENGTH: shorter values are not removed by value (they would blank ordinary words). */
const MIN_SECRET_LENGTH = 8;

const known = new Set<string>();

/** registerSecret makes `scrub` remove this exact value wherever it appears (config tokens, API keys). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) known.add(value);
}

/**
 * scrub removes every known secret, the caller's own `token` (an adapter passes the one it holds, known
 * or not), and anything shaped like a bot token (including `/bot<token>/` in URLs).
 */
export function scrub(text: string, token?: string): string {
  let out = token && token.length >= MIN_SECRET_LENGTH ? text.split(token).join(REDACTED) : text;
  for (const s of known) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out.replace(BOT_PATH, `/bot${REDACTED}`).replace(TELEGRAM_TOKEN, REDACTED).replace(DISCORD_TOKEN, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** scrubError rewrites an error's message and stack (and its causes') in place, so no secret is left in them. */
export function scrubError(err: unknown, token?: string, depth = 0): void {
  if (!(err instanceof Error) || depth > 4) return;
  try {
    err.message = scrub(err.message, token);
    if (err.stack) err.stack = scrub(err.stack, token);
  } catch {
    // a frozen or getter-only message: nothing to rewrite
  }
  scrubError(err.cause, token, depth + 1);
}

/** scrubDeep returns a copy of a log object with every string scrubbed (errors become plain objects). */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const e: Record<string, unknown> = { type: value.name, message: scrub(value.message), stack: value.stack ? scrub(value.stack) : undefined };
    for (const [k, v] of Object.entries(value)) e[k] = scrubDeep(v, depth + 1);
    if (value.cause !== undefined) e.cause = scrubDeep(value.cause, depth + 1);
    return e;
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  const out: Record<string, unknown> = {};
  const authCommand = typeof (value as { name?: unknown }).name === 'string' && AUTH_COMMANDS.has(String((value as { name: string }).name).toLowerCase());
  for (const [k, v] of Object.entries(value)) {
    out[k] = /token|secret|password|authorization|api[-_]?key/i.test(k) || (authCommand && k === 'args') ? REDACTED : scrubDeep(v, depth + 1);
  }
  return out;
}
