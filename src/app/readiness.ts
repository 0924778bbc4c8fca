import type { Redis } from 'ioredis';
import type { WorkerWatchdog } from '../delivery/watchdog.js';
import type { ReadinessCheck } from '../ops/http.js';
import type { Pipeline } from './pipeline.js';

/** STARTUP_GRACE_MS: sources have this long after start to deliver a first event before /readyz fails. */
export const STARTUP_GRACE_MS = 60_000;
/** SOURCE_STALE_MS: a source quiet for this long (wall time) is stale. */
export const SOURCE_STALE_MS = 120_000;

/** readinessChecks builds /readyz: Redis reachable, sources fresh (after a start-up grace), workers running. */
export function readinessChecks(o: { redis: Redis; pipeline: Pipeline | null; workers: WorkerWatchdog[]; started: number; expectWorkers: boolean }): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    redis: async () => {
      const pong = await Promise.race([o.redis.ping(), new Promise<string>((r) => setTimeout(() => r('timeout'), 1000))]);
      return { ok: pong === 'PONG', detail: pong === 'PONG' ? 'reachable' : 'no answer within 1 s' };
    },
  };
  if (o.pipeline) {
    const pipeline = o.pipeline;
    checks.sources = async () => {
      const now = Date.now();
      const fresh = [...pipeline.sources].filter(([, s]) => now - s.lastWallTs < SOURCE_STALE_MS).map(([k]) => k);
      if (fresh.length > 0) return { ok: true, detail: `fresh: ${fresh.join(', ')}` };
      const grace = now - o.started < STARTUP_GRACE_MS;
      return { ok: grace, detail: grace ? 'starting: waiting for the first events' : 'no source has delivered in the last 2 min' };
    };
  }
  if (o.expectWorkers) {
    checks.workers = async () => {
      const running = o.workers.filter((w) => w.current.isRunning()).length;
      return { ok: running === o.workers.length && running > 0, detail: `${running}/${o.workers.length} delivery workers running` };
    };
  }
  return checks;
}
