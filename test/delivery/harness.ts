import { Queue, type Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Redis } from 'ioredis';
import { DeliveryLedger } from '../../src/delivery/ledger.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { Pacer } from '../../src/delivery/pacing.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { createDeliveryWorker, type DeliveryDeps } from '../../src/delivery/worker.js';
import type { ChatPlatform } from '../../src/chat/platform.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TestRedis } from '../helpers/redis.js';
import { RedisKeys } from '../../src/store/keys.js';

/** DeliveryHarness wires the real producer, queue and worker to a test Redis and a platform. */
export class DeliveryHarness {
  readonly redis: Redis;
  readonly queue: Queue<DeliveryJob>;
  readonly subs: SubscriptionStore;
  readonly payloads: PayloadStore;
  readonly producer: DeliveryProducer;
  readonly deps: DeliveryDeps;
  readonly outcomes: string[] = [];
  readonly ledgerWindows: number[] = [];

  constructor(server: TestRedis, readonly prefix: string, platform: ChatPlatform, editIntervalMs = 1000, groupWaitMs = 0) {
    this.redis = server.client();
    const connection = { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
    this.queue = new Queue<DeliveryJob>(queueName(platform.name), { connection, prefix: new RedisKeys(prefix).bull });
    this.subs = new SubscriptionStore(this.redis, prefix);
    this.payloads = new PayloadStore(this.redis, prefix);
    this.producer = new DeliveryProducer({ redis: this.redis, prefix, queues: { [platform.name]: this.queue }, subs: this.subs, payloads: this.payloads, editIntervalMs, groupWaitMs });
    this.deps = {
      platform, redis: this.redis, prefix, queue: this.queue, subs: this.subs, payloads: this.payloads,
      ledger: new DeliveryLedger(this.redis, prefix), pacer: new Pacer(this.redis, prefix),
      onOutcome: (o) => this.outcomes.push(o), onSent: (_j, ms) => this.ledgerWindows.push(ms),
    };
  }

  get connection() {
    return (this.queue.opts.connection ?? {}) as object;
  }

  worker(concurrency = 8) {
    return createDeliveryWorker(this.deps, this.queue.opts.connection as never, concurrency);
  }

  /**
   * drained waits until the queue holds no job that could still send (waiting, active, delayed, prioritized):
   * a "no duplicate" check made after this cannot be passed by a send that simply had not happened yet.
   */
  async drained(ms = 30_000): Promise<void> {
    await waitFor(async () => Object.values(await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')).every((n) => n === 0), ms, 'the queue drained');
  }

  async subscribeMany(n: number, chatId = (i: number) => String(1000 + i)): Promise<void> {
    for (let i = 0; i < n; i++) await this.subs.subscribe(this.deps.platform.name, chatId(i), 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** DeliverySuite is a test file's Redis and what each test opened on it: closed after each test, the server after the file. */
export interface DeliverySuite {
  server: TestRedis;
  /** Workers a test started (closed after it). */
  workers: Worker[];
  /** harness opens a DeliveryHarness on the file's Redis (closed after the test). */
  harness(...args: ConstructorParameters<typeof DeliveryHarness> extends [TestRedis, ...infer R] ? R : never): DeliveryHarness;
}

/** deliverySuite starts a test Redis for the calling file and registers the hooks that close each test's harness and workers. */
export function deliverySuite(): DeliverySuite {
  const server = new TestRedis();
  const open: DeliveryHarness[] = [];
  const suite: DeliverySuite = {
    server,
    workers: [],
    harness: (...args) => {
      const h = new DeliveryHarness(server, ...args);
      open.push(h);
      return h;
    },
  };
  beforeAll(() => server.start());
  afterAll(() => server.dispose());
  afterEach(async () => {
    await Promise.all(suite.workers.splice(0).map((w) => w.close()));
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  return suite;
}

/** waitFor polls a condition until it holds or the deadline passes. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
