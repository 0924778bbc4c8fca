import { closeSync, openSync, writeSync } from 'node:fs';
import type { MarketEvent } from '../market/types.js';
import { DemoPositioning } from './positioning.js';
import { interpolate, Rng } from './random.js';
import {
  CRASH_HOUR_SHAPE, DEMO_BAD_PRINT, DEMO_DAY_START, DEMO_INDICES, DEMO_LIQ_SYMBOLS, DEMO_LIQ_VENUES,
  DEMO_PATHS, DEMO_PRICE_VENUES, DEMO_WHALES, demoLiqPlan, US_SESSION, type LiqHour,
} from './scenario.js';

const HOUR_MS = 3_600_000;
const PRICE_EVERY_S = 5;
const SIZE_SIGMA = 1.6;
const MAX_RANDOM_LIQ_USD = 4e6;
const NOISE = 0.0003; // shared OU noise, fraction of price
const VENUE_NOISE = 0.0001;

/** DayOptions shape a generated day: the crash (default) or a calm day that must fire nothing. */
export interface DayOptions {
  seed?: number;
  calm?: boolean;
  /** false: no open interest, funding or whale positions (the day as it was before issues 12 and 13). */
  positioning?: boolean;
}

/** EventWriter buffers NDJSON lines and flushes them to a file descriptor. */
class EventWriter {
  private buf: string[] = [];
  count = 0;
  constructor(private readonly fd: number) {}
  write(ev: MarketEvent): void {
    this.buf.push(JSON.stringify(ev));
    this.count++;
    if (this.buf.length >= 10_000) this.flush();
  }
  flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function digitsFor(price: number): number {
  return price >= 1000 ? 1 : price >= 10 ? 2 : price >= 1 ? 4 : 5;
}

/** liqRate is the expected number of liquidations per second at second `s` of the day. */
function liqRate(plan: LiqHour[], s: number): number {
  const h = Math.floor(s / 3600);
  if (h !== 13) return plan[h].count / 3600;
  const minute = (s % 3600) / 60;
  const seg = CRASH_HOUR_SHAPE.find(([a, b]) => minute >= a && minute < b)!;
  return (plan[h].count * seg[2]) / ((seg[1] - seg[0]) * 60);
}

/** generateDay writes a deterministic 24h MarketEvent NDJSON file and returns the number of events. */
export function generateDay(file: string, opts: DayOptions = {}): number {
  const rng = new Rng(opts.seed ?? 20260129);
  const calm = opts.calm === true;
  const plan = calm ? Array.from({ length: 24 }, () => ({ count: 1500, usd: 3e6, longShare: 0.5 })) : demoLiqPlan();
  const flat = (p: ReadonlyArray<readonly [number, number]>) => [[0, p[0][1] * 1.005], [24, p[0][1] * 1.009]] as const;
  const paths = Object.fromEntries(Object.entries(DEMO_PATHS).map(([s, p]) => [s, calm ? flat(p) : p]));
  const noise: Record<string, number> = Object.fromEntries(Object.keys(paths).map((s) => [s, 0]));
  const fd = openSync(file, 'w');
  const out = new EventWriter(fd);
  const whales = calm ? [] : [...DEMO_WHALES];
  const positioning = new DemoPositioning(opts.seed ?? 20260129, calm);
  try {
    for (let s = 0; s < 86_400; s++) {
      const t0 = DEMO_DAY_START + s * 1000;
      const hours = s / 3600;
      const prices: Record<string, number> = {};
      for (const sym of Object.keys(paths)) {
        noise[sym] = noise[sym] * 0.98 + NOISE * 0.2 * rng.normal();
        prices[sym] = interpolate(paths[sym], hours) * (1 + noise[sym]);
      }
      emitPrices(out, rng, s, t0, prices, calm);
      emitLiquidations(out, rng, plan, s, t0, prices);
      while (whales.length > 0 && whales[0].at * 3600 <= s) {
        const w = whales.shift()!;
        out.write({ kind: 'liquidation', ts: t0 + 500, source: w.source, symbol: w.symbol, side: w.side, price: w.price, qty: round(w.notionalUsd / w.price, 2), notionalUsd: w.notionalUsd });
      }
      if (s % 60 === 30) emitIndices(out, rng, hours, t0 + 250, calm);
      if (opts.positioning !== false) positioning.emit((ev) => out.write(ev), s, t0, prices);
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
  return out.count;
}

function emitPrices(out: EventWriter, rng: Rng, s: number, t0: number, prices: Record<string, number>, calm: boolean): void {
  const venues = Object.entries(DEMO_PRICE_VENUES);
  venues.forEach(([venue, basis], vi) => {
    if ((s + vi) % PRICE_EVERY_S !== 0) return;
    Object.entries(prices).forEach(([symbol, p], si) => {
      let price = p * (1 + basis + VENUE_NOISE * rng.normal());
      if (!calm && venue === DEMO_BAD_PRINT.source && symbol === DEMO_BAD_PRINT.symbol && s === DEMO_BAD_PRINT.at * 3600) price = DEMO_BAD_PRINT.price;
      out.write({ kind: 'price', ts: t0 + vi * 97 + si * 13, source: venue, symbol, price: round(price, digitsFor(price)) });
    });
  });
}

function emitLiquidations(out: EventWriter, rng: Rng, plan: LiqHour[], s: number, t0: number, prices: Record<string, number>): void {
  const n = rng.poisson(liqRate(plan, s));
  if (n === 0) return;
  const hour = plan[Math.floor(s / 3600)];
  const avg = hour.usd / hour.count;
  const mu = Math.log(avg) - (SIZE_SIGMA * SIZE_SIGMA) / 2;
  const offsets = Array.from({ length: n }, () => Math.floor(rng.next() * 1000)).sort((a, b) => a - b);
  for (const off of offsets) {
    const symbol = rng.pick(DEMO_LIQ_SYMBOLS);
    const source = rng.pick(DEMO_LIQ_VENUES);
    const side = rng.next() < hour.longShare ? 'long' : 'short';
    const usd = Math.min(MAX_RANDOM_LIQ_USD, Math.exp(mu + SIZE_SIGMA * rng.normal()));
    // A long is liquidated by selling into the book: slightly under the market (and shorts over it).
    const price = prices[symbol] * (side === 'long' ? 0.999 : 1.001);
    const notionalUsd = round(usd, 2);
    out.write({ kind: 'liquidation', ts: t0 + off, source, symbol, side, price: round(price, digitsFor(price)), qty: round(notionalUsd / price, 6), notionalUsd });
  }
}

function emitIndices(out: EventWriter, rng: Rng, hours: number, ts: number, calm: boolean): void {
  if (hours < US_SESSION.open || hours > US_SESSION.close) return;
  const progress = Math.min(1, (hours - US_SESSION.open) / (US_SESSION.close - US_SESSION.open - 0.05));
  for (const [symbol, ix] of Object.entries(DEMO_INDICES)) {
    const pct = calm ? 0.1 * Math.sin(hours) : ix.finalPct * Math.sqrt(progress) + (progress < 1 ? 0.05 * rng.normal() : 0);
    const price = ix.prevClose * (1 + pct / 100);
    out.write({ kind: 'index', ts, source: 'yahoo', symbol, price: round(price, 2), prevClose: ix.prevClose });
  }
}

/** DEMO_DAY_HOURS is exported for tests that look at hour boundaries. */
export const DEMO_DAY_MS = 24 * HOUR_MS;
