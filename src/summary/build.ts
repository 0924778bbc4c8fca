import type { History } from '../market/history.js';
import { C, COUNT, H, L, LONG, O, SHORT } from '../market/history.js';
import { MINUTE_MS, type MinuteColumns } from '../market/minute-columns.js';
import type { LargestLiquidation } from '../market/records.js';
import { coverageNotes } from '../sources/registry.js';
import { largestBySource, leverageStats, whaleStats } from './leverage.js';
import type { LiqTotals, PriceStats, SummaryData, SummarySource } from './types.js';

/** SummaryExtras are figures from outside the engine: collector gaps and an aggregator's total. */
export interface SummaryExtras {
  gaps?: SummaryData['gaps'];
  aggregator?: SummaryData['liquidations']['aggregatorUsd'];
}

function rowRange(cols: MinuteColumns, from: number, to: number): [number, number] {
  const a = Math.max(0, Math.floor(from / MINUTE_MS) - cols.start);
  const b = Math.min(cols.length - 1, Math.floor(to / MINUTE_MS) - cols.start);
  return [a, b];
}

function priceStats(cols: MinuteColumns, venues: Map<string, MinuteColumns> | undefined, from: number, to: number): PriceStats | null {
  const [a, b] = rowRange(cols, from, to);
  // The columns are read into locals: these loops run a few times per summary, often before they are optimized.
  const os = cols.cols[O], ls = cols.cols[L], hs = cols.cols[H], cs = cols.cols[C];
  let open = NaN, low = Infinity, high = -Infinity, last = NaN, lowTs = 0;
  for (let r = a; r <= b; r++) {
    if (Number.isNaN(os[r])) continue;
    if (Number.isNaN(open)) open = os[r];
    if (ls[r] < low) {
      low = ls[r];
      lowTs = (cols.start + r) * MINUTE_MS;
    }
    if (hs[r] > high) high = hs[r];
    last = cs[r];
  }
  if (Number.isNaN(open)) return null;
  const venueLows: Record<string, number> = {};
  for (const [source, v] of venues ?? []) {
    const [va, vb] = rowRange(v, from, to);
    const lows = v.cols[0];
    let m = Infinity;
    for (let r = va; r <= vb; r++) if (lows[r] < m) m = lows[r];
    if (m !== Infinity) venueLows[source] = m;
  }
  return { open, low, high, last, changePct: ((last - open) / open) * 100, lowTs, venueLows };
}

function liqTotals(cols: MinuteColumns, from: number, to: number): LiqTotals {
  const [a, b] = rowRange(cols, from, to);
  const longs = cols.cols[LONG], shorts = cols.cols[SHORT], counts = cols.cols[COUNT];
  let longUsd = 0, shortUsd = 0, count = 0;
  for (let r = a; r <= b; r++) {
    longUsd += longs[r];
    shortUsd += shorts[r];
    count += counts[r];
  }
  return { totalUsd: longUsd + shortUsd, longUsd, shortUsd, count };
}

function byKey(map: Map<string, MinuteColumns>, from: number, to: number): Record<string, LiqTotals> {
  const out: Record<string, LiqTotals> = {};
  const sorted = [...map].map(([k, c]) => [k, liqTotals(c, from, to)] as const).filter(([, t]) => t.count > 0);
  sorted.sort((x, y) => y[1].totalUsd - x[1].totalUsd);
  for (const [k, t] of sorted) out[k] = t;
  return out;
}

function largestIn(h: History, from: number, to: number): LargestLiquidation | null {
  let best: LargestLiquidation | null = null;
  for (const l of h.largest.values()) if (l.ts >= from && l.ts <= to && (!best || l.notionalUsd > best.notionalUsd)) best = l;
  return best;
}

function hourPace(cols: MinuteColumns, from: number, to: number): { peakHour: { ts: number; totalUsd: number } | null; lastHourUsd: number } {
  const hours = new Map<number, number>();
  const [a, b] = rowRange(cols, from, to);
  const longs = cols.cols[LONG], shorts = cols.cols[SHORT];
  for (let r = a; r <= b; r++) {
    const usd = longs[r] + shorts[r];
    if (usd === 0) continue;
    const hour = Math.floor(((cols.start + r) * MINUTE_MS) / 3_600_000) * 3_600_000;
    hours.set(hour, (hours.get(hour) ?? 0) + usd);
  }
  let peakHour: { ts: number; totalUsd: number } | null = null;
  for (const [ts, totalUsd] of hours) if (!peakHour || totalUsd > peakHour.totalUsd) peakHour = { ts, totalUsd };
  return { peakHour, lastHourUsd: liqTotals(cols, Math.max(from, to - 3_600_000 + 1), to).totalUsd };
}

/** buildSummaryData folds the history and the alerts between `from` and `to` into the summary data of DESIGN §3. */
export function buildSummaryData(src: SummarySource, from: number, to: number, extras: SummaryExtras = {}): SummaryData {
  const h = src.history;
  h.flush();
  const prices: SummaryData['prices'] = {};
  for (const [symbol, cols] of h.composite) {
    const s = priceStats(cols, h.venueLow.get(symbol), from, to);
    if (s) prices[symbol] = s;
  }
  const totals = liqTotals(h.liq, from, to);
  const crossMarket: Record<string, number> = {};
  const crossMarketDetail: SummaryData['crossMarketDetail'] = {};
  for (const [sym, q] of [...h.indices].sort(([a], [b]) => a.localeCompare(b))) {
    if (q.ts > to) continue;
    crossMarket[sym] = Math.round(q.changePct * 100) / 100;
    crossMarketDetail[sym] = q;
  }
  const alerts = src.alerts.between(from, to);
  const leverage = leverageStats(h, from, to);
  const whales = whaleStats(src, from, to);
  const byKind: Record<string, number> = {};
  for (const a of alerts) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return {
    from,
    to,
    prices,
    levelsBroken: h.levels.filter((l) => l.ts >= from && l.ts <= to),
    liquidations: {
      ...totals,
      longShare: totals.totalUsd > 0 ? totals.longUsd / totals.totalUsd : 0,
      largest: largestIn(h, from, to),
      ...hourPace(h.liq, from, to),
      bySource: byKey(h.liqBySource, from, to),
      bySymbol: byKey(h.liqBySymbol, from, to),
      largestBySource: largestBySource(h, from, to),
      ...(extras.aggregator ? { aggregatorUsd: extras.aggregator } : {}),
    },
    crossMarket,
    crossMarketDetail,
    sources: [...h.sources].sort(([a], [b]) => a.localeCompare(b)).map(([source, s]) => ({
      source,
      feeds: [...s.feeds].sort(),
      events: s.events,
      notes: coverageNotes(source, [...s.feeds].sort()),
    })),
    alerts: { total: alerts.length, byKind, cascades: byKind.cascade ?? 0 },
    gaps: extras.gaps ?? [],
    ...(leverage ? { leverage } : {}),
    ...(whales ? { whales } : {}),
  };
}
