import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { LiquidationEvent, MarketEvent } from '../../src/market/types.js';
import { FakeVenues, type StreamVenue } from '../fakes/venues/server.js';
import { freePort, TestRedis } from './redis.js';

/** FAST_RULES shortens the rule windows so a crash plays out in seconds of real time. */
export const FAST_RULES = `
composite: { maxAgeMs: 10000 }
pctMove:
  thresholds:
    - { windowMs: 20000, pct: -2, severity: warning }
liquidations:
  bars:
    - { windowMs: 20000, usd: 1000000, severity: warning }
largeLiquidation:
  tiers:
    - { usd: 400000, severity: warning }
cascade: { windowMs: 20000, minLiquidationsUsd: 1000000, minShare: 0.75, endBelowUsd: 100000 }
`;

/** venueEnv points Cascade's Binance, Bybit and OKX collectors (REST and WebSocket) at the fake venues. */
export function venueEnv(v: FakeVenues): Record<string, string> {
  return { BINANCE_REST_URL: v.url, BINANCE_WS_URL: v.wsUrl, BYBIT_REST_URL: v.url, BYBIT_WS_URL: v.wsUrl, OKX_REST_URL: v.url, OKX_WS_URL: v.wsUrl };
}

/**
 * compressedRules is DEFAULT_RULES for a day played `speed` times faster: every window, age and episode length
 * divided by `speed` (an hour's −3 % at 60× is a minute's), except the composite's price age, kept at 5 s so
 * prices polled once a second stay in it.
 */
export function compressedRules(speed: number): RulesConfig {
  const scale = (v: unknown, key = ''): unknown => {
    if (Array.isArray(v)) return v.map((x) => scale(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scale(x, k)]));
    return typeof v === 'number' && key.endsWith('Ms') ? Math.max(1, Math.round(v / speed)) : v;
  };
  const rules = scale(DEFAULT_RULES) as RulesConfig;
  rules.composite.maxAgeMs = Math.max(rules.composite.maxAgeMs, 5_000);
  return rules;
}

/** DAY_VENUES: the venues the fakes stream liquidations for (the day's Hyperliquid liquidations have no fake stream). */
const DAY_VENUES: readonly StreamVenue[] = ['binance', 'bybit', 'okx'];
/** MERGE_BELOW_USD: liquidations smaller than this are merged per venue, asset and side (at most this much each), to keep the stream near 100 frames a second. */
const MERGE_BELOW_USD = 1_000_000;

/** DayStep is one moment of a played day: prices to set, then liquidations to push (their ts is set when pushed). */
interface DayStep {
  atMs: number;
  prices: Array<[string, number]>;
  liqs: Array<{ venue: StreamVenue; symbol: string; side: 'long' | 'short'; price: number; qty: number }>;
}

/**
 * DayFeed plays a recorded day's window on the fake venues, `speed` times faster than it happened: each asset's price
 * (Binance's, served by every venue's ticker), the 1-minute candles of what it served (the venues' kline history,
 * for a standby's catch-up), and the Binance, Bybit and OKX liquidations on their streams, in `tickMs` steps, stamped
 * with the wall clock as a live venue would. Small liquidations are merged (MERGE_BELOW_USD): the sums the rules
 * see are the day's, with fewer frames.
 */
export class DayFeed {
  private readonly steps: DayStep[] = [];
  private wall0 = 0;
  /** The step played last (index into `steps`, exclusive). */
  private at = 0;

  constructor(private readonly venues: FakeVenues, events: readonly MarketEvent[], readonly from: number, readonly to: number, readonly speed: number, assets: readonly string[], private readonly tickMs = 100) {
    const first = new Map<string, number>();
    const buckets = new Map<string, DayStep['liqs'][number] & { usd: number }>();
    let step: DayStep = { atMs: 0, prices: [], liqs: [] };
    const flush = () => {
      for (const b of buckets.values()) step.liqs.push({ venue: b.venue, symbol: b.symbol, side: b.side, price: b.price, qty: b.qty });
      buckets.clear();
      this.steps.push(step);
    };
    for (const e of events) {
      if (e.ts > to) break;
      if (e.kind === 'price' && e.source === 'binance' && assets.includes(e.symbol) && e.ts <= from) first.set(e.symbol, e.price);
      if (e.ts < from) continue;
      const atMs = Math.floor((e.ts - from) / speed / tickMs) * tickMs;
      if (atMs > step.atMs) {
        flush();
        step = { atMs, prices: [], liqs: [] };
      }
      if (e.kind === 'price' && e.source === 'binance' && assets.includes(e.symbol)) step.prices.push([e.symbol, e.price]);
      if (e.kind !== 'liquidation' || !DAY_VENUES.includes(e.source as StreamVenue) || !assets.includes(e.symbol)) continue;
      const l = e as LiquidationEvent;
      const venue = l.source as StreamVenue;
      if (l.notionalUsd >= MERGE_BELOW_USD) {
        step.liqs.push({ venue, symbol: l.symbol, side: l.side, price: l.price, qty: l.qty });
        continue;
      }
      const key = `${venue}:${l.symbol}:${l.side}`;
      const b = buckets.get(key);
      if (b && b.usd + l.notionalUsd <= MERGE_BELOW_USD) {
        b.usd += l.notionalUsd;
        b.qty = b.usd / l.price;
        b.price = l.price;
      } else {
        if (b) step.liqs.push({ venue, symbol: b.symbol, side: b.side, price: b.price, qty: b.qty });
        buckets.set(key, { venue, symbol: l.symbol, side: l.side, price: l.price, qty: l.qty, usd: l.notionalUsd });
      }
    }
    flush();
    for (const [asset, price] of first) this.setPrice(asset, price, Date.now());
    // Ten minutes of history before the window, as a live venue has.
    for (const [asset, price] of first) this.venues.candles.set(asset, Array.from({ length: 10 }, (_, i) => [(Math.floor(Date.now() / 60_000) - 10 + i) * 60_000, price]));
  }

