import type { History } from '../market/history.js';
import type { LargestLiquidation } from '../market/records.js';
import { MINUTE_MS, type MinuteColumns } from '../market/minute-columns.js';
import { liquidationClusters } from './clusters.js';
import type { LeverageStats, SummarySource, WhaleStats } from './types.js';

/** OI_MAX_AGE_MIN: a venue's open interest counts at a minute while its latest value is at most 10 minutes old (DESIGN §4 leverage_flush). */
export const OI_MAX_AGE_MIN = 10;
/** FUNDING_MAX_AGE_MIN: a funding rate is still the venue's rate an hour later (some venues publish it hourly). */
const FUNDING_MAX_AGE_MIN = 60;

/** Carry walks a per-minute column forward, carrying its last value at most `maxAge` minutes. */
class Carry {
  private last = NaN;
  private lastMin = -Infinity;
  constructor(private readonly c: MinuteColumns, private readonly maxAge: number) {}
  /** at returns the value at `minute` (called with non-decreasing minutes). */
  at(minute: number): number {
    const r = minute - this.c.start;
    if (r >= 0 && r < this.c.length && !Number.isNaN(this.c.cols[0][r])) {
      this.last = this.c.cols[0][r];
      this.lastMin = minute;
    }
    return minute - this.lastMin <= this.maxAge ? this.last : NaN;
  }
}

function firstMinute(bySource: Map<string, MinuteColumns>, from: number, to: number): number {
  let first = Infinity;
  for (const c of bySource.values()) {
    for (let m = Math.max(from, c.start); m <= Math.min(to, c.start + c.length - 1); m++) {
      if (!Number.isNaN(c.cols[0][m - c.start])) {
        first = Math.min(first, m);
        break;
      }
    }
  }
  return first;
}

/** valueAtMinute reads a column at `minute` carrying its last value up to `maxAge` minutes back. */
function valueAtMinute(c: MinuteColumns, minute: number, maxAge: number): number {
  const carry = new Carry(c, maxAge);
  let v = NaN;
  for (let m = minute - maxAge; m <= minute; m++) v = carry.at(m);
  return v;
}

/** oiPath sums, minute by minute, the open interest of the venues seen at both ends of [start, end]. */
function oiPath(bySource: Map<string, MinuteColumns>, start: number, end: number): Omit<LeverageStats, 'fundingFrom' | 'fundingTo' | 'fundingBySource'> | null {
  const sources = [...bySource].filter(([, c]) => valueAtMinute(c, start, OI_MAX_AGE_MIN) > 0 && valueAtMinute(c, end, OI_MAX_AGE_MIN) > 0).map(([s]) => s).sort();
  if (sources.length === 0) return null;
  const carries = sources.map((s) => new Carry(bySource.get(s)!, OI_MAX_AGE_MIN));
  for (const c of carries) for (let m = start - OI_MAX_AGE_MIN; m < start; m++) c.at(m);
  let from = NaN, to = NaN, low = Infinity, lowTs = 0, high = -Infinity, highTs = 0, peak = -Infinity, peakTs = 0;
  for (let m = start; m <= end; m++) {
    let sum = 0;
    for (const c of carries) sum += c.at(m);
    if (Number.isNaN(sum)) continue; // a venue without a fresh value this minute: not comparable
    if (Number.isNaN(from)) from = sum;
    to = sum;
    if (sum >= peak) [peak, peakTs] = [sum, m * MINUTE_MS]; // the last minute at the peak: where the fall began
    if (sum < low) [low, lowTs, high, highTs] = [sum, m * MINUTE_MS, peak, peakTs];
  }
  if (Number.isNaN(from)) return null;
  return { oiFrom: from, oiLow: low, oiTo: to, changePct: (to / from - 1) * 100, sources, oiHigh: high, oiHighTs: highTs, oiLowTs: lowTs };
}

