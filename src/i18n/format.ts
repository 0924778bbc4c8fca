/**
 * Numbers, money, durations and times written for one locale. English is exactly what src/render/format.ts
 * writes today ($614.4M, $85,000, 1h, "2026-01-29 13:25 UTC"); Chinese writes amounts the way a Chinese desk
 * does, in 亿/万 with the currency after the number (6.14 亿美元, 3,164 万美元, 85,000 美元), hours for
 * windows (1 小时, 24 小时). Percentages, shares and counts read the same in both.
 */

import { formatDuration, formatNumber, formatPct, formatPrice, formatShare, formatUsd, MINUS, NOT_A_NUMBER } from '../render/format.js';
import type { Lang, Locale } from './locale.js';
import { clock, clockZone, date, dateTimeZone, zoneLabel } from './time.js';

/** Fmt is every formatter a text needs, bound to one locale. */
export interface Fmt {
  readonly locale: Locale;
  /** A USD amount, compact: "$31.64M" / "3,164 万美元". */
  usd(v: number): string;
  /** A USD range, compact and sharing the unit where it can: "$575.0M–665.0M" / "5.75–6.65 亿美元" (one figure when both read the same). */
  usdRange(lo: number, hi: number): string;
  /** A price with its currency: "$85,000" / "85,000 美元". */
  price(v: number): string;
  /** A price range with its currency: "$84,307–$84,339" / "84,307–84,339 美元" (one price when both read the same). */
  priceRange(lo: number, hi: number): string;
  /** A price without currency, for lists and arrows: "85,000". */
  priceBare(v: number): string;
  /** A signed percent: "−5.2%", "+1.2%" (`decimals` places, default 1). */
  pct(v: number, decimals?: number): string;
  /** A percent without its sign: "5.2%". */
  pctAbs(v: number, decimals?: number): string;
  /** A 0..1 share as a whole percent: "96%". */
  share(v: number): string;
  /** A count with grouping: "178,815". */
  count(n: number): string;
  /** A plain number with grouping and `decimals` places. */
  number(v: number, decimals?: number): string;
  /** A duration: "1h", "1d", "12 min" / "1 小时", "24 小时", "12 分钟". */
  duration(ms: number): string;
  /** Time of day in the chat's zone, no zone: "21:25". */
  clock(ts: number): string;
  /** Time of day with the zone: "21:25 UTC+8". */
  time(ts: number): string;
  /** Date, time and zone: "2026-01-29 21:25 UTC+8" ("2026-01-29 13:25 UTC" on UTC). */
  dateTime(ts: number): string;
  /** The calendar date in the chat's zone: "2026-01-29". */
  date(ts: number): string;
  /** The zone's name at `ts`: "UTC", "UTC+8". */
  zone(ts: number): string;
}

const YI = 1e8;
const WAN = 1e4;

function grouped(v: number, decimals: number): string {
  return formatNumber(Math.abs(v), decimals);
}

/** zhAmount splits a non-negative USD amount into its number and unit ("6.14", "亿"), moving up a unit when rounding reaches it. */
function zhAmount(a: number): { num: string; unit: '亿' | '万' | '' } {
  if (a >= YI || Math.round(a / WAN) >= WAN) {
    const n = a / YI;
    return { num: grouped(n, n >= 100 ? 1 : 2), unit: '亿' };
  }
  if (a >= WAN || Math.round(a) >= WAN) {
    const n = a / WAN;
    return { num: n < 100 && Number(n.toFixed(1)) < 100 ? grouped(n, 1).replace(/\.0$/, '') : grouped(n, 0), unit: '万' };
  }
  return { num: grouped(a, 0), unit: '' };
}

function signOf(v: number, text: string): string {
  return v < 0 && /[1-9]/.test(text) ? MINUS : '';
}

/** zhUsd writes a USD amount the Chinese way: 6.14 亿美元, 3,164 万美元, 9.5 万美元, 950 美元. */
export function zhUsd(v: number): string {
  if (!Number.isFinite(v)) return NOT_A_NUMBER;
  const { num, unit } = zhAmount(Math.abs(v));
  return `${signOf(v, num)}${num} ${unit}美元`;
}

function zhUsdRange(lo: number, hi: number): string {
  const a = zhAmount(Math.abs(lo));
  const b = zhAmount(Math.abs(hi));
  if (a.unit === b.unit && a.num === b.num) return zhUsd(lo);
  if (a.unit === b.unit) return `${a.num}–${b.num} ${a.unit}美元`;
  return `${a.num} ${a.unit}–${b.num} ${b.unit}美元`;
}

function enUsdRange(lo: number, hi: number): string {
  const a = formatUsd(lo).slice(1);
  const b = formatUsd(hi).slice(1);
  return a === b ? `$${a}` : `$${a}–${b}`;
}

/** zhDuration writes a duration in Chinese: 30 秒, 12 分钟, 2 小时 5 分钟, 1 小时, 24 小时, 7 天. */
export function zhDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} 秒`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (rm !== 0) return `${h} 小时 ${rm} 分钟`;
  return h > 24 && h % 24 === 0 ? `${h / 24} 天` : `${h} 小时`;
}

function enPriceRange(lo: number, hi: number): string {
  const [a, b] = [formatPrice(lo), formatPrice(hi)];
  return a === b ? `$${a}` : `$${a}–$${b}`;
}

function zhPriceRange(lo: number, hi: number): string {
  const [a, b] = [formatPrice(lo), formatPrice(hi)];
  return a === b ? `${a} 美元` : `${a}–${b} 美元`;
}

const BY_LANG: Record<Lang, Pick<Fmt, 'usd' | 'usdRange' | 'price' | 'priceRange' | 'duration'>> = {
  en: {
    usd: formatUsd,
    usdRange: enUsdRange,
    price: (v) => `$${formatPrice(v)}`,
    priceRange: enPriceRange,
    duration: formatDuration,
  },
  zh: {
    usd: zhUsd,
    usdRange: zhUsdRange,
    price: (v) => `${formatPrice(v)} 美元`,
    priceRange: zhPriceRange,
    duration: zhDuration,
  },
};

const CACHE = new Map<string, Fmt>();

/** fmtFor returns the formatters of a locale (cached: a Fmt holds no state). */
export function fmtFor(locale: Locale): Fmt {
  const key = `${locale.lang}|${locale.tz}`;
  let f = CACHE.get(key);
  if (!f) {
    const tz = locale.tz;
    f = {
      locale,
      ...BY_LANG[locale.lang],
      priceBare: formatPrice,
      pct: (v, d = 1) => formatPct(v, d),
      pctAbs: (v, d = 1) => formatPct(v, d).replace(/^[+−]/, ''),
      share: formatShare,
      count: (n) => formatNumber(n, 0),
      number: (v, d = 0) => formatNumber(v, d),
      clock: (ts) => clock(ts, tz),
      time: (ts) => clockZone(ts, tz),
      dateTime: (ts) => dateTimeZone(ts, tz),
      date: (ts) => date(ts, tz),
      zone: (ts) => zoneLabel(ts, tz),
    };
    CACHE.set(key, f);
  }
  return f;
}
