import type { History } from '../market/history.js';
import { C, LONG, SHORT } from '../market/history.js';
import { MINUTE_MS } from '../market/minute-columns.js';
import { liquidationClusters } from './clusters.js';
import type { LiquidationCluster } from './types.js';

/** CrashChartData is what the crash chart draws (the input of src/render/chart.ts). */
export interface CrashChartData {
  title: string;
  from: number;
  to: number;
  series: Array<{ symbol: string; points: Array<[number, number]>; levels: Array<{ level: number; direction: 'down' | 'up'; ts: number }>; bands?: LiquidationCluster[] }>;
  liquidations: Array<{ ts: number; longUsd: number; shortUsd: number }>;
  bucketMs: number;
}

const MAX_BUCKETS = 96;

/** chartData picks the window's composite closes per minute, its broken levels and liquidation buckets. */
export function chartData(h: History, from: number, to: number, symbols: readonly string[], title: string): CrashChartData {
  h.flush();
  const series: CrashChartData['series'] = [];
  for (const symbol of symbols) {
    const cols = h.composite.get(symbol);
    if (!cols) continue;
    const points: Array<[number, number]> = [];
    const a = Math.max(0, Math.floor(from / MINUTE_MS) - cols.start);
    const b = Math.min(cols.length - 1, Math.floor(to / MINUTE_MS) - cols.start);
    for (let r = a; r <= b; r++) if (!Number.isNaN(cols.cols[C][r])) points.push([(cols.start + r) * MINUTE_MS, cols.cols[C][r]]);
    if (points.length === 0) continue;
    const levels = h.levels.filter((l) => l.symbol === symbol && l.ts >= from && l.ts <= to).map((l) => ({ level: l.level, direction: l.direction, ts: l.ts }));
    const bands = liquidationClusters(h, symbol, Math.floor(to / MINUTE_MS));
    series.push({ symbol, points, levels, ...(bands.length > 0 ? { bands } : {}) });
  }
  const span = Math.max(MINUTE_MS, to - from);
  const bucketMs = Math.max(MINUTE_MS, Math.ceil(span / MAX_BUCKETS / MINUTE_MS) * MINUTE_MS);
  const buckets = new Map<number, { ts: number; longUsd: number; shortUsd: number }>();
  const liq = h.liq;
  const a = Math.max(0, Math.floor(from / MINUTE_MS) - liq.start);
  const b = Math.min(liq.length - 1, Math.floor(to / MINUTE_MS) - liq.start);
  for (let r = a; r <= b; r++) {
    const ts = (liq.start + r) * MINUTE_MS;
    const key = from + Math.floor((ts - from) / bucketMs) * bucketMs;
    const cur = buckets.get(key) ?? { ts: key, longUsd: 0, shortUsd: 0 };
    cur.longUsd += liq.cols[LONG][r];
    cur.shortUsd += liq.cols[SHORT][r];
    buckets.set(key, cur);
  }
  return { title, from, to, series, liquidations: [...buckets.values()].sort((x, y) => x.ts - y.ts), bucketMs };
}
