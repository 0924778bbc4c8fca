/** MINUS is the typographic minus sign used for negative figures (U+2212). */
export const MINUS = '\u2212';

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(v: number, decimals: number): string {
  const s = Math.abs(v).toFixed(decimals);
  const [i, f] = s.split('.');
  return f === undefined ? group(i) : `${group(i)}.${f}`;
}

/** formatUsd writes a dollar amount compactly: $620.0M, $31.64M, $1.2B, $950K, $12. */
export function formatUsd(v: number): string {
  const sign = v < 0 ? MINUS : '';
  const a = Math.abs(v);
  if (a >= 1e9) return `${sign}$${fixed(a / 1e9, a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${sign}$${fixed(a / 1e6, a >= 1e8 ? 1 : 2)}M`;
  if (a >= 1e3) return `${sign}$${fixed(a / 1e3, 0)}K`;
  return `${sign}$${fixed(a, 0)}`;
}

/** formatPct writes a percent with an explicit sign: −5.3%, +1.2%. */
export function formatPct(v: number, decimals = 1): string {
  const r = Number(v.toFixed(decimals));
  const sign = r < 0 ? MINUS : r > 0 ? '+' : '';
  return `${sign}${fixed(r, decimals)}%`;
}

/** formatPrice writes a price for people: 84,580 · 2,781.40 · 0.1234. */
export function formatPrice(v: number): string {
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
  return `${Math.round(v * 100)}%`;
}

/** formatDuration writes a duration: 7 s, 12 min, 2 h 5 min, 1 d. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (h < 24 || rm !== 0) return rm === 0 ? `${h}h` : `${h} h ${rm} min`;
  return h % 24 === 0 ? `${h / 24}d` : `${h}h`;
}

/** formatUtc writes an epoch-ms time as "2026-01-29 14:05 UTC". */
export function formatUtc(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

/** MAX_DURATION_MS caps user-given durations (mutes, windows) at 30 days. */
export const MAX_DURATION_MS = 30 * 86_400_000;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** parseDuration reads "90s", "30m", "2h", "1d", "1w" (or "1h30m") into ms, or returns the reason it cannot. */
export function parseDuration(text: string): number | string {
  const t = text.trim().toLowerCase();
  if (t.length === 0 || t.length > 16) return `"${text.slice(0, 16)}" is not a duration like 30m, 2h or 1d`;
  const re = /(\d{1,4})(min|s|m|h|d|w)/y;
  let ms = 0;
  let at = 0;
  while (at < t.length) {
    re.lastIndex = at;
    const m = re.exec(t);
    if (!m) return `"${text.slice(0, 16)}" is not a duration like 30m, 2h or 1d`;
    ms += Number(m[1]) * UNIT_MS[m[2]];
    at = re.lastIndex;
  }
  if (ms <= 0) return 'A duration must be more than zero';
  if (ms > MAX_DURATION_MS) return `At most ${MAX_DURATION_MS / 86_400_000} days`;
  return ms;
}
