// Fan-out benchmark harness: one alert to N subscribed chats through the real queue, worker and chat client, into a
// fake that enforces the platform's published limits (Telegram: 30/s, or 1,000/s with allow_paid_broadcast; 20/min a
// group; 1/s a chat). Prints achieved msg/s vs the limit and the time from publish to each chat.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue, type Worker } from 'bullmq';
import type { AlertEvent } from '../src/alerts/types.js';
import type { ChatPlatform } from '../src/chat/platform.js';
import { DeliveryLedger } from '../src/delivery/ledger.js';
import { queueName, type DeliveryJob } from '../src/delivery/jobs.js';
import { Pacer } from '../src/delivery/pacing.js';
import { PaidBroadcast, type PaidSettings } from '../src/delivery/paid.js';
import { PayloadStore } from '../src/delivery/payloads.js';
import { DeliveryProducer } from '../src/delivery/producer.js';
import { createDeliveryWorker, DELIVERY_REDIS_OPTIONS, type DeliveryDeps } from '../src/delivery/worker.js';
import { RedisKeys } from '../src/store/keys.js';
import { SubscriptionStore } from '../src/store/subscriptions.js';
import { TestRedis } from '../test/helpers/redis.js';

/** FanoutFake is what the bench reads from the limit-enforcing fake after the run. */
export interface FanoutFake {
  received(): Array<{ chatId: string; at: number; text?: string }>;
  /** How many messages the fake accepted so far (cheap: polled while the run goes). */
  count(): number;
  tooManyRequests(): number;
  /** Telegram: the paid messages the fake accepted and the Stars it charged. */
  paid?(): { messages: number; stars: number };
}

/** FanoutOptions: paid broadcast settings (Telegram), the worker's concurrency, and worker processes (Telegram: 0 = in this process). */
export interface FanoutOptions {
  paid?: PaidSettings;
  concurrency?: number;
  processes?: { count: number; apiRoot: string; token: string };
}

/** FanoutResult is the printed outcome of one run. */
export interface FanoutResult {
  chats: number;
  delivered: number;
  duplicates: number;
  lost: number;
  count429: number;
  seconds: number;
  rate: number;
  /** The Telegram duplicate window: ms between the platform's 200 and the ledger write (p50, p99, max). */
  ledgerWindowMs: { p50: number; p99: number; max: number };
  /** ms from handing the alert to the producer until its jobs were all in the queue. */
  enqueueMs: number;
  /** ms from publish until each chat had the alert, sorted. */
  served: number[];
  firstMs: number;
  lastMs: number;
  p99Ms: number;
  paidMessages: number;
  stars: number;
}

/** BenchRig is a private Redis with the delivery stores and queue of one platform (AOF fsync every second, as in production). */
export class BenchRig {
  readonly redis = new TestRedis(['--appendfsync', 'everysec']);
  prefix = '';
  client!: ReturnType<TestRedis['client']>;
  queue!: Queue<DeliveryJob>;
  subs!: SubscriptionStore;
  payloads!: PayloadStore;
  producer!: DeliveryProducer;
  windows: number[] = [];
  private readonly workerClients: Array<ReturnType<TestRedis['client']>> = [];

  constructor(readonly platform: ChatPlatform) {}

  get connection() {
    return { host: '127.0.0.1', port: this.redis.port, maxRetriesPerRequest: null };
  }

  async start(prefix: string): Promise<void> {
    await this.redis.start();
    this.prefix = prefix;
    this.client = this.redis.client();
    this.queue = new Queue<DeliveryJob>(queueName(this.platform.name), { connection: this.connection, prefix: new RedisKeys(prefix).bull });
    this.subs = new SubscriptionStore(this.client, prefix);
    this.payloads = new PayloadStore(this.client, prefix);
    this.producer = new DeliveryProducer({ redis: this.client, prefix, queues: { [this.platform.name]: this.queue }, subs: this.subs, payloads: this.payloads, groupWaitMs: 0 });
  }

  /** subscribe writes n subscriptions at once (min severity as given). */
  async subscribe(n: number, chatId: (i: number) => string, minSeverity = 'warning'): Promise<void> {
    const keys = new RedisKeys(this.prefix);
    for (let from = 0; from < n; from += 5000) {
      const pipe = this.client.pipeline();
      for (let i = from; i < Math.min(n, from + 5000); i++) {
        const sub = { platform: this.platform.name, chatId: chatId(i), active: true, createdAt: 0, updatedAt: 0, settings: { minSeverity } };
        pipe.hset(keys.subscriptions, `${this.platform.name}:${chatId(i)}`, JSON.stringify(sub));
      }
      await pipe.exec();
    }
  }

