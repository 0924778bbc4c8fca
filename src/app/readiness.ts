import type { Redis } from 'ioredis';
import type { WorkerWatchdog } from '../delivery/watchdog.js';
import type { ReadinessCheck } from '../ops/http.js';
import type { SourceHealth } from '../sources/health.js';

/** STARTUP_GRACE_MS: sources have this long after start to deliver a first event before /readyz fails. */
export const STARTUP_GRACE_MS = 60_000;

/**
 * readinessChecks builds /readyz: Redis reachable, a source fresh within its feed's budget (after a start-up
 * grace; `health` is null where no engine runs), workers running.
 */
export function readinessChecks(o: { redis: Redis; health: SourceHealth | null; workers: WorkerWatchdog[]; started: number; expectWorkers: boolean }): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    redis: async () => {
      const pong = await Promise.race([o.redis.ping(), new Promise<string>((r) => setTimeout(() => r('timeout'), 1000))]);
      return { ok: pong === 'PONG', detail: pong === 'PONG' ? 'reachable' : 'no answer within 1 s' };
    },
  };
  if (o.health) {
    const health = o.health;
    checks.sources = async () => {
      const now = Date.now();
      const fresh = health.status(now).filter((s) => !s.stale && s.lastEventTs !== null).map((s) => s.source);
      if (fresh.length > 0) return { ok: true, detail: `fresh: ${fresh.join(', ')}` };
      const grace = now - o.started < STARTUP_GRACE_MS;
      return { ok: grace, detail: grace ? 'starting: waiting for the first events' : 'no source is fresh: every feed has been quiet past its budget' };
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
