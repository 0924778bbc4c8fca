import type { Server } from 'node:http';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { COMMANDS } from '../../commands/index.js';
import type { StatusReport } from '../../commands/services.js';
import { JOBS } from '../../jobs/index.js';
import type { Config } from '../config/env.js';
import { DEFAULT_RULES } from '../config/rules-defaults.js';
import { loadRulesFile } from '../config/rules-file.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { DeliveryLedger } from '../delivery/ledger.js';
import { queueName, type DeliveryJob } from '../delivery/jobs.js';
import { Pacer } from '../delivery/pacing.js';
import { PayloadStore } from '../delivery/payloads.js';
import { DeliveryProducer } from '../delivery/producer.js';
import { WorkerWatchdog } from '../delivery/watchdog.js';
import { createDeliveryWorker } from '../delivery/worker.js';
import { JobScheduler } from './scheduler.js';
import { startOpsServer } from '../ops/http.js';
import { Metrics } from '../ops/metrics.js';
import { registerSecret } from '../ops/secrets.js';
import type { ChatPlatform, PlatformName } from '../chat/platform.js';
import type { Engine } from '../rules/engine.js';
import type { MarketEvent } from '../market/types.js';
import { SourceHealth } from '../sources/health.js';
import { RedisKeys } from '../store/keys.js';
import { SubscriptionStore } from '../store/subscriptions.js';
import { WatchStore } from '../store/watchlist.js';
import type { SummaryExtras } from '../summary/build.js';
import { EngineView } from './engine-view.js';
import { chartFor } from './chart.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale.js';
import { EngineStore } from './engine-store.js';
import { operatorNotices } from './operator.js';
import { Pipeline } from './pipeline.js';
import { startChatPlatforms } from './platforms.js';
import { readinessChecks } from './readiness.js';
import { checkRedisConfig, connectRedis, type RedisHandle } from './redis.js';
import { REPLAY_FRESHNESS_MS, REPLAY_SOURCE, replayFeed } from './replay-feed.js';
import { jobServices } from './services.js';
import { startSources, type RunningSources } from './sources.js';
import { Watching } from './watching.js';

/** RunningApp is a started Cascade: stop() shuts it down gracefully. */
export interface RunningApp {
  http: Server;
  redis: RedisHandle;
  pipeline: Pipeline | null;
  engine: Engine | null;
  stop(): Promise<void>;
}

/** Core is what every role shares: Redis, the stores, the queues, the producer and the metrics. */
interface Core {
  cfg: Config;
  log: Logger;
  redisHandle: RedisHandle;
  redis: Redis;
  connection: ConnectionOptions;
  prefix: string;
  metrics: Metrics;
  subs: SubscriptionStore;
  payloads: PayloadStore;
  platformsOn: PlatformName[];
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
}

/** rulesFor loads the rules file (or the defaults) and tracks every configured symbol. */
export function rulesFor(cfg: Config): RulesConfig {
  const rules = cfg.RULES_FILE ? loadRulesFile(cfg.RULES_FILE) : DEFAULT_RULES;
  const assets = { ...rules.assets };
  for (const s of cfg.SYMBOLS.split(',')) assets[s] ??= {};
  return { ...rules, assets };
}

const RETRY = (n: number) => Math.min(n * 200, 2000);

async function connectCore(cfg: Config, log: Logger, dataDir: string): Promise<Core> {
  const redisHandle = await connectRedis(cfg.REDIS_URL, `${dataDir}/redis`, log);
  const connection = { host: redisHandle.host, port: redisHandle.port, maxRetriesPerRequest: null, retryStrategy: RETRY };
  const redis = new Redis(redisHandle.url, { maxRetriesPerRequest: null, retryStrategy: RETRY });
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'Redis connection error'));
  await checkRedisConfig(redis, log);
  const prefix = cfg.REDIS_PREFIX;
  const platformsOn: PlatformName[] = [...(cfg.TELEGRAM_BOT_TOKEN ? (['telegram'] as const) : []), ...(cfg.DISCORD_TOKEN ? (['discord'] as const) : [])];
  const queues: Core['queues'] = {};
  for (const p of platformsOn) queues[p] = new Queue<DeliveryJob>(queueName(p), { connection, prefix: new RedisKeys(prefix).bull });
  return { cfg, log, redisHandle, redis, connection, prefix, metrics: new Metrics(), subs: new SubscriptionStore(redis, prefix), payloads: new PayloadStore(redis, prefix), platformsOn, queues };
}

