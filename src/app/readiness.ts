import type { WorkerWatchdog } from '../delivery/watchdog.js';
import type { ReadinessCheck } from '../ops/http.js';
import type { SourceHealth } from '../sources/health.js';
import type { SourceStatus } from '../sources/types.js';
import type { ChatBotState } from './platforms.js';

/** STARTUP_GRACE_MS: sources have this long after start to deliver a first event before /readyz fails. */
export const STARTUP_GRACE_MS = 60_000;

/** ReadinessDeps are the parts /readyz judges; `now` is a seam (tests pass a controllable clock). */
export interface ReadinessDeps {
  redis: { ping(): Promise<string> };
  health: SourceHealth | null;
  workers: WorkerWatchdog[];
  bots: ChatBotState[];
  started: number;
  expectWorkers: boolean;
  now?: () => number;
}

const secs = (ms: number) => `${Math.round(ms / 1000)} s`;

/** sourceCheck judges one source by its own feeds' budgets: quiet past a budget is not ready (after the start-up grace). */
export function sourceCheck(s: SourceStatus, now: number, started: number): { ok: boolean; detail: string } {
  const late = s.feeds.filter((f) => f.stale || now - f.quietSince > f.budgetMs);
  if (late.length === 0) return { ok: true, detail: s.lastEventTs === null ? 'starting: no data yet' : `fresh (last data ${secs(now - s.lastEventTs)} ago)` };
  if (s.lastEventTs === null && now - started < STARTUP_GRACE_MS) return { ok: true, detail: 'starting: waiting for the first data' };
  const f = late[0];
  return { ok: false, detail: `${f.feed} feed quiet ${secs(now - f.quietSince)} (budget ${secs(f.budgetMs)})${s.lastEventTs === null ? ': no data since start' : ''}` };
}

/**
 * readinessChecks builds /readyz, one named check per part (issue 11): `redis` reachable, `workers` running
 * (delivery roles), `bot:<platform>` receiving updates (a bot whose polling stopped after a 401 is not
 * ready), and `source:<id>` for every source the operator enabled, each fresh by its own budget.
 */
export function readinessChecks(o: ReadinessDeps): Record<string, ReadinessCheck> {
  const now = o.now ?? Date.now;
  const checks: Record<string, ReadinessCheck> = {
    redis: async () => {
      const pong = await o.redis.ping().catch((err: Error) => `error: ${err.message.slice(0, 60)}`);
      return { ok: pong === 'PONG', detail: pong === 'PONG' ? 'reachable' : String(pong) };
    },
  };
  if (o.expectWorkers) {
    checks.workers = async () => {
      const running = o.workers.filter((w) => w.current.isRunning()).length;
      return { ok: running === o.workers.length && running > 0, detail: `${running}/${o.workers.length} delivery workers running` };
    };
  }
  for (const b of o.bots) checks[`bot:${b.name}`] = async () => (b.serving() ? { ok: true, detail: 'receiving updates' } : { ok: false, detail: 'not receiving updates (polling stopped or not connected: see the log)' });
  const health = o.health;
  if (health) {
    for (const s of health.status()) checks[`source:${s.source}`] = async () => sourceCheck(health.status().find((x) => x.source === s.source) ?? s, now(), o.started);
  }
  return checks;
}
