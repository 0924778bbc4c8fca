import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { COMMANDS } from '../../commands/index.js';
import type { StatusReport } from '../../commands/services.js';
import { JOBS } from '../../jobs/index.js';
import type { Config } from '../config/env.js';
import { DeliveryProducer } from '../delivery/producer.js';
import { PROBE_TIMEOUT_MS, startOpsServer, type ReadinessCheck } from '../ops/http.js';
import { Metrics } from '../ops/metrics.js';
import { registerSecret } from '../ops/secrets.js';
import type { Engine } from '../rules/engine.js';
import type { MarketEvent } from '../market/types.js';
import { SourceHealth } from '../sources/health.js';
import { WatchStore } from '../store/watchlist.js';
import type { SummaryExtras } from '../summary/build.js';
import { chartFor } from './chart.js';
import type { Locale } from '../i18n/locale.js';
import { connectCore, rulesFor, startWorker, type Core } from './core.js';
import { EngineView } from './engine-view.js';
import { EngineStore } from './engine-store.js';
import { ScrapeGauges } from './gauges.js';
import { operatorNotices } from './operator.js';
import { Pipeline } from './pipeline.js';
import { createChatPlatforms } from './platforms.js';
import { readinessChecks } from './readiness.js';
import type { RedisHandle } from './redis.js';
import { REPLAY_FRESHNESS_MS, REPLAY_SOURCE, replayFeed } from './replay-feed.js';
import { jobServices } from './services.js';
import { startSources, type RunningSources } from './sources.js';
import { EXIT_CONFIG, EXIT_UNAVAILABLE, StartupError } from './startup-error.js';
import { JobScheduler } from './scheduler.js';
import { Teardown } from './teardown.js';
import { Watching } from './watching.js';

export { rulesFor } from './core.js';