  /** durationMs is the window's length in wall time. */
  get durationMs(): number {
    return Math.ceil((this.to - this.from) / this.speed);
  }

  /** dayTime is the day's time the feed has reached (the window's start before it plays). */
  dayTime(now = Date.now()): number {
    return this.wall0 === 0 ? this.from : Math.min(this.to, this.from + (now - this.wall0) * this.speed);
  }

  /** wallAt is the wall time the feed reaches the day's time `ts`. */
  wallAt(ts: number): number {
    return this.wall0 + (ts - this.from) / this.speed;
  }

  /** play plays the window in real time (resolves at its end). */
  async play(): Promise<void> {
    this.wall0 = Date.now();
    while (this.at < this.steps.length) {
      const now = Date.now();
      for (; this.at < this.steps.length && this.steps[this.at].atMs <= now - this.wall0; this.at++) {
        const s = this.steps[this.at];
        for (const [asset, price] of s.prices) this.setPrice(asset, price, now);
        for (const l of s.liqs) this.venues.streams.push(l.venue, { symbol: l.symbol, side: l.side, price: l.price, qty: l.qty, ts: now });
      }
      await new Promise((r) => setTimeout(r, this.tickMs));
    }
  }

  private setPrice(asset: string, price: number, now: number): void {
    this.venues.prices.set(asset, price);
    const minute = Math.floor(now / 60_000) * 60_000;
    const list = this.venues.candles.get(asset) ?? [];
    if (list.at(-1)?.[0] === minute) list.at(-1)![1] = price;
    else list.push([minute, price]);
    this.venues.candles.set(asset, list);
  }
}

/**
 * LiveRig is the live app collecting from the fake Binance, Bybit and OKX (REST and WebSocket, real formats) on a test
 * Redis, with FAST_RULES; `seen` holds every event the engine took, in order.
 */
export class LiveRig {
  readonly venues = new FakeVenues();
  readonly redis = new TestRedis();
  readonly dir = mkdtempSync(join(tmpdir(), 'cascade-live-'));
  readonly seen: MarketEvent[] = [];
  app!: RunningApp;
  port = 0;

  /** start starts the fakes and the app; `env` adds to (or overrides) its configuration. */
  async start(env: Record<string, string> = {}): Promise<void> {
    await Promise.all([this.venues.start(), this.redis.start()]);
    this.venues.prices.set('BTC', 86_000);
    const rulesFile = join(this.dir, 'fast.yaml');
    writeFileSync(rulesFile, FAST_RULES);
    this.port = await freePort();
    const cfg = parseEnv({
      ...venueEnv(this.venues), REDIS_URL: this.redis.url, SOURCES: 'binance,bybit,okx', SYMBOLS: 'BTC', PRICE_POLL_MS: '1000', RULES_FILE: rulesFile,
      HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1', ...env,
    });
    this.app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: this.dir });
    this.app.pipeline!.watch((ev) => this.seen.push({ ...ev }));
  }

  /** until polls `cond` every 50 ms for at most `ms`. */
  async until(cond: () => boolean, ms: number, what: string): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * crash plays a compressed BTC crash on the venues: prices from all three, a walk from $86,000 to $84,000 a second
   * at a time, then long liquidations on every venue, until the engine fires a cascade.
   */
  async crash(): Promise<void> {
    await this.until(() => new Set(this.seen.filter((e) => e.kind === 'price').map((e) => e.source)).size >= 3, 15_000, 'prices from three venues');
    for (let p = 86_000; p >= 84_000; p -= 400) {
      this.venues.prices.set('BTC', p);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const now = Date.now();
    for (let i = 0; i < 6; i++) {
      for (const v of ['binance', 'bybit', 'okx'] as const) this.venues.streams.push(v, { symbol: 'BTC', side: 'long', price: 84_000, qty: 3, ts: now + i * 10 });
    }
    this.venues.streams.push('bybit', { symbol: 'BTC', side: 'long', price: 84_000, qty: 6, ts: now + 100 });
    await this.until(() => this.app.engine!.alerts.items.some((a) => a.kind === 'cascade'), 15_000, 'a cascade');
    await new Promise((r) => setTimeout(r, 500));
  }

  async close(): Promise<void> {
    await this.app?.stop();
    await this.venues.close();
    await this.redis.dispose();
  }
}
