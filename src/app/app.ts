import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { COMMANDS } from '../../commands/index.js';
import type { Config } from '../config/env.js';
import { PROBE_TIMEOUT_MS, startOpsServer, type ReadinessCheck } from '../ops/http.js';
import { Metrics } from '../ops/metrics.js';
import { registerSecret } from '../ops/secrets.js';
import type { Engine } from '../rules/engine.js';
import type { Pipeline } from './pipeline.js';
import { WatchStore } from '../store/watchlist.js';
import { connectCore, rulesFor, startWorker } from './core.js';
import { startEngine, type EngineRole } from './engine-role.js';
import { EngineLease } from './lease.js';
import { ScrapeGauges } from './gauges.js';
import { createChatPlatforms } from './platforms.js';
import { readinessChecks } from './readiness.js';
import type { RedisHandle } from './redis.js';
import { EXIT_CONFIG, EXIT_UNAVAILABLE, StartupError } from './startup-error.js';
import { Teardown } from './teardown.js';

export { rulesFor } from './core.js';

/** RunningApp is a started Cascade: stop() shuts it down gracefully. */
export interface RunningApp {
  http: Server;
  redis: RedisHandle;
  /** The engine's pipeline and the engine, while this process holds the engine lease (null on standby and for ROLE=delivery). */
  readonly pipeline: Pipeline | null;
  readonly engine: Engine | null;
  stop(): Promise<void>;
}

/** bindOps listens on HTTP_HOST:HTTP_PORT before anything else starts: a busy port is one line, not a half-started app. */
async function bindOps(cfg: Config, metrics: Metrics, checks: () => Record<string, ReadinessCheck>, scrape: () => Promise<void>): Promise<Server> {
  try {
    return await startOpsServer({ host: cfg.HTTP_HOST, port: cfg.HTTP_PORT, metrics, checks, beforeScrape: scrape });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError('HTTP_PORT', String(cfg.HTTP_PORT), `is in use by another program on ${cfg.HTTP_HOST}`, `stop that program or choose a free port, e.g. HTTP_PORT=${cfg.HTTP_PORT === 8080 ? 8081 : 8080}`, EXIT_UNAVAILABLE, { cause: err });
    if (code === 'EACCES') throw new StartupError('HTTP_PORT', String(cfg.HTTP_PORT), 'needs privileges to bind', 'use a port above 1023, e.g. HTTP_PORT=8080', EXIT_CONFIG, { cause: err });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartupError('HTTP_HOST', cfg.HTTP_HOST, 'is not an address of this machine', 'use HTTP_HOST=127.0.0.1 (this machine only) or 0.0.0.0 (every interface)', EXIT_CONFIG, { cause: err });
    throw err;
  }
}

const STARTING: Record<string, ReadinessCheck> = { startup: async () => ({ ok: false, detail: 'starting' }) };

/**
 * startApp runs the parts this ROLE asks for: engine + sources + jobs + bots, and/or delivery workers. Every
 * part is registered with one Teardown: a failed start stops what it started (private Redis included) and
 * rethrows (a StartupError is one line for the operator); stop() runs the same list for a graceful stop.
 */
export async function startApp(cfg: Config, log: Logger, opts: { dataDir: string; onLeaseLost?: () => void }): Promise<RunningApp> {
  for (const s of [cfg.TELEGRAM_BOT_TOKEN, cfg.DISCORD_TOKEN, cfg.TELEGRAM_WEBHOOK_SECRET, cfg.COINGLASS_API_KEY]) registerSecret(s);
  const down = new Teardown(log);
  try {
    return await build(cfg, log, opts.dataDir, down, opts.onLeaseLost ?? (() => {}));
  } catch (err) {
    await down.run();
    throw err;
  }
}

