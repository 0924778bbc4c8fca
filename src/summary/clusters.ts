/**
 * Where leverage sits: an ESTIMATE of the price bands where liquidations would cluster, from open-interest
 * increases at price levels and an assumed leverage mix (the public method of positioning-and-whales.md §3.2:
 * new positions are created when open interest rises, consumed when price crosses their liquidation price,
 * closed in proportion when open interest falls). Entries, leverage and the long/short split are not
 * observable: every vendor assumes them, and so do we, so only relative sizes come out, never dollars.
 */

import { C, H, L, type History } from '../market/history.js';
import type { MinuteColumns } from '../market/minute-columns.js';
import type { LiquidationCluster } from './types.js';

/** LEVERAGE_MIX: assumed share of new open interest at each leverage (gptprojectmanager/liquidations, research.md: 5x 15%, 10x 30%, 25x 25%, 50x 20%, 100x 10%). */
export const LEVERAGE_MIX: ReadonlyArray<readonly [number, number]> = [[5, 0.15], [10, 0.3], [25, 0.25], [50, 0.2], [100, 0.1]];
/** MAINTENANCE_MARGIN: about 0.5% for BTC and ETH (§3.2); a long is liquidated at entry × (1 − 1/L + mmr). */
export const MAINTENANCE_MARGIN = 0.005;
/** LONG_SHARE: new open interest split evenly between longs and shorts (no taker split is observed). */
const LONG_SHARE = 0.5;
/** LOOKBACK_MIN: open-interest increases of the last three days. */
const LOOKBACK_MIN = 3 * 1440;
/** NEAR_PCT: only bands within 10% of the last price are reported (§3.2: ±5–10%). */
const NEAR_PCT = 10;
/** BAND_PCT: bands about 0.5% of the price wide, on a round step. */
const BAND_PCT = 0.5;
const MAX_CLUSTERS = 3;
const MIN_MINUTES = 60;

/** bandStep is a round band width near BAND_PCT of `price` (1, 2, 2.5 or 5 × 10^k): BTC 85,000 → 500. */
export function bandStep(price: number): number {
  const raw = (price * BAND_PCT) / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

/** Book holds estimated open positions by liquidation band, one map per side (USD at entry, scaled). */
interface Book {
  long: Map<number, number>;
  short: Map<number, number>;
  /** Proportional closes multiply every band: kept as one factor. */
  scale: number;
}

function add(side: Map<number, number>, band: number, usd: number): void {
  side.set(band, (side.get(band) ?? 0) + usd);
}

/** consume drops long bands at or above the minute's low and short bands at or below its high (price crossed them). */
function consume(b: Book, step: number, low: number, high: number): void {
  for (const band of b.long.keys()) if ((band + 1) * step > low) b.long.delete(band);
  for (const band of b.short.keys()) if (band * step < high) b.short.delete(band);
}

function openPositions(b: Book, step: number, price: number, usd: number): void {
  for (const [lev, w] of LEVERAGE_MIX) {
    add(b.long, Math.floor((price * (1 - 1 / lev + MAINTENANCE_MARGIN)) / step), (usd * w * LONG_SHARE) / b.scale);
    add(b.short, Math.floor((price * (1 + 1 / lev - MAINTENANCE_MARGIN)) / step), (usd * w * (1 - LONG_SHARE)) / b.scale);
  }
}

/** oiSums is the asset's open interest per minute summed over its venues (each carried up to 10 minutes; NaN when any is missing). */
function oiSums(bySource: Map<string, MinuteColumns>, start: number, end: number): Float64Array {
  const out = new Float64Array(end - start + 1);
  for (const c of bySource.values()) {
    let last = NaN, lastMin = -Infinity;
    for (let m = start; m <= end; m++) {
      const r = m - c.start;
      const v = r >= 0 && r < c.length ? c.cols[0][r] : NaN;
      if (!Number.isNaN(v)) [last, lastMin] = [v, m];
      out[m - start] += m - lastMin <= 10 ? last : NaN;
    }
  }
  return out;
}

/** liquidationClusters estimates up to three bands within 10% of the last price where liquidations would cluster, largest first. */
export function liquidationClusters(h: History, symbol: string, endMinute: number): LiquidationCluster[] {
  const bySource = h.leverage.oi.get(symbol);
  const px = h.composite.get(symbol);
  if (!bySource || !px || px.length === 0) return [];
  const start = Math.max(px.start, endMinute - LOOKBACK_MIN);
  const end = Math.min(endMinute, px.start + px.length - 1);
  if (end - start < MIN_MINUTES) return [];
  const oi = oiSums(bySource, start, end);
  let last = NaN;
  for (let m = end; m >= start && Number.isNaN(last); m--) last = px.cols[C][m - px.start];
  if (!(last > 0)) return [];
  const step = bandStep(last);
  const book: Book = { long: new Map(), short: new Map(), scale: 1 };
  for (let m = start + 1; m <= end; m++) {
    const r = m - px.start;
    const [close, low, high] = [px.cols[C][r], px.cols[L][r], px.cols[H][r]];
    if (Number.isNaN(close)) continue;
    consume(book, step, low, high);
    const d = oi[m - start] - oi[m - start - 1];
    if (!Number.isFinite(d)) continue;
    if (d > 0) openPositions(book, step, close, d * close);
    else if (d < 0) book.scale *= 1 + d / oi[m - start - 1];
  }
  return largest(book, step, last);
}

function largest(b: Book, step: number, last: number): LiquidationCluster[] {
  const near = (band: number) => Math.abs(((band + 0.5) * step) / last - 1) * 100 <= NEAR_PCT;
  const all = [
    ...[...b.long].filter(([band]) => near(band)).map(([band, usd]) => ({ side: 'long' as const, band, usd })),
    ...[...b.short].filter(([band]) => near(band)).map(([band, usd]) => ({ side: 'short' as const, band, usd })),
  ].sort((x, y) => y.usd - x.usd).slice(0, MAX_CLUSTERS);
  if (all.length === 0 || !(all[0].usd > 0)) return [];
  const round = (v: number) => Number(v.toPrecision(10));
  return all.map((c) => ({ side: c.side, low: round(c.band * step), high: round((c.band + 1) * step), relative: Math.round((c.usd / all[0].usd) * 100) / 100 }));
}
