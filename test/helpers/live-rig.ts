import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import type { MarketEvent } from '../../src/market/types.js';
import { FakeVenues } from '../fakes/venues/server.js';
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
    const v = this.venues;
    this.port = await freePort();
    const cfg = parseEnv({
      BINANCE_REST_URL: v.url, BINANCE_WS_URL: v.wsUrl, BYBIT_REST_URL: v.url, BYBIT_WS_URL: v.wsUrl, OKX_REST_URL: v.url, OKX_WS_URL: v.wsUrl,
      REDIS_URL: this.redis.url, SOURCES: 'binance,bybit,okx', SYMBOLS: 'BTC', PRICE_POLL_MS: '1000', RULES_FILE: rulesFile,
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