async function build(cfg: Config, log: Logger, dataDir: string, down: Teardown, onLeaseLost: () => void): Promise<RunningApp> {
  const started = Date.now();
  const rules = rulesFor(cfg);
  const metrics = new Metrics();
  let checks = STARTING;
  let gauges: ScrapeGauges | null = null;
  let role: EngineRole | null = null;
  const scrape = () => {
    role?.pipeline.gauge();
    return gauges?.refresh(PROBE_TIMEOUT_MS - 250) ?? Promise.resolve();
  };
  const http = await bindOps(cfg, metrics, () => checks, scrape);
  down.add('the ops server', () => new Promise((r) => http.close(r)));
  const c = await connectCore(cfg, log, dataDir, metrics, down);
  const runsEngine = cfg.ROLE === 'all' || cfg.ROLE === 'engine';
  // Issue 15: one engine runs at a time, the holder of the engine lease; another ROLE=engine process waits on standby.
  const lease = runsEngine ? new EngineLease(c.redis, c.prefix, log, cfg.ENGINE_LEASE_MS) : null;
  // Registered before the engine, so a graceful stop (newest first) writes the engine's last snapshot while it still
  // holds the lease, and releases the lease after (the standby then takes over at once, from that snapshot).
  if (lease) down.add('the engine lease (released: the standby takes over at once)', () => lease.stop());
  const roleDeps = { c, rules, log, started, down, lease };
  const active = lease ? await lease.tryAcquire() : false;
  if (active) role = await startEngine({ ...roleDeps, takeover: false });
  else if (lease) log.warn({ holder: (await lease.status()).holder }, 'another engine holds the engine lease: this one is on standby (it takes over if that one stops renewing)');
  const chat = role?.chat ?? createChatPlatforms(cfg, log, { ...c, view: null, started, chart: () => null, levelsChanged: async () => {}, commands: COMMANDS, runBots: false, sourceStatus: () => [], eventClock: () => null, watches: new WatchStore(c.redis, c.prefix), watchChanged: async () => {}, hyperliquidBudget: () => null });
  if (!role) {
    down.add('the chat platforms', () => chat.stop());
    await chat.start();
  }
  const workers = cfg.ROLE === 'engine' ? [] : chat.platforms.map((p) => startWorker(c, p));
  down.add('the delivery workers (in-flight sends finish)', () => Promise.all(workers.map((w) => w.close())));
  const setChecks = () => {
    gauges = new ScrapeGauges(c.metrics, Object.entries(c.queues), role ? role.health : null, Date.now, started, c.paid);
    checks = {
      ...readinessChecks({ redis: c.redis, health: role ? role.health : null, workers: workers.map((w) => w.dog), bots: role ? role.chat.bots : [], started, expectWorkers: cfg.ROLE !== 'engine' && c.platformsOn.length > 0 }),
      ...(lease ? { engine: engineCheck(lease, metrics, () => c.redis.status === 'ready') } : {}),
    };
  };
  setChecks();
  if (lease) {
    lease.watch(async () => {
      const t0 = Date.now();
      const running = () => log.warn({ tookMs: Date.now() - t0, lease: lease.token }, `standby took over: the engine runs ${Date.now() - t0} ms after taking the lease (state restored, catching up the missed minutes)`);
      try {
        role = await startEngine({ ...roleDeps, takeover: true, onRunning: running });
        setChecks();
      } catch (err) {
        log.error({ err }, 'the standby could not start the engine: stopping (restart it)');
        onLeaseLost();
      }
    }, () => onLeaseLost());
  }
  log.info({ role: cfg.ROLE, platforms: c.platformsOn, http: `${cfg.HTTP_HOST}:${cfg.HTTP_PORT}`, ...(lease ? { engine: role ? 'active' : 'standby' } : {}) }, `Cascade is up (${c.platformsOn.length > 0 ? c.platformsOn.join(' + ') : 'no chat token: alerts print to this terminal'})${lease && !role ? ', engine on standby' : ''}; health on http://${cfg.HTTP_HOST}:${cfg.HTTP_PORT}/readyz`);
  return {
    http, redis: c.redisHandle,
    get pipeline() { return role?.pipeline ?? null; },
    get engine() { return role?.engine ?? null; },
    async stop() {
      log.info('shutting down: finishing in-flight work');
      await down.run();
      log.info('stopped cleanly');
    },
  };
}

/** engineCheck is /readyz's `engine` line: active (holds the lease, with its fencing token) or standby (ready to take over); while Redis is away, what this process knows. */
function engineCheck(lease: EngineLease, metrics: Metrics, redisUp: () => boolean): ReadinessCheck {
  return async () => {
    const st = redisUp() ? await lease.status().catch(() => null) : null;
    const active = st ? st.role === 'active' : lease.token !== null;
    metrics.engineActive.set(active ? 1 : 0);
    metrics.engineLeaseToken.set(active ? lease.token ?? 0 : 0);
    if (!st) return { ok: true, detail: active ? `active (token ${lease.token}); Redis unreachable: the lease is renewed when it returns` : 'standby; Redis unreachable' };
    if (active) return { ok: true, detail: `active: holds the engine lease (token ${st.token}); ${st.standbys.length} standby` };
    return { ok: true, detail: `standby: ${st.holder ? `the engine runs on ${st.holder} (token ${st.token})` : 'no engine holds the lease: taking over'}` };
  };
}
