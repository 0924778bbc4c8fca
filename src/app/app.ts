import type { Server } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { COMMANDS } from '../../commands/index.js';
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
import { JobScheduler } from '../jobs/scheduler.js';
import { startOpsServer } from '../ops/http.js';
import { Metrics } from '../ops/metrics.js';
import { registerSecret } from '../ops/secrets.js';
import type { ChatPlatform, PlatformName } from '../platforms/types.js';
import { SubscriptionStore } from '../store/subscriptions.js';
import { EngineView } from '../summary/market-view.js';
import type { Engine } from '../rules/engine.js';
import type { SummaryExtras } from '../summary/build.js';
import { Pipeline } from './pipeline.js';
import { checkRedisConfig, connectRedis, type RedisHandle } from './redis.js';
import { readinessChecks } from './readiness.js';
import { replayFeed } from './replay-feed.js';
import type { AppServices } from './services.js';
import { startChatPlatforms } from './platforms.js';
import { startSources } from './sources.js';
import { chartFor } from './chart.js';
import { EngineStore } from './engine-store.js';

/** RunningApp is a started Cascade: stop() shuts it down gracefully. */
export interface RunningApp {
  http: Server;
  redis: RedisHandle;
  pipeline: Pipeline | null;
  engine: Engine | null;
  stop(): Promise<void>;
}

/** rulesFor loads the rules file (or the defaults) and tracks every configured symbol. */
export function rulesFor(cfg: Config): RulesConfig {
  const rules = cfg.RULES_FILE ? loadRulesFile(cfg.RULES_FILE) : DEFAULT_RULES;
  const assets = { ...rules.assets };
  for (const s of cfg.SYMBOLS.split(',')) assets[s] ??= {};
  return { ...rules, assets };
}