  worker(opts: FanoutOptions = {}): Worker<DeliveryJob> {
    // The worker's stores on a connection of their own, as startWorker (src/app/core.ts) gives them.
    const redis = this.client.duplicate(DELIVERY_REDIS_OPTIONS);
    this.workerClients.push(redis);
    const deps: DeliveryDeps = {
      platform: this.platform, redis, prefix: this.prefix, queue: this.queue, subs: new SubscriptionStore(redis, this.prefix), payloads: this.payloads,
      ledger: new DeliveryLedger(redis, this.prefix), pacer: new Pacer(redis, this.prefix), now: () => performance.timeOrigin + performance.now(),
      onSent: (_j, ms) => this.windows.push(ms),
      ...(opts.paid ? { paid: new PaidBroadcast(redis, this.prefix, opts.paid) } : {}),
    };
    return createDeliveryWorker(deps, this.connection as never, opts.concurrency ?? 32);
  }

  /** workerProcesses starts `count` Telegram delivery workers in their own processes and resolves when all are ready. */
  async workerProcesses(p: NonNullable<FanoutOptions['processes']>, opts: FanoutOptions): Promise<ChildProcess[]> {
    const file = fileURLToPath(new URL('./fanout-worker.ts', import.meta.url));
    const args = [String(this.redis.port), this.prefix, p.apiRoot, p.token, opts.paid ? JSON.stringify(opts.paid) : 'off', String(opts.concurrency ?? 32)];
    return Promise.all(Array.from({ length: p.count }, () => new Promise<ChildProcess>((resolve) => {
      const c = fork(file, args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      c.once('message', () => resolve(c));
    })));
  }

  async stop(): Promise<void> {
    await this.queue.close();
    for (const c of this.workerClients) c.disconnect();
    this.client.disconnect();
    await this.redis.dispose();
  }
}

/** benchAlert is the critical cascade alert the fan-out sends. */
export function benchAlert(id: string, severity: AlertEvent['severity'] = 'critical'): AlertEvent {
  return { id, kind: 'cascade', severity, symbol: null, ts: Date.now(), title: 'Long liquidation cascade: $412M liquidated in 1h, 94% longs', text: 'BTC breaks below $85,000 as $412M of longs are liquidated across venues.', data: { direction: 'down', triggers: [], liquidationsUsd: 412e6, longShare: 0.94 } };
}

/** quantile of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** runFanout publishes one critical alert to `chats` subscriptions and waits until every chat has it (or time runs out). */
export async function runFanout(platform: ChatPlatform, fake: FanoutFake, chats: number, timeoutMs: number, chatId: (i: number) => string, opts: FanoutOptions = {}): Promise<FanoutResult> {
  const rig = new BenchRig(platform);
  await rig.start(`bench-${platform.name}`);
  await rig.subscribe(chats, chatId);
  const before = fake.paid?.() ?? { messages: 0, stars: 0 };
  const worker = opts.processes ? null : rig.worker(opts);
  const children = opts.processes ? await rig.workerProcesses(opts.processes, opts) : [];
  await worker?.waitUntilReady();
  const t0 = Date.now();
  await rig.producer.publish(benchAlert(`bench-${t0}`), t0);
  const enqueueMs = Date.now() - t0;
  const end = t0 + timeoutMs;
  // Poll the cheap count; the distinct chats are counted only once every chat could have been served.
  while (Date.now() < end && (fake.count() < chats || new Set(fake.received().map((r) => r.chatId)).size < chats)) await new Promise((r) => setTimeout(r, 100));
  const got = fake.received();
  await worker?.close();
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r).kill('SIGTERM'))));
  await rig.stop();
  const firstAt = new Map<string, number>();
  for (const r of got) if (!firstAt.has(r.chatId)) firstAt.set(r.chatId, r.at - t0);
  const served = [...firstAt.values()].sort((a, b) => a - b);
  const seconds = (Math.max(...got.map((r) => r.at)) - Math.min(...got.map((r) => r.at))) / 1000;
  const windows = rig.windows.sort((a, b) => a - b);
  const after = fake.paid?.() ?? { messages: 0, stars: 0 };
  return {
    chats, delivered: got.length, duplicates: got.length - firstAt.size, lost: chats - firstAt.size, count429: fake.tooManyRequests(), seconds,
    rate: got.length / Math.max(seconds, 1e-9), ledgerWindowMs: { p50: quantile(windows, 0.5), p99: quantile(windows, 0.99), max: windows[windows.length - 1] ?? NaN },
    enqueueMs, served, firstMs: served[0] ?? NaN, lastMs: served[served.length - 1] ?? NaN, p99Ms: quantile(served, 0.99),
    paidMessages: after.messages - before.messages, stars: after.stars - before.stars,
  };
}
