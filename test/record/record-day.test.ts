import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { planInputs } from '../../src/cli/backtest-plan.js';
import { runBacktest } from '../../src/cli/backtest-run.js';
import { parseEnv } from '../../src/config/env.js';
import { generateDay } from '../../src/demo/generate.js';
import { freePort, TestRedis } from '../helpers/redis.js';

describe('record → backtest of the crash hours played into the live app', () => {
  const redis = new TestRedis();
  let app: RunningApp | undefined;
  afterAll(async () => {
    await app?.stop();
    await redis.dispose();
  });

  it('records every one of its events, and the recording backtests to the alerts the live engine fired', async () => {
    await redis.start();
    const dir = mkdtempSync(join(tmpdir(), 'cascade-record-day-'));
    // The crash hours of the demo day (13:00–14:30 UTC): the whole day would take minutes through the live app on a loaded machine.
    const whole = join(dir, 'whole.ndjson');
    generateDay(whole);
    const t0 = Date.UTC(2026, 0, 29, 13), t1 = t0 + 90 * 60_000;
    const lines = readFileSync(whole, 'utf8').split('\n').filter((l) => {
      const ts = Number(/"ts":(\d+)/.exec(l)?.[1]);
      // Without whale positions: a live engine tracks only configured and /watch-ed accounts (and its collectors poll
      // only those), a replay every account its file has positions for (DESIGN §4), so these demo accounts differ by design.
      return ts >= t0 && ts < t1 && !l.includes('"kind":"position"');
    });
    const day = join(dir, 'crash-hours.ndjson');
    writeFileSync(day, `${lines.join('\n')}\n`);
    const n = lines.length;
    const recordDir = join(dir, 'rec');
    const cfg = parseEnv({ REDIS_URL: redis.url, SOURCES: 'none', REPLAY_FILE: day, REPLAY_SPEED: '0', RECORD_DIR: recordDir, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1', CASCADE_DATA_DIR: dir });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
    // The replay starts inside startApp: wait for the clock to reach the last event, then for the feed to go quiet.
    const lastTs = Math.max(...lines.map((l) => Number(/"ts":(\d+)/.exec(l)![1])));
    let taken = 0;
    app.pipeline!.watch(() => void taken++);
    const end = Date.now() + 240_000;
    while (app.engine!.market.clock < lastTs && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    for (let before = -1; before !== taken; ) {
      before = taken;
      await new Promise((r) => setTimeout(r, 500));
    }
    const live = app.engine!.alerts.items.map((a) => a.id);
    const rules = app.engine!.rules;
    await app.stop(); // writes what is buffered
    expect(new Set(live.map((id) => id.split(':')[0]))).toEqual(expect.objectContaining(new Set(['cascade'])));
    expect(live.length).toBeGreaterThan(5);
    const plan = planInputs([recordDir]);
    expect(plan.files.map((f) => f.path)).toEqual([join(recordDir, '2026-01-29.ndjson')]);
    const res = await runBacktest({ files: plan.files, rules, note: (l) => expect.fail(l) });
    expect(res.events).toBe(n);
    expect(res.tally.alerts.map((a) => a.id)).toEqual(live);
  }, 300_000);
});