function fundingAt(bySource: Map<string, MinuteColumns> | undefined, start: number, end: number): Pick<LeverageStats, 'fundingFrom' | 'fundingTo' | 'fundingBySource'> {
  const by: LeverageStats['fundingBySource'] = {};
  for (const [s, c] of [...(bySource ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
    const first = firstMinute(new Map([[s, c]]), start, end);
    const from = valueAtMinute(c, start, FUNDING_MAX_AGE_MIN);
    const atFrom = Number.isNaN(from) && first !== Infinity ? c.cols[0][first - c.start] : from;
    const to = valueAtMinute(c, end, FUNDING_MAX_AGE_MIN);
    by[s] = { from: Number.isNaN(atFrom) ? null : atFrom, to: Number.isNaN(to) ? null : to };
  }
  const mean = (k: 'from' | 'to') => {
    const v = Object.values(by).map((x) => x[k]).filter((x): x is number => x !== null);
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  return { fundingFrom: mean('from'), fundingTo: mean('to'), fundingBySource: by };
}

/**
 * leverageStats is each asset's open interest over [from, to] (summed over the venues that have a value at
 * both ends, as the rule does; the window starts at its first reading when the data begins later), its
 * funding, and the estimated liquidation clusters. Undefined when the window holds no open interest.
 */
export function leverageStats(h: History, from: number, to: number): Record<string, LeverageStats> | undefined {
  const out: Record<string, LeverageStats> = {};
  const [a, b] = [Math.floor(from / MINUTE_MS), Math.floor(to / MINUTE_MS)];
  for (const symbol of [...h.leverage.oi.keys()].sort()) {
    const bySource = h.leverage.oi.get(symbol)!;
    const start = firstMinute(bySource, a, b);
    if (start === Infinity) continue;
    const path = oiPath(bySource, start, b);
    if (!path) continue;
    const stats: LeverageStats = { ...path, ...fundingAt(h.leverage.funding.get(symbol), start, b) };
    const clusters = liquidationClusters(h, symbol, b);
    if (clusters.length > 0) stats.clusters = clusters;
    out[symbol] = stats;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * whaleStats is each public tracked account over [from, to]: its worst unrealized PnL (all its positions) and
 * its liquidations, worst first. Accounts only chats watch are theirs alone and left out. Undefined when none.
 */
export function whaleStats(src: SummarySource, from: number, to: number): WhaleStats[] | undefined {
  const h = src.history.leverage;
  const [a, b] = [Math.floor(from / MINUTE_MS), Math.floor(to / MINUTE_MS)];
  const accounts = new Set([...h.accountPnl.keys(), ...h.accountLiquidations.filter((l) => l.ts >= from && l.ts <= to).map((l) => l.account)]);
  const out: WhaleStats[] = [];
  for (const account of accounts) {
    const info = src.accountInfo ? src.accountInfo(account) : { label: null, public: true };
    if (!info?.public) continue;
    const c = h.accountPnl.get(account);
    let worst = Infinity;
    if (c) for (let m = Math.max(a, c.start); m <= Math.min(b, c.start + c.length - 1); m++) if (c.cols[0][m - c.start] < worst) worst = c.cols[0][m - c.start];
    const liqs = h.accountLiquidations.filter((l) => l.account === account && l.ts >= from && l.ts <= to);
    if (worst === Infinity && liqs.length === 0) continue;
    const liquidatedUsd = liqs.reduce((n, l) => n + l.notionalUsd, 0);
    out.push({ account, label: info.label, worstUnrealizedPnlUsd: worst === Infinity ? 0 : worst, liquidated: liqs.length > 0, liquidatedUsd });
  }
  out.sort((x, y) => x.worstUnrealizedPnlUsd - y.worstUnrealizedPnlUsd || x.account.localeCompare(y.account));
  return out.length > 0 ? out : undefined;
}

/** largestBySource is the largest single liquidation of each venue in [from, to]. */
export function largestBySource(h: History, from: number, to: number): Record<string, LargestLiquidation> {
  const out: Record<string, LargestLiquidation> = {};
  for (const [source, byMinute] of [...h.largestBySource].sort(([x], [y]) => x.localeCompare(y))) {
    for (const l of byMinute.values()) if (l.ts >= from && l.ts <= to && (!out[source] || l.notionalUsd > out[source].notionalUsd)) out[source] = l;
  }
  return out;
}
