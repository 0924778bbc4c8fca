// A Telegram delivery worker in its own process for the fan-out bench (as an operator runs N ROLE=delivery processes):
// argv = redis port, prefix, Bot API root, token, paid settings (JSON or "off"), concurrency.
import { Redis } from 'ioredis';
import { DeliveryLedger } from '../src/delivery/ledger.js';
import { Queue } from 'bullmq';
import { queueName, type DeliveryJob } from '../src/delivery/jobs.js';
import { Pacer } from '../src/delivery/pacing.js';
import { PaidBroadcast, type PaidSettings } from '../src/delivery/paid.js';
import { PayloadStore } from '../src/delivery/payloads.js';
import { createDeliveryWorker, DELIVERY_REDIS_OPTIONS } from '../src/delivery/worker.js';
import { TelegramPlatform } from '../src/platforms/telegram/platform.js';
import { RedisKeys } from '../src/store/keys.js';
import { SubscriptionStore } from '../src/store/subscriptions.js';

const [port, prefix, apiRoot, token, paidArg, concurrency] = process.argv.slice(2);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };
// The worker's stores on a connection of their own, as startWorker (src/app/core.ts) gives them.
const redis = new Redis({ ...connection, ...DELIVERY_REDIS_OPTIONS });
const platform = new TelegramPlatform({ token, apiRoot });
const queue = new Queue<DeliveryJob>(queueName('telegram'), { connection, prefix: new RedisKeys(prefix).bull });
const paid = paidArg === 'off' ? undefined : new PaidBroadcast(redis, prefix, JSON.parse(paidArg) as PaidSettings);
const worker = createDeliveryWorker({
  platform, redis, prefix, queue, subs: new SubscriptionStore(redis, prefix), payloads: new PayloadStore(redis, prefix),
  ledger: new DeliveryLedger(redis, prefix), pacer: new Pacer(redis, prefix), ...(paid ? { paid } : {}),
}, connection as never, Number(concurrency));
worker.on('ready', () => process.send?.('ready'));
process.on('SIGTERM', () => void worker.close().then(() => queue.close()).then(() => process.exit(0)));