/** RunningApp is a started Cascade: stop() shuts it down gracefully. */
export interface RunningApp {
  http: Server;
  redis: RedisHandle;
  pipeline: Pipeline | null;
  engine: Engine | null;
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

function startReplay(c: Core, pipeline: Pipeline, health: SourceHealth, stopped: () => boolean): void {
  const file = c.cfg.REPLAY_FILE!;
  health.tracker.watch(REPLAY_SOURCE, 'replay', REPLAY_FRESHNESS_MS, Date.now());
  const onReject = (line: number, reason: string) => {
    health.countReject({ source: REPLAY_SOURCE, reason: 'bad_line' });
    c.metrics.eventsRejected.inc({ source: REPLAY_SOURCE, reason: 'bad_line' });
    c.log.warn({ source: REPLAY_SOURCE, line, reason }, `replay: line ${line} rejected: ${reason}`);
  };
  const sink = (ev: MarketEvent) => {
    health.tracker.seen(REPLAY_SOURCE, 'replay', Date.now());
    pipeline.ingest(ev);
  };
  void replayFeed(file, c.cfg.REPLAY_SPEED, sink, onReject, stopped).then((n) => c.log.info({ events: n }, `replay of ${file} finished`));
}

/** sourceStatus is what /status shows of the sources: the health ledger, live collectors or a replayed feed alike (its last event on the event clock). */
function sourceStatus(health: SourceHealth, eventClock: () => number | null): StatusReport['sources'] {
  return health.status(Date.now()).map((s) => {
    const replayed = s.source === REPLAY_SOURCE && eventClock() !== null;
    return { source: s.source, lastEventTs: replayed ? eventClock() : s.lastEventTs, stale: s.stale, rejected: s.rejectedTotal, gaps: s.gaps, ...(replayed ? { eventTime: true } : {}) };
  });
}

const NO_SOURCES: RunningSources = { stop: async () => {}, extras: () => ({}) };
const NO_PULLS: NonNullable<RunningSources['pull']> = { prices: async () => [], indices: async () => [], aggregator: async () => {}, leverage: async () => [], leverageSummary: async () => {} };
const STARTING: Record<string, ReadinessCheck> = { startup: async () => ({ ok: false, detail: 'starting' }) };

/**
 * startApp runs the parts this ROLE asks for: engine + sources + jobs + bots, and/or delivery workers. Every
 * part is registered with one Teardown: a failed start stops what it started (private Redis included) and
 * rethrows (a StartupError is one line for the operator); stop() runs the same list for a graceful stop.
 */
export async function startApp(cfg: Config, log: Logger, opts: { dataDir: string }): Promise<RunningApp> {
  for (const s of [cfg.TELEGRAM_BOT_TOKEN, cfg.DISCORD_TOKEN, cfg.TELEGRAM_WEBHOOK_SECRET, cfg.COINGLASS_API_KEY]) registerSecret(s);
  const down = new Teardown(log);
  try {
    return await build(cfg, log, opts.dataDir, down);
  } catch (err) {
    await down.run();
    throw err;
  }
}

async function build(cfg: Config, log: Logger, dataDir: string, down: Teardown): Promise<RunningApp> {
  const started = Date.now();
  const rules = rulesFor(cfg);
  const metrics = new Metrics();
  let checks = STARTING;
  let gauges: ScrapeGauges | null = null;
  const http = await bindOps(cfg, metrics, () => checks, () => gauges?.refresh(PROBE_TIMEOUT_MS - 250) ?? Promise.resolve());
  down.add('the ops server', () => new Promise((r) => http.close(r)));
  const c = await connectCore(cfg, log, dataDir, metrics, down);
  const runsEngine = cfg.ROLE === 'all' || cfg.ROLE === 'engine';
  const engineStore = new EngineStore(c.redis, c.prefix, log);
  const engine = runsEngine ? await engineStore.load(rules, Date.now()) : null;
  if (engine) {
    // Saved with the alerts fired but not yet handed to delivery (re-published at the next start: none lost).
    engineStore.start(engine, Date.now, () => pipeline?.unpublished() ?? []);
    down.add('the engine snapshot', () => engineStore.stop(engine, Date.now(), pipeline?.unpublished()));
  }
  let sources = NO_SOURCES;
  const health = new SourceHealth();
  const extras = (from: number, to: number): SummaryExtras => {
    const x = sources.extras(from, to);
    return { ...x, gaps: [...engineStore.downtimes(Date.now() - 7 * 86_400_000), ...(x.gaps ?? [])].sort((a, b) => a.fromTs - b.fromTs) };
  };
  const view = engine ? new EngineView(engine, extras) : null;
  const chart = (ms: number, locale: Locale) => (engine ? chartFor(engine, ms, locale) : null);
  const producer = new DeliveryProducer({ redis: c.redis, prefix: c.prefix, queues: c.queues, subs: c.subs, payloads: c.payloads, chart: (_a, locale) => chart(6 * 3_600_000, locale), groupWaitMs: cfg.DELIVERY_GROUP_WAIT_MS });
  const eventClock = () => (cfg.REPLAY_FILE && engine && engine.market.clock > 0 ? engine.market.clock : null);
  const levelsChanged = async () => {
    if (engine) for (const [asset, levels] of Object.entries(await c.subs.customLevels())) engine.setExtraLevels(asset, levels);
  };
  await levelsChanged();
  const watches = new WatchStore(c.redis, c.prefix);
  const watching = new Watching(rules, watches, c.subs, engine);
  const accounts = await watching.accounts();
  const chat = createChatPlatforms(cfg, log, {
    ...c, view, started, chart, levelsChanged, commands: COMMANDS, runBots: runsEngine, sourceStatus: () => sourceStatus(health, eventClock), eventClock,
    watches, watchChanged: () => watching.changed(), hyperliquidBudget: () => sources.hyperliquidBudget?.() ?? null,
  });
  down.add('the chat bots', () => chat.stop());
  await chat.start();
  const workers = cfg.ROLE === 'engine' ? [] : chat.platforms.map((p) => startWorker(c, p));
  down.add('the delivery workers (in-flight sends finish)', () => Promise.all(workers.map((w) => w.close())));
  const pipeline = engine ? new Pipeline(engine, c.metrics, log, c.platformsOn.length > 0 ? producer : null) : null;
  if (pipeline) down.add('the alert pipeline (queued alerts handed to delivery)', () => pipeline.drain());
  if (pipeline && c.platformsOn.length > 0) pipeline.resume(await engineStore.pending());
  let stopped = false;
  down.add('the replay', () => void (stopped = true));
  if (engine && pipeline) {
    sources = await startSources(cfg, log, pipeline, c.metrics, operatorNotices(cfg.OPS_CHAT, producer, c.payloads, log.child({ component: 'sources' })), health, accounts);
    down.add('the collectors', () => sources.stop());
  }
  watching.replan = (a) => sources.setAccounts?.(a);
  if (pipeline && cfg.REPLAY_FILE) startReplay(c, pipeline, health, () => stopped);
  const services = jobServices({ engine, view, subs: c.subs, producer, payloads: c.payloads, chart, pull: sources.pull ?? NO_PULLS });
  const scheduler = runsEngine ? new JobScheduler(JOBS, cfg, c.connection, c.prefix, log, services) : null;
  if (scheduler) {
    down.add('the job scheduler', () => scheduler.stop());
    await scheduler.schedule();
    scheduler.start();
  }
  gauges = new ScrapeGauges(c.metrics, Object.entries(c.queues), pipeline ? health : null, Date.now, started, c.paid);
  checks = readinessChecks({ redis: c.redis, health: pipeline ? health : null, workers: workers.map((w) => w.dog), bots: chat.bots, started, expectWorkers: cfg.ROLE !== 'engine' && c.platformsOn.length > 0 });
  log.info({ role: cfg.ROLE, platforms: c.platformsOn, http: `${cfg.HTTP_HOST}:${cfg.HTTP_PORT}` }, `Cascade is up (${c.platformsOn.length > 0 ? c.platformsOn.join(' + ') : 'no chat token: alerts print to this terminal'}); health on http://${cfg.HTTP_HOST}:${cfg.HTTP_PORT}/readyz`);
  return {
    http, redis: c.redisHandle, pipeline, engine,
    async stop() {
      log.info('shutting down: finishing in-flight work');
      await down.run();
      log.info('stopped cleanly');
    },
  };
}
