import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { planInputs } from '../../src/cli/backtest-plan.js';
import { runBacktest } from '../../src/cli/backtest-run.js';
import { parseEnv } from '../../src/config/env.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';

/** Rule windows shortened so a crash plays out in seconds of real time (as in test/e2e/live-crash.test.ts). */
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

describe('record → replay: a recorded live day replays to the alerts the live engine fired', () => {
  const venues = new FakeVenues();
  const redis = new TestRedis();
  let app: RunningApp;
  let recordDir = '';
  let port = 0;
  const seen: MarketEvent[] = [];

  beforeAll(async () => {
    await Promise.all([venues.start(), redis.start()]);
    venues.prices.set('BTC', 86_000);
    const dir = mkdtempSync(join(tmpdir(), 'cascade-record-live-'));
    recordDir = join(dir, 'recordings');
    const rulesFile = join(dir, 'fast.yaml');
    writeFileSync(rulesFile, FAST_RULES);
    const urls = {
      BINANCE_REST_URL: venues.url, BINANCE_WS_URL: venues.wsUrl, BYBIT_REST_URL: venues.url, BYBIT_WS_URL: venues.wsUrl,
      OKX_REST_URL: venues.url, OKX_WS_URL: venues.wsUrl,
    };
    port = await freePort();
    const cfg = parseEnv({ ...urls, REDIS_URL: redis.url, SOURCES: 'binance,bybit,okx', SYMBOLS: 'BTC', PRICE_POLL_MS: '1000', RULES_FILE: rulesFile, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', RECORD_DIR: recordDir, RECORD_FLUSH_MS: '200' });
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

  it('records every event the engine took, shows its disk use on /metrics, and the recording replays to the same alerts', async () => {
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
    await until(() => app.engine!.alerts.items.some((a) => a.kind === 'cascade'), 15_000, 'a cascade');
    await new Promise((r) => setTimeout(r, 500));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(Number(/^cascade_record_disk_bytes (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(1000);
    expect(Number(/^cascade_record_events_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(20);
    expect(metrics).toMatch(/^cascade_record_dropped_events_total 0$/m);

    const rules = app.engine!.rules;
    const live = app.engine!.alerts.items.map((a) => a.id);
    const taken = seen.length;
    await app.stop(); // the teardown writes what is buffered
    expect(new Set(live.map((id) => id.split(':')[0]))).toEqual(new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cascade']));

    const files = readdirSync(recordDir);
    expect(files.every((f) => /^\d{4}-\d{2}-\d{2}\.ndjson(\.gz)?$/.test(f))).toBe(true);
    // The backtest of the recording directory (it reads .ndjson and .ndjson.gz alike) fires the same alerts, in order.
    const plan = planInputs([recordDir]);
    expect(plan.notes).toEqual([]);
    const res = await runBacktest({ files: plan.files, rules, note: (l) => expect.fail(l) });
    expect(res.events).toBe(taken);
    expect(res.rejected).toBe(0);
    expect(res.tally.alerts.map((a) => a.id)).toEqual(live);
    // And the replay reader sees exactly the events the engine took, in order.
    const plain = files.filter((f) => f.endsWith('.ndjson'));
    if (plain.length === files.length) {
      const recorded: MarketEvent[] = [];
      for (const f of plain.sort()) readEvents(join(recordDir, f), (e) => recorded.push(e), (r) => expect.fail(r.reason));
      expect(recorded).toEqual(seen);
      const engine = new Engine(rules);
      expect(recorded.flatMap((e) => engine.ingest(e)).map((a) => a.id)).toEqual(live);
    }
  }, 90_000);
});
