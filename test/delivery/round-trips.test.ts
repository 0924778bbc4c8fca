import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { DeliveryJob } from '../../src/delivery/jobs.js';
import { DeliveryLedger } from '../../src/delivery/ledger.js';
import { Pacer } from '../../src/delivery/pacing.js';
import { PaidBroadcast } from '../../src/delivery/paid.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { processDelivery, type DeliveryDeps } from '../../src/delivery/worker.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { uniquePrefix } from '../helpers/redis.js';
import { deliverySuite } from './harness.js';

// A paid fan-out's worker is CPU-bound (issue 15): each Redis command a delivery makes is paid 10,000 times over.
const suite = deliverySuite();
let tg: FakeTelegram | undefined;
afterEach(async () => {
  await tg?.stop();
  tg = undefined;
});

const CASCADE: AlertEvent = {
  id: 'cascade:rt:1', kind: 'cascade', severity: 'critical', symbol: null, ts: Date.now(), title: 'Long liquidation cascade', text: '$412M of longs liquidated',
  data: { direction: 'down', triggers: [], liquidationsUsd: 412e6, longShare: 0.94 },
} as AlertEvent;

/** commandsOf runs `work` and returns the commands `client` sent meanwhile, in order (MONITOR on the test's own redis-server). */
async function commandsOf(client: Redis, work: () => Promise<unknown>): Promise<string[]> {
  const addr = /\baddr=(\S+)/.exec(String(await client.call('CLIENT', 'INFO')))![1];
  const monitor = await suite.server.client().monitor();
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === addr) seen.push(args[0].toLowerCase() === 'eval' ? 'evalsha' : args[0].toLowerCase());
  });
  await work();
  await client.ping(); // MONITOR shows a command as it runs: once the PING is answered, everything before it was shown
  await new Promise((r) => setTimeout(r, 50));
  monitor.disconnect();
  return seen.filter((c) => c !== 'ping');
}

describe('the Redis commands of one paid delivery', () => {
  it('a paid critical cascade post costs six commands: two reads, the folded alerts, one turn (chat and paid), the ledger write and the settle after it', async () => {
    tg = new FakeTelegram({ limits: 'strict', stars: { chargeMode: 'overFree' } });
    await tg.start();
    const h = suite.harness(uniquePrefix('round-trips'), new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot }));
    for (const chat of ['7001', '7002']) await h.subs.subscribe('telegram', chat, 0);
    await h.producer.publish(CASCADE, Date.now());
    const jobs = (await h.queue.getJobs(['prioritized', 'waiting'])) as Array<Job<DeliveryJob>>;
    expect(jobs.map((j) => j.data.chatId).sort()).toEqual(['7001', '7002']);

    // The worker's own connection, as a delivery process has: nothing else speaks on it.
    const own = suite.server.client();
    const settings = { mode: 'critical', starsPerDay: 100 } as const;
    const d: DeliveryDeps = {
      ...h.deps, redis: own, ledger: new DeliveryLedger(own, h.prefix), pacer: new Pacer(own, h.prefix), subs: new SubscriptionStore(own, h.prefix),
      payloads: new PayloadStore(own, h.prefix), paid: new PaidBroadcast(own, h.prefix, settings),
    };
    await processDelivery(d, jobs[0], undefined); // the first reads the alert (then kept) and loads the scripts
    const commands = await commandsOf(own, () => processDelivery(d, jobs[1], undefined));

    expect(commands).toEqual(['get', 'hget', 'hgetall', 'evalsha', 'set', 'zadd']);
    expect(tg.messages.map((m) => [m.chatId, m.paid]).sort()).toEqual([['7001', true], ['7002', true]]);
    expect(await d.ledger.sent(`${CASCADE.id}|telegram|${jobs[1].data.chatId}`)).not.toBeNull();
    own.disconnect();
  });
});

/**
 * turnsOf wraps `client` so that it counts turns: the times the code using it sent commands after waiting for a reply.
 * Commands sent together (before any reply came back) are one turn; a pipeline, a MULTI or a script is one command.
 */
function turnsOf(client: Redis): { redis: Redis; turns: () => number } {
  const commands = new Set(client.getBuiltinCommands());
  let replies = 0;
  let sentAt = -1;
  let turns = 0;
  const send = <T>(reply: Promise<T>): Promise<T> => {
    if (sentAt !== replies) turns++;
    sentAt = replies;
    return reply.finally(() => void replies++);
  };
  const redis = new Proxy(client, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof v !== 'function' || typeof key !== 'string') return v;
      if (key === 'pipeline' || key === 'multi') {
        return (...args: unknown[]) => {
          const batch = v.apply(target, args);
          const exec = batch.exec.bind(batch);
          batch.exec = () => send(exec());
          return batch;
        };
      }
      const script = Object.hasOwn((target as unknown as { scriptsSet: object }).scriptsSet, key); // defineCommand's, defined later
      return commands.has(key) || script ? (...args: unknown[]) => send(v.apply(target, args)) : v.bind(target);
    },
  });
  return { redis, turns: () => turns };
}

describe('the Redis turns of publishing one alert', () => {
  // The live engine hands its alerts on one at a time: each turn of one is waited for by every alert behind it.
  it('an alert to two chats waits three times on the producer connection: reads, the stored alert and its count, the lines and the mark', async () => {
    tg = new FakeTelegram({ limits: 'strict' });
    await tg.start();
    const h = suite.harness(uniquePrefix('publish-turns'), new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot }));
    for (const chat of ['7101', '7102']) await h.subs.subscribe('telegram', chat, 0);
    const own = turnsOf(suite.server.client());
    const producer = new DeliveryProducer({ redis: own.redis, prefix: h.prefix, queues: { telegram: h.queue }, subs: new SubscriptionStore(own.redis, h.prefix), payloads: new PayloadStore(own.redis, h.prefix) });
    const alert = { ...CASCADE, id: 'large_liquidation:rt:1', kind: 'large_liquidation', severity: 'warning', data: {} } as AlertEvent;

    expect(await producer.publish(alert, Date.now())).toEqual({ send: 2, fold: 0, hold: 0 });
    expect(own.turns()).toBe(3);
    const jobs = (await h.queue.getJobs(['prioritized', 'waiting', 'delayed'])) as Array<Job<DeliveryJob>>;
    expect(jobs.map((j) => j.data.chatId).sort()).toEqual(['7101', '7102']);
    expect(await h.payloads.alert(alert.id)).not.toBeNull();

    // Published once: a second publish reads, finds the mark and adds nothing.
    expect(await producer.publish(alert, Date.now())).toEqual({ send: 0, fold: 0, hold: 0 });
    expect(own.turns()).toBe(4);
    own.redis.disconnect();
  });
});
