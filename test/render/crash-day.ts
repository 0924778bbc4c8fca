/** A synthetic 24h crash for chart tests: generated, deterministic, shaped like the 2026-01-29 day. */

import type { ChartInput } from '../../src/render/chart.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** DAY0 is 2026-01-29 00:00 UTC. */
export const DAY0 = Date.UTC(2026, 0, 29);

/** Keyframes [hour, price] of a 5% drop at 13:20–13:50 and a partial bounce, interpolated linearly. */
const BTC_PATH: ReadonlyArray<readonly [number, number]> = [
  [0, 89_000], [8, 89_100], [12, 88_200], [13.33, 86_700], [13.6, 84_600], [13.85, 84_350], [14.5, 85_250], [18, 84_900], [24, 85_150],
];

function priceAt(path: ReadonlyArray<readonly [number, number]>, h: number): number {
  let i = 0;
  while (i < path.length - 2 && path[i + 1][0] < h) i++;
  const [h0, p0] = path[i];
  const [h1, p1] = path[i + 1];
  return p0 + ((p1 - p0) * (h - h0)) / (h1 - h0);
}

/** Deterministic wiggle so the line is not a ruler: two sines, ±0.08%. */
function wiggle(i: number): number {
  return 1 + 0.0005 * Math.sin(i / 7) + 0.0003 * Math.sin(i / 2.3);
}

/** minutePoints returns 1,440 one-minute [ts, price] points along a path, scaled to start at `start`. */
export function minutePoints(start: number): Array<[number, number]> {
  const k = start / BTC_PATH[0][1];
  return Array.from({ length: 1_440 }, (_, i): [number, number] => [DAY0 + i * MIN, priceAt(BTC_PATH, i / 60) * k * wiggle(i)]);
}

/** brokeAt is the first minute the path closes through `level` the given way (where the chart puts the dot). */
export function brokeAt(points: Array<[number, number]>, level: number, direction: 'down' | 'up'): { level: number; direction: 'down' | 'up'; ts: number } {
  const i = points.findIndex(([, p], k) => k > 0 && (direction === 'down' ? points[k - 1][1] >= level && p < level : points[k - 1][1] < level && p >= level));
  if (i < 0) throw new Error(`the test path never breaks ${level} ${direction}`);
  return { level, direction, ts: points[i][0] };
}

/** crashDay is the demo-like chart input: BTC through 87,500 and 85,000, liquidations mostly long. */
export function crashDay(title = 'BTC crash, 2026-01-29 (UTC)'): ChartInput {
  const btc = minutePoints(89_000);
  const bucketMs = 15 * MIN;
  const liquidations = Array.from({ length: 96 }, (_, i) => {
    const h = i / 4;
    const usd = h >= 13.25 && h < 14 ? 140e6 - Math.abs(h - 13.6) * 200e6 : h >= 12 && h < 16 ? 12e6 : 1.2e6 + (i % 5) * 0.3e6;
    const longShare = h >= 13 && h < 15 ? 0.95 : 0.7;
    return { ts: DAY0 + i * bucketMs, longUsd: usd * longShare, shortUsd: usd * (1 - longShare) };
  });
  return {
    title,
    from: DAY0,
    to: DAY0 + 24 * HOUR,
    series: [{ symbol: 'BTC', points: btc, levels: [brokeAt(btc, 87_500, 'down'), brokeAt(btc, 85_000, 'down')] }],
    liquidations,
    bucketMs,
  };
}

/** threeAssets is the crash with BTC, ETH and SOL on one chart (normalised to % change). */
export function threeAssets(): ChartInput {
  const day = crashDay('BTC, ETH and SOL, 2026-01-29 (UTC)');
  const deeper = (start: number, extra: number, from: number, over: number, phase: number) =>
    minutePoints(start).map(([t, p], i): [number, number] => [t, p * (1 + 0.004 * Math.sin(i / 90 + phase)) * (1 - extra * Math.min(1, Math.max(0, (i - from) / over)))]);
  const eth = deeper(3_005, 0.025, 790, 60, 1);
  const sol = deeper(124.6, 0.045, 800, 80, 2);
  day.series.push(
    { symbol: 'ETH', points: eth, levels: [brokeAt(eth, 2_900, 'down'), brokeAt(eth, 2_800, 'down')] },
    { symbol: 'SOL', points: sol, levels: [brokeAt(sol, 120, 'down')] },
  );
  return day;
}
