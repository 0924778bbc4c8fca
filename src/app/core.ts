import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { DEFAULT_RULES } from '../config/rules-defaults.js';
import { loadRulesFile, RulesFileError } from '../config/rules-file.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { DeliveryLedger } from '../delivery/ledger.js';
import { queueName, type DeliveryJob } from '../delivery/jobs.js';
import { Pacer } from '../delivery/pacing.js';
import { PaidBroadcast } from '../delivery/paid.js';
import { PayloadStore } from '../delivery/payloads.js';
import { WorkerWatchdog } from '../delivery/watchdog.js';
import { createDeliveryWorker, DELIVERY_REDIS_OPTIONS } from '../delivery/worker.js';
import type { ChatPlatform, PlatformName } from '../chat/platform.js';
import { Metrics } from '../ops/metrics.js';
import { RedisKeys } from '../store/keys.js';
import { SubscriptionStore } from '../store/subscriptions.js';
import { checkRedisConfig, connectRedis, openRedis, RETRY, type RedisHandle } from './redis.js';
import { EXIT_CONFIG, StartupError } from './startup-error.js';
import type { Teardown } from './teardown.js';

/** Core is what every role shares: Redis, the stores, the queues and the metrics. */
export interface Core {
  cfg: Config;
  log: Logger;
  redisHandle: RedisHandle;
  redis: Redis;
  /** The one connection description BullMQ gets (the same host, user, password, db and TLS as `redis`). */
  connection: ConnectionOptions;
  prefix: string;
  metrics: Metrics;
  subs: SubscriptionStore;
  payloads: PayloadStore;
  platformsOn: PlatformName[];
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  /** Telegram paid broadcast (TELEGRAM_PAID_BROADCAST), null without Telegram. */
  paid: PaidBroadcast | null;
}

/** rulesFor loads the rules file (or the defaults) and tracks every configured symbol; a bad file is one StartupError line. */
export function rulesFor(cfg: Config): RulesConfig {
  let rules = DEFAULT_RULES;
  try {
    if (cfg.RULES_FILE) rules = loadRulesFile(cfg.RULES_FILE);
  } catch (err) {
    if (!(err instanceof RulesFileError)) throw err;
    const n = err.problems.length;
    throw new StartupError('RULES_FILE', cfg.RULES_FILE!, `is invalid (${n} problem${n === 1 ? '' : 's'}: ${err.problems.join('; ')})`, 'fix the file (rules.example.yaml shows every key) or unset RULES_FILE for the defaults', EXIT_CONFIG, { cause: err });
  }
  const assets = { ...rules.assets };
  for (const s of cfg.SYMBOLS.split(',')) assets[s] ??= {};
  return { ...rules, assets };
}

/** connectCore connects Redis (bounded wait, one line when it cannot) and builds the stores and queues; each part is registered with `down`. */
export async function connectCore(cfg: Config, log: Logger, dataDir: string, metrics: Metrics, down: Teardown): Promise<Core> {
  const sentinel = cfg.REDIS_SENTINELS ? { sentinels: cfg.REDIS_SENTINELS, name: cfg.REDIS_SENTINEL_NAME, password: cfg.REDIS_SENTINEL_PASSWORD } : undefined;
  const redisHandle = await connectRedis(cfg.REDIS_URL, dataDir, log, cfg.REDIS_WAIT_MS, sentinel);
  down.add('the private Redis', () => redisHandle.stop());
  const redis = await openRedis(redisHandle, log, cfg.REDIS_WAIT_MS);
  down.add('the Redis connection', () => redis.disconnect());
  const connection: ConnectionOptions = { ...redisHandle.options, maxRetriesPerRequest: null, retryStrategy: RETRY };
  await checkRedisConfig(redis, log);
  const prefix = cfg.REDIS_PREFIX;
  const platformsOn: PlatformName[] = [...(cfg.TELEGRAM_BOT_TOKEN ? (['telegram'] as const) : []), ...(cfg.DISCORD_TOKEN ? (['discord'] as const) : [])];
  const queues: Core['queues'] = {};
  for (const p of platformsOn) {
    const q = new Queue<DeliveryJob>(queueName(p), { connection, prefix: new RedisKeys(prefix).bull });
    q.on('error', () => {}); // a lost connection is logged once by the main client's watcher
    queues[p] = q;
  }
  down.add('the delivery queues', () => Promise.all(Object.values(queues).map((q) => q.close())));
  const paid = cfg.TELEGRAM_BOT_TOKEN ? new PaidBroadcast(redis, prefix, { mode: cfg.TELEGRAM_PAID_BROADCAST, starsPerDay: cfg.TELEGRAM_PAID_STARS_PER_DAY }) : null;
  return { cfg, log, redisHandle, redis, connection, prefix, metrics, subs: new SubscriptionStore(redis, prefix), payloads: new PayloadStore(redis, prefix), platformsOn, queues, paid };
}

/** startWorker runs one platform's delivery worker under a watchdog (recreated if Redis comes back without it); close() finishes in-flight sends. */
export function startWorker(c: Core, platform: ChatPlatform): { dog: WorkerWatchdog; close(): Promise<void> } {
  // The worker's stores have a connection of their own (DELIVERY_REDIS_OPTIONS); payloads stay shared, so an alert
  // re-published in this process is seen at once. A lost connection is logged once by the main client's watcher.
  const redis = c.redis.duplicate(DELIVERY_REDIS_OPTIONS);
  redis.on('error', () => {});
  const deps = {
    platform, redis, prefix: c.prefix, queue: c.queues[platform.name]!, subs: new SubscriptionStore(redis, c.prefix), payloads: c.payloads,
    ledger: new DeliveryLedger(redis, c.prefix), pacer: new Pacer(redis, c.prefix),
    log: c.log.child({ component: 'delivery', platform: platform.name }),
    onOutcome: (o: string) => c.metrics.deliveries.inc({ platform: platform.name, outcome: o }),
    onSent: (_j: DeliveryJob, ms: number) => c.metrics.ledgerWindow.observe(ms / 1000),
    ...(platform.name === 'telegram' && c.paid ? { paid: new PaidBroadcast(redis, c.prefix, c.paid.settings), onPaid: (calls: number, stars: number) => c.metrics.paidSent(calls, stars) } : {}),
  };
  const probe = c.redis.duplicate({ maxRetriesPerRequest: 1 });
  probe.on('error', () => {});
  const dog = new WorkerWatchdog(() => createDeliveryWorker(deps, c.connection, c.cfg.DELIVERY_CONCURRENCY), probe, deps.queue, c.log);
  dog.start();
  return { dog, close: async () => {
    await dog.stop();
    probe.disconnect();
    redis.disconnect();
  } };
}
