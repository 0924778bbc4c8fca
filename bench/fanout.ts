// Fan-out benchmark harness: one alert to N subscribed chats through the real queue, worker and chat
// client, into a fake that enforces the platform's published limits. Prints achieved msg/s vs the limit.
import { Queue } from 'bullmq';
import type { AlertEvent } from '../src/alerts/types.js';
import { DeliveryLedger } from '../src/delivery/ledger.js';
import { queueName, type DeliveryJob } from '../src/delivery/jobs.js';
import { Pacer } from '../src/delivery/pacing.js';
import { PayloadStore } from '../src/delivery/payloads.js';
import { DeliveryProducer } from '../src/delivery/producer.js';
import { createDeliveryWorker } from '../src/delivery/worker.js';
import type { ChatPlatform } from '../src/chat/platform.js';
import { SubscriptionStore } from '../src/store/subscriptions.js';
import { TestRedis } from '../test/helpers/redis.js';
import { RedisKeys } from '../src/store/keys.js';

/** FanoutFake is what the bench reads from the limit-enforcing fake after the run. */
export interface FanoutFake {
  received(): Array<{ chatId: string; at: number }>;
  tooManyRequests(): number;
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
}

/** runFanout publishes one alert to `chats` subscriptions and waits until every chat has it (or time runs out). */
export async function runFanout(platform: ChatPlatform, fake: FanoutFake, chats: number, timeoutMs: number, chatId: (i: number) => string): Promise<FanoutResult> {
  const redis = new TestRedis();
  await redis.start();
  const client = redis.client();
  const prefix = `bench-${platform.name}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<DeliveryJob>(queueName(platform.name), { connection, prefix: new RedisKeys(prefix).bull });
  const subs = new SubscriptionStore(client, prefix);
  const payloads = new PayloadStore(client, prefix);
  const pipe = client.pipeline();
  for (let i = 0; i < chats; i++) pipe.hset(new RedisKeys(prefix).subscriptions, `${platform.name}:${chatId(i)}`, JSON.stringify({ platform: platform.name, chatId: chatId(i), active: true, createdAt: 0, updatedAt: 0, settings: {} }));
  await pipe.exec();
  const producer = new DeliveryProducer({ redis: client, prefix, queues: { [platform.name]: queue }, subs, payloads });
  const alert: AlertEvent = { id: `bench-${Date.now()}`, kind: 'cascade', severity: 'critical', symbol: null, ts: Date.now(), title: 'Long liquidation cascade: $412M liquidated in 1h, 94% longs', text: 'BTC breaks below $85,000 as $412M of longs are liquidated across venues.', data: { direction: 'down', triggers: [] } };
  const windows: number[] = [];
  const worker = createDeliveryWorker({ platform, redis: client, prefix, queue, subs, payloads, ledger: new DeliveryLedger(client, prefix), pacer: new Pacer(client, prefix), now: () => performance.timeOrigin + performance.now(), onSent: (_j, ms) => windows.push(ms) }, connection as never, 32);
  const t0 = Date.now();
  await producer.publish(alert, t0);
  const end = t0 + timeoutMs;
  while (Date.now() < end && new Set(fake.received().map((r) => r.chatId)).size < chats) await new Promise((r) => setTimeout(r, 200));
  const got = fake.received();
  const seconds = (Math.max(...got.map((r) => r.at)) - Math.min(...got.map((r) => r.at))) / 1000;
  await worker.close();
  await queue.close();
  client.disconnect();
  await redis.dispose();
  const distinct = new Set(got.map((r) => r.chatId)).size;
  windows.sort((a, b) => a - b);
  const q = (p: number) => windows[Math.min(windows.length - 1, Math.floor(p * windows.length))] ?? NaN;
  return { chats, delivered: got.length, duplicates: got.length - distinct, lost: chats - distinct, count429: fake.tooManyRequests(), seconds, rate: got.length / Math.max(seconds, 1e-9), ledgerWindowMs: { p50: q(0.5), p99: q(0.99), max: windows[windows.length - 1] ?? NaN } };
}