function startWorker(c: Core, platform: ChatPlatform): WorkerWatchdog {
  const deps = {
    platform, redis: c.redis, prefix: c.prefix, queue: c.queues[platform.name]!, subs: c.subs, payloads: c.payloads,
    ledger: new DeliveryLedger(c.redis, c.prefix), pacer: new Pacer(c.redis, c.prefix),
    log: c.log.child({ component: 'delivery', platform: platform.name }),
    onOutcome: (o: string) => c.metrics.deliveries.inc({ platform: platform.name, outcome: o }),
    onSent: (_j: DeliveryJob, ms: number) => c.metrics.ledgerWindow.observe(ms / 1000),
  };
  const probe = new Redis({ ...(c.connection as object), maxRetriesPerRequest: 1 });
  probe.on('error', () => {});
  const dog = new WorkerWatchdog(() => createDeliveryWorker(deps, c.connection, c.cfg.DELIVERY_CONCURRENCY), probe, deps.queue, c.log);
  dog.start();
  return dog;
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

async function scrapeGauges(c: Core, health: SourceHealth): Promise<void> {
  for (const [p, q] of Object.entries(c.queues)) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    for (const [state, n] of Object.entries(counts)) c.metrics.queueJobs.set({ platform: p, state }, n);
  }
  const now = Date.now();
  for (const s of health.status()) if (s.lastEventTs !== null) c.metrics.sourceAge.set({ source: s.source }, (now - s.lastEventTs) / 1000);
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

/** startApp runs the parts this ROLE asks for: engine + sources + jobs + bots, and/or delivery workers. */
export async function startApp(cfg: Config, log: Logger, opts: { dataDir: string }): Promise<RunningApp> {
  for (const s of [cfg.TELEGRAM_BOT_TOKEN, cfg.DISCORD_TOKEN, cfg.TELEGRAM_WEBHOOK_SECRET, cfg.COINGLASS_API_KEY]) registerSecret(s);
  const started = Date.now();
  const rules = rulesFor(cfg);
  const c = await connectCore(cfg, log, opts.dataDir);
  const runsEngine = cfg.ROLE === 'all' || cfg.ROLE === 'engine';
  const engineStore = new EngineStore(c.redis, c.prefix, log);
  const engine = runsEngine ? await engineStore.load(rules, Date.now()) : null;
  let sources = NO_SOURCES;
  const health = new SourceHealth();
  const view = engine ? new EngineView(engine, (): SummaryExtras => sources.extras()) : null;
  const chart = (ms: number, locale: Locale) => (engine ? chartFor(engine, ms, locale) : null);
  const producer = new DeliveryProducer({ redis: c.redis, prefix: c.prefix, queues: c.queues, subs: c.subs, payloads: c.payloads, chart: () => chart(6 * 3_600_000, DEFAULT_LOCALE), groupWaitMs: cfg.DELIVERY_GROUP_WAIT_MS });
  const pipeline = engine ? new Pipeline(engine, c.metrics, log, c.platformsOn.length > 0 ? producer : null) : null;
  if (engine) engineStore.start(engine, () => pipeline?.unpublished() ?? []);
  if (pipeline && c.platformsOn.length > 0) pipeline.resume(await engineStore.pending());
  const eventClock = () => (cfg.REPLAY_FILE && engine && engine.market.clock > 0 ? engine.market.clock : null);
  const levelsChanged = async () => {
    if (engine) for (const [asset, levels] of Object.entries(await c.subs.customLevels())) engine.setExtraLevels(asset, levels);
  };
  await levelsChanged();
  const watches = new WatchStore(c.redis, c.prefix);
  const watching = new Watching(rules, watches, c.subs, engine);
  const accounts = await watching.accounts();
  const chat = await startChatPlatforms(cfg, log, {
    ...c, view, started, chart, levelsChanged, commands: COMMANDS, runBots: runsEngine, sourceStatus: () => sourceStatus(health, eventClock), eventClock,
    watches, watchChanged: () => watching.changed(), hyperliquidBudget: () => sources.hyperliquidBudget?.() ?? null,
  });
  const workers = cfg.ROLE === 'engine' ? [] : chat.platforms.map((p) => startWorker(c, p));
  let stopped = false;
  if (engine && pipeline) sources = await startSources(cfg, log, pipeline, c.metrics, operatorNotices(cfg.OPS_CHAT, producer, c.payloads, log.child({ component: 'sources' })), health, accounts);
  watching.replan = (a) => sources.setAccounts?.(a);
  if (pipeline && cfg.REPLAY_FILE) startReplay(c, pipeline, health, () => stopped);
  const services = jobServices({ engine, view, subs: c.subs, producer, payloads: c.payloads, chart, pull: sources.pull ?? NO_PULLS });
  const scheduler = runsEngine ? new JobScheduler(JOBS, cfg, c.connection, c.prefix, log, services) : null;
  await scheduler?.schedule();
  scheduler?.start();
  const http = await startOpsServer({
    host: cfg.HTTP_HOST, port: cfg.HTTP_PORT, metrics: c.metrics, beforeScrape: () => scrapeGauges(c, health),
    checks: readinessChecks({ redis: c.redis, health: pipeline ? health : null, workers, started, expectWorkers: cfg.ROLE !== 'engine' && c.platformsOn.length > 0 }),
  });
  log.info({ role: cfg.ROLE, platforms: c.platformsOn, http: `${cfg.HTTP_HOST}:${cfg.HTTP_PORT}` }, `Cascade is up (${c.platformsOn.length > 0 ? c.platformsOn.join(' + ') : 'no chat token: alerts print to this terminal'})`);
  return {
    http, redis: c.redisHandle, pipeline, engine,
    async stop() {
      stopped = true;
      log.info('shutting down: finishing in-flight work');
      await sources.stop();
      await chat.stop();
      await scheduler?.stop();
      await pipeline?.drain();
      if (engine) await engineStore.stop(engine, pipeline?.unpublished()).catch((err) => log.warn({ err }, 'could not save the engine snapshot'));
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(Object.values(c.queues).map((q) => q.close()));
      await new Promise((r) => http.close(r));
      c.redis.disconnect();
      await c.redisHandle.stop();
      log.info('stopped cleanly');
    },
  };
}
