import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { readinessChecks } from '../../src/app/readiness.js';
import { SourceHealth } from '../../src/sources/health.js';

const redis = { ping: async () => 'PONG' } as unknown as Redis;

describe('one source-health ledger behind /readyz and /status', () => {
  it('a replayed feed registered in the ledger makes the sources ready, and reads stale once quiet past its budget', async () => {
    const health = new SourceHealth();
    const started = Date.now() - 10 * 60_000; // past the start-up grace
    const checks = readinessChecks({ redis, health, workers: [], started, expectWorkers: false });
    health.tracker.watch('replay', 'replay', 120_000, started);
    expect((await checks.sources()).ok).toBe(false);
    health.tracker.seen('replay', 'replay', Date.now());
    expect(await checks.sources()).toEqual({ ok: true, detail: 'fresh: replay' });
    expect(health.status(Date.now() + 121_000)[0]).toMatchObject({ source: 'replay', stale: true });
    expect(health.status()[0].stale).toBe(false); // a pure read: the tracker's own state is unchanged
  });

  it('rejections are counted once, in the ledger', () => {
    const health = new SourceHealth();
    health.countReject({ source: 'replay', reason: 'bad_line' });
    expect(health.status()[0]).toMatchObject({ source: 'replay', rejectedTotal: 1, rejected: { bad_line: 1 } });
  });
});
