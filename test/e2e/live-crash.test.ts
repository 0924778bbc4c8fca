import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';

/** Rule windows shortened so a crash plays out in seconds of real time. */
const FAST_RULES = `
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

describe('live pipeline on fake venues: a compressed crash', () => {
  const venues = new FakeVenues();
  const redis = new TestRedis();
  let app: RunningApp;
  const seen: MarketEvent[] = [];
  let rulesFile = '';

  beforeAll(async () => {
    await Promise.all([venues.start(), redis.start()]);
    venues.prices.set('BTC', 86_000);
    const dir = mkdtempSync(join(tmpdir(), 'cascade-live-'));
    rulesFile = join(dir, 'fast.yaml');
    writeFileSync(rulesFile, FAST_RULES);
    const urls = {
      BINANCE_REST_URL: venues.url, BINANCE_WS_URL: venues.wsUrl, BYBIT_REST_URL: venues.url, BYBIT_WS_URL: venues.wsUrl,
      OKX_REST_URL: venues.url, OKX_WS_URL: venues.wsUrl,
    };
    const cfg = parseEnv({ ...urls, REDIS_URL: redis.url, SOURCES: 'binance,bybit,okx', SYMBOLS: 'BTC', PRICE_POLL_MS: '1000', RULES_FILE: rulesFile, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1' });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
    app.pipeline!.watch((ev) => seen.push({ ...ev }));
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await venues.close();
    await redis.dispose();
  });

  async function until(cond: () => boolean, ms: number, what: string) {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('emits the alerts a replay of the same events emits', async () => {
    await until(() => new Set(seen.filter((e) => e.kind === 'price').map((e) => e.source)).size >= 3, 15_000, 'prices from three venues');
    for (let p = 86_000; p >= 84_000; p -= 400) {
      venues.prices.set('BTC', p);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const now = Date.now();
    for (let i = 0; i < 6; i++) {
      for (const v of ['binance', 'bybit', 'okx'] as const) venues.streams.push(v, { symbol: 'BTC', side: 'long', price: 84_000, qty: 3, ts: now + i * 10 });
    }
    venues.streams.push('bybit', { symbol: 'BTC', side: 'long', price: 84_000, qty: 6, ts: now + 100 });
    await until(() => (app.engine!.alerts.items.some((a) => a.kind === 'cascade')), 15_000, 'a cascade');
    await new Promise((r) => setTimeout(r, 500));
    const live = app.engine!.alerts.items.map((a) => `${a.kind}:${a.severity}:${a.symbol}`);
    expect(new Set(live.map((k) => k.split(':')[0]))).toEqual(new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cascade']));
    const replay = new Engine(app.engine!.rules);
    const replayed = seen.flatMap((e) => replay.ingest(e)).map((a) => `${a.kind}:${a.severity}:${a.symbol}`);
    expect(replayed).toEqual(live);
    expect(seen.filter((e) => e.kind === 'liquidation').map((e) => e.source).sort()).toEqual(expect.arrayContaining(['binance', 'bybit', 'okx']));
  }, 60_000);
});
