/** Token shapes: Telegram bot tokens and Discord bot tokens (see ../shared/STYLE.md §8). */
const TELEGRAM_TOKEN = /\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g;
const DISCORD_TOKEN = /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g;
const BOT_PATH = /\/bot\d+:[^/\s?#"']+/g;
const REDACTED = '[REDACTED]';

const known = new Set<string>();

/** registerSecret makes `scrub` remove this exact value wherever it appears (config tokens, API keys). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

/** scrub removes every known secret and anything shaped like a bot token (including `/bot<token>/` in URLs). */
export function scrub(text: string): string {
  let out = text;
  for (const s of known) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out.replace(BOT_PATH, `/bot${REDACTED}`).replace(TELEGRAM_TOKEN, REDACTED).replace(DISCORD_TOKEN, REDACTED);
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
  for (const [k, v] of Object.entries(value)) out[k] = /token|secret|password|authorization|api[-_]?key/i.test(k) ? REDACTED : scrubDeep(v, depth + 1);
  return out;
}
