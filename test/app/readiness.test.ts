import { describe, expect, it } from 'vitest';
import { readinessChecks, STARTUP_GRACE_MS } from '../../src/app/readiness.js';
import { SourceHealth } from '../../src/sources/health.js';

const redis = { ping: async () => 'PONG' };

describe('/readyz is per source and honest (issue 11)', () => {
  it('a replayed feed registered in the ledger is ready while fresh, and not once quiet past its budget', async () => {
    const health = new SourceHealth();
    let now = 1_000_000_000_000;
    const started = now - 10 * 60_000; // past the start-up grace
    health.tracker.watch('replay', 'replay', 120_000, started);
    const checks = () => readinessChecks({ redis, health, workers: [], bots: [], started, expectWorkers: false, now: () => now });
    expect((await checks()['source:replay']()).ok).toBe(false);
    health.tracker.seen('replay', 'replay', now);
    expect(await checks()['source:replay']()).toEqual({ ok: true, detail: 'fresh (last data 0 s ago)' });
    now += 121_000;
    expect(await checks()['source:replay']()).toEqual({ ok: false, detail: 'replay feed quiet 121 s (budget 120 s)' });
    expect(health.status()[0].stale).toBe(false); // a pure read: the tracker's own state is unchanged
  });

  it('each enabled source is judged by its own budget: one fresh venue does not make a stale one ready', async () => {
    const health = new SourceHealth();
    const t0 = 1_000_000_000_000;
    health.tracker.watch('binance', 'liquidation', 15_000, t0);
    health.tracker.watch('yahoo', 'index', 180_000, t0);
    let now = t0 + STARTUP_GRACE_MS - 1;
    const checks = () => readinessChecks({ redis, health, workers: [], bots: [], started: t0, expectWorkers: false, now: () => now });
    // Inside the start-up grace, a source without data yet is "starting", not failing.
    expect(await checks()['source:binance']()).toEqual({ ok: true, detail: 'starting: waiting for the first data' });
    now = t0 + 100_000;
    health.tracker.seen('yahoo', 'index', now);
    expect((await checks()['source:yahoo']()).ok).toBe(true);
    expect(await checks()['source:binance']()).toEqual({ ok: false, detail: 'liquidation feed quiet 100 s (budget 15 s): no data since start' });
  });

  it('a chat bot that stopped receiving updates (polling ended after a 401) is not ready', async () => {
    let serving = true;
    const checks = readinessChecks({ redis, health: null, workers: [], bots: [{ name: 'telegram', serving: () => serving }], started: 0, expectWorkers: false });
    expect((await checks['bot:telegram']()).ok).toBe(true);
    serving = false;
    expect(await checks['bot:telegram']()).toMatchObject({ ok: false });
  });

  it('rejections are counted once, in the ledger', () => {
    const health = new SourceHealth();
    health.countReject({ source: 'replay', reason: 'bad_line' });
    expect(health.status()[0]).toMatchObject({ source: 'replay', rejectedTotal: 1, rejected: { bad_line: 1 } });
  });
});
