/**
 * Numbers, times and durations written for people. Pure and locale-free: the digits, separators and
 * signs are spelled out here, never taken from the machine's locale (`toLocaleString` would print
 * "84.580" on a German host).
 */

/** MINUS is the typographic minus sign used for negative figures (U+2212). */
export const MINUS = '\u2212';

/** NOT_A_NUMBER is what a formatter writes for NaN or ±Infinity instead of "NaN". */
export const NOT_A_NUMBER = '—';

/** group puts a comma between each three digits of a run of digits: "1234567" → "1,234,567". */
function group(intPart: string): string {
  const n = intPart.length;
  if (n <= 3) return intPart; // most prices and every level below 1,000: nothing to do (this runs for every alert)
  if (intPart.includes('e')) return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ','); // 1e+21 and up, as toFixed writes them
  let out = intPart.slice(0, n % 3 || 3);
  for (let i = n % 3 || 3; i < n; i += 3) out += ',' + intPart.slice(i, i + 3);
  return out;
}

function fixed(v: number, decimals: number): string {
  const s = Math.abs(v).toFixed(decimals);
  const dot = s.indexOf('.');
  return dot < 0 ? group(s) : `${group(s.slice(0, dot))}${s.slice(dot)}`;
}

const USD_UNITS: ReadonlyArray<{ at: number; suffix: string; decimals: (scaled: number) => number }> = [
  { at: 1, suffix: '', decimals: () => 0 },
  { at: 1e3, suffix: 'K', decimals: () => 0 },
  { at: 1e6, suffix: 'M', decimals: (x) => (x >= 100 ? 1 : 2) },
  { at: 1e9, suffix: 'B', decimals: (x) => (x >= 10 ? 1 : 2) },
];

function usdIn(a: number, u: number): string {
  const { at, suffix, decimals } = USD_UNITS[u];
  const text = fixed(a / at, decimals(a / at));
  return (suffix === 'B' ? trimOneZero(text) : text) + suffix;
}

/**
 * formatUsd writes a dollar amount compactly: $620.0M, $31.64M, $1.2B, $950K, $12. Millions keep two
 * decimals below $100M (the desk's "$31.64 million"); billions drop a trailing zero ($1.2B, $1.25B);
 * a figure that rounds up to the next unit moves to it ($999.96M → $1.0B).
 */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  const a = Math.abs(v);
  let u = USD_UNITS.length - 1;
  while (u > 0 && a < USD_UNITS[u].at) u--;
  let text = usdIn(a, u);
  if (u < USD_UNITS.length - 1 && Number.parseFloat(text.replace(/,/g, '')) >= 1000) text = usdIn(a, ++u);
  return `${v < 0 && /[1-9]/.test(text) ? MINUS : ''}$${text}`;
}

/** "1.20" → "1.2", "2.00" → "2.0": one trailing zero goes, one decimal stays. */
function trimOneZero(text: string): string {
  return /\.\d0$/.test(text) ? text.slice(0, -1) : text;
}

/** formatPct writes a percent with an explicit sign: −5.3%, +1.2%, 0.0% (`decimals` places, default 1). */
export function formatPct(v: number, decimals = 1): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  const r = Number(v.toFixed(decimals));
  const sign = r < 0 ? MINUS : r > 0 ? '+' : '';
  return `${sign}${fixed(r, decimals)}%`;
}

/** formatNumber writes a number with comma grouping, `decimals` places and U+2212 for negatives: −1,234.5. */
export function formatNumber(v: number, decimals = 0): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  const text = fixed(v, decimals);
  return v < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

/**
 * formatPrice writes a price for people: 84,580 · 2,781.40 · 0.1234. From 10,000 up, whole units;
 * from 1, two decimals (none for a whole number such as a level); below 1, four significant digits.
 */
export function formatPrice(v: number): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  const a = Math.abs(v);
  const sign = v < 0 ? MINUS : '';
  if (a >= 10_000 || (a >= 1 && Number.isInteger(a))) return sign + fixed(a, 0);
  if (a >= 1) return sign + fixed(a, 2);
  if (a === 0) return '0';
  const digits = Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(a))));
  return sign + a.toFixed(digits);
}

/** formatShare writes a 0..1 share as a whole percent: 0.921 → 92%. */
export function formatShare(v: number): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  return `${Math.round(v * 100)}%`;
}

/**
 * formatDuration writes a duration: 7 s, 12 min, 2 h 5 min; a whole number of hours or days in the
 * compact form people type in commands (1h, 4h, 1d, 30d).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (rm !== 0) return `${h} h ${rm} min`;
  return h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** formatUtc writes an epoch-ms time as "2026-01-29 14:05 UTC". */
export function formatUtc(ts: number): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  const d = new Date(ts);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${formatUtcClock(ts)} UTC`;
}

/** formatUtcClock writes the UTC time of day of an epoch-ms time: "14:05". */
export function formatUtcClock(ts: number): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  const d = new Date(ts);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** MAX_DURATION_MS caps user-given durations (mutes, windows) at 30 days. */
export const MAX_DURATION_MS = 30 * 86_400_000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** DURATION_ECHO is how much of a bad duration a reply quotes back ("1d12h30m15s" is 11 characters). */
export const DURATION_ECHO = 16;

/** DurationProblem is why a text is not a duration: junk, zero, or more than MAX_DURATION_MS (the reply is the caller's, in the chat's language). */
export type DurationProblem = 'junk' | 'zero' | 'tooLong';

/**
 * parseDuration reads "90s", "30m", "2h", "1d", "1w" (or "1h30m") into ms, or returns why it cannot:
 * junk, zero, or more than MAX_DURATION_MS (`/mute 99y`, `/mute 9999d`).
 */
export function parseDuration(text: string): number | DurationProblem {
  const t = text.trim().toLowerCase();
  if (t.length === 0 || t.length > DURATION_ECHO) return 'junk';
  const re = /(\d{1,6})(min|s|m|h|d|w)/y;
  let ms = 0;
  while (re.lastIndex < t.length) {
    const m = re.exec(t);
    if (!m) return 'junk';
    ms += Number(m[1]) * UNIT_MS[m[2]];
  }
  if (ms <= 0) return 'zero';
  if (ms > MAX_DURATION_MS) return 'tooLong';
  return ms;
}