/** startApp runs the parts this ROLE asks for: engine + sources + jobs + bots, and/or delivery workers. */
export async function startApp(cfg: Config, log: Logger, opts: { dataDir: string }): Promise<RunningApp> {
  for (const s of [cfg.TELEGRAM_BOT_TOKEN, cfg.DISCORD_TOKEN, cfg.TELEGRAM_WEBHOOK_SECRET, cfg.COINGLASS_API_KEY]) registerSecret(s);
  const started = Date.now();
  const rules = rulesFor(cfg);
  const redisHandle = await connectRedis(cfg.REDIS_URL, `${opts.dataDir}/redis`, log);
  const connection = { host: redisHandle.host, port: redisHandle.port, maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
  const redis = new Redis(redisHandle.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'Redis connection error'));
  await checkRedisConfig(redis, log);
  const prefix = cfg.REDIS_PREFIX;
  const metrics = new Metrics();
  const subs = new SubscriptionStore(redis, prefix);
  const payloads = new PayloadStore(redis, prefix);
  const platformsOn: PlatformName[] = [...(cfg.TELEGRAM_BOT_TOKEN ? (['telegram'] as const) : []), ...(cfg.DISCORD_TOKEN ? (['discord'] as const) : [])];
  const queues: Partial<Record<PlatformName, Queue<DeliveryJob>>> = {};
  for (const p of platformsOn) queues[p] = new Queue<DeliveryJob>(queueName(p), { connection, prefix: `${prefix}:bull` });
  const runsEngine = cfg.ROLE === 'all' || cfg.ROLE === 'engine';
  const engineStore = new EngineStore(redis, prefix, log);
  const engine = runsEngine ? await engineStore.load(rules, Date.now()) : null;
  if (engine) engineStore.start(engine);
  let extras: () => SummaryExtras = () => ({});
  const view = engine ? new EngineView(engine, () => extras()) : null;
  const chart = (ms: number) => (engine ? chartFor(engine, ms) : null);
  const producer = new DeliveryProducer({ redis, prefix, queues, subs, payloads, chart: () => chart(6 * 3_600_000) });
  const pipeline = engine ? new Pipeline(engine, metrics, log, platformsOn.length > 0 ? producer : null) : null;
  const levelsChanged = async () => {
    if (!engine) return;
    for (const [asset, levels] of Object.entries(await subs.customLevels())) engine.setExtraLevels(asset, levels);
  };
  await levelsChanged();

  let sourceStatus: () => Array<{ source: string; lastEventTs: number | null; stale: boolean; rejected: number }> = () => [];
  const chat = await startChatPlatforms(cfg, log, { subs, view, pipeline, metrics, started, chart, levelsChanged, commands: COMMANDS, queues, redis, prefix, runBots: runsEngine, sourceStatus: () => sourceStatus() });
  const workers: WorkerWatchdog[] = [];
  if (cfg.ROLE === 'all' || cfg.ROLE === 'delivery') {
    for (const platform of chat.platforms) workers.push(startWorker(platform, redis, prefix, queues[platform.name]!, subs, payloads, metrics, connection, cfg, log));
  }
  let stopped = false;
  const sources = engine && pipeline ? await startSources(cfg, log, pipeline, metrics) : { stop: async () => {}, status: () => [], extras: () => ({}) };
  extras = () => sources.extras();
  sourceStatus = () => (sources.status().length > 0 ? sources.status() : [...(pipeline?.sources ?? [])].map(([source, s]) => ({ source, lastEventTs: s.lastEventTs || null, stale: Date.now() - s.lastWallTs > 120_000, rejected: s.rejected })));
  if (engine && pipeline && cfg.REPLAY_FILE) {
    void replayFeed(cfg.REPLAY_FILE, cfg.REPLAY_SPEED, (ev) => pipeline.ingest(ev), (line, reason) => { pipeline.reject('replay', 'bad_line'); log.warn({ source: 'replay', line, reason }, `replay: line ${line} rejected: ${reason}`); }, () => stopped)
      .then((n) => log.info({ events: n }, `replay of ${cfg.REPLAY_FILE} finished`));
  }
  const services: AppServices = { engine, view, subs, producer, payloads, metrics, chart, ingest: async (evs) => evs.forEach((e) => pipeline?.ingest(e)), pull: ('pull' in sources && sources.pull) || { prices: async () => [], indices: async () => [], aggregator: async () => {} } };
  const scheduler = runsEngine ? new JobScheduler(JOBS, cfg, connection, prefix, log, services) : null;
  if (scheduler) {
    await scheduler.schedule();
    scheduler.start();
  }
  const http = await startOpsServer({
    host: cfg.HTTP_HOST, port: cfg.HTTP_PORT, metrics,
    checks: readinessChecks({ redis, pipeline, workers, started, expectWorkers: cfg.ROLE !== 'engine' && platformsOn.length > 0 }),
    beforeScrape: async () => {
      for (const [p, q] of Object.entries(queues)) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        for (const [state, n] of Object.entries(c)) metrics.queueJobs.set({ platform: p, state }, n);
      }
      for (const [source, s] of pipeline?.sources ?? []) if (s.lastWallTs) metrics.sourceAge.set({ source }, (Date.now() - s.lastWallTs) / 1000);
    },
  });
  log.info({ role: cfg.ROLE, platforms: platformsOn, http: `${cfg.HTTP_HOST}:${cfg.HTTP_PORT}` }, `Cascade is up (${platformsOn.length > 0 ? platformsOn.join(' + ') : 'no chat token: alerts print to this terminal'})`);

  return {
    http, redis: redisHandle, pipeline, engine,
    async stop() {
      stopped = true;
      log.info('shutting down: finishing in-flight work');
      await sources.stop();
      await chat.stop();
      await scheduler?.stop();
      await pipeline?.drain();
      if (engine) await engineStore.stop(engine).catch((err) => log.warn({ err }, 'could not save the engine snapshot'));
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await new Promise((r) => http.close(r));
      redis.disconnect();
      await redisHandle.stop();
      log.info('stopped cleanly');
    },
  };
}

function startWorker(platform: ChatPlatform, redis: Redis, prefix: string, queue: Queue<DeliveryJob>, subs: SubscriptionStore, payloads: PayloadStore, metrics: Metrics, connection: object, cfg: Config, log: Logger): WorkerWatchdog {
  const deps = {
    platform, redis, prefix, queue, subs, payloads, ledger: new DeliveryLedger(redis, prefix), pacer: new Pacer(redis, prefix),
    onOutcome: (o: string) => metrics.deliveries.inc({ platform: platform.name, outcome: o }),
    onSent: (_j: DeliveryJob, ms: number) => metrics.ledgerWindow.observe(ms / 1000),
  };
  const probe = new Redis({ ...(connection as object), maxRetriesPerRequest: 1 });
  probe.on('error', () => {});
  const dog = new WorkerWatchdog(() => createDeliveryWorker(deps, connection as never, cfg.DELIVERY_CONCURRENCY), probe, queue, log);
  dog.start();
  return dog;
}
