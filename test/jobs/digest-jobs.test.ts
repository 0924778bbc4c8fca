import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyDigest } from '../../jobs/daily-digest.js';
import { quietFlush } from '../../jobs/quiet-flush.js';
import type { JobContext } from '../../jobs/types.js';
import type { JobServices } from '../../jobs/services.js';
import { jobServices } from '../../src/app/services.js';
import { parseEnv } from '../../src/config/env.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { Engine } from '../../src/rules/engine.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { EngineView } from '../../src/app/engine-view.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { RedisKeys } from '../../src/store/keys.js';

describe('digest jobs', () => {
  const redis = new TestRedis();
  let queue: Queue<DeliveryJob>;
  let services: JobServices;
  let payloads: PayloadStore;
  const ctx = (now: number): JobContext<JobServices> => ({ config: parseEnv({}), log: pino({ level: 'silent' }), now, tickId: String(now), services });

  beforeAll(async () => {
    await redis.start();
    const client = redis.client();
    const prefix = uniquePrefix('jobs');
    queue = new Queue<DeliveryJob>(queueName('telegram'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: new RedisKeys(prefix).bull });
    const subs = new SubscriptionStore(client, prefix);
    payloads = new PayloadStore(client, prefix);
    const engine = new Engine(DEFAULT_RULES);
    engine.ingest({ kind: 'price', ts: Date.UTC(2026, 0, 29, 12), source: 'a', symbol: 'BTC', price: 88_000 });
    const producer = new DeliveryProducer({ redis: client, prefix, queues: { telegram: queue }, subs, payloads });
    services = jobServices({ engine, view: new EngineView(engine), subs, producer, payloads, chart: () => null, pull: { prices: async () => [], indices: async () => [], aggregator: async () => {}, leverage: async () => [], leverageSummary: async () => {} } });
  });
  afterAll(async () => {
    await queue.close();
    await redis.dispose();
  });

  it('the daily digest goes once per local date, after the digest time', async () => {
    await services.subs.subscribe('telegram', '-1', 0);
    await services.subs.updateSettings('telegram', '-1', (s) => ({ ...s, digestTime: '08:00', quietHours: { start: '23:00', end: '07:00' }, timezone: 'Europe/Berlin' }), 0);
    const before = Date.UTC(2026, 4, 4, 5, 30); // 07:30 in Berlin (summer time)
    const after = Date.UTC(2026, 4, 4, 6, 5); // 08:05 in Berlin
    expect(await dailyDigest.run(ctx(before))).toBe('none due');
    expect(await dailyDigest.run(ctx(after))).toBe('1 digest(s) queued');
    expect(await dailyDigest.run(ctx(after + 60_000))).toBe('none due');
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.filter((j) => j.data.chatId === '-1' && j.data.op === 'send')).toHaveLength(1);
    expect((await payloads.get(jobs[0].data.payloadId))!.message.title).toMatch(/summary|report/i);
  });

  it('each chat gets its digest at its own clock\'s time, written in its language and zone (one payload per language and zone)', async () => {
    await services.subs.subscribe('telegram', '-3', 0);
    await services.subs.updateSettings('telegram', '-3', (s) => ({ ...s, digestTime: '08:00' }), 0);
    await services.subs.subscribe('telegram', '-4', 0, undefined, { language: 'zh' });
    await services.subs.updateSettings('telegram', '-4', (s) => ({ ...s, digestTime: '16:00', timezone: 'Asia/Shanghai' }), 0);
    const at = Date.UTC(2026, 5, 1, 8, 5); // 08:05 UTC = 16:05 in Shanghai: both due
    expect(await dailyDigest.run(ctx(Date.UTC(2026, 5, 1, 6, 30)))).toBe('1 digest(s) queued'); // the Berlin chat's, 08:30 there
    expect(await dailyDigest.run(ctx(at - 10 * 60_000))).toBe('none due');
    expect(await dailyDigest.run(ctx(at))).toBe('2 digest(s) queued');
    const jobs = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => ['-3', '-4'].includes(j.data.chatId));
    const title = async (chat: string) => (await payloads.get(jobs.find((j) => j.data.chatId === chat)!.data.payloadId))!.message;
    expect((await title('-3')).title).toMatch(/^Market summary|^Crash report/);
    const zh = await title('-4');
    expect(zh.title).toMatch(/^行情小结|^暴跌复盘/);
    expect(zh.footer).toBe('Cascade · 数据来自我们监测的交易所；爆仓总额为下限');
    expect(new Set(jobs.map((j) => j.data.payloadId)).size).toBe(2);
  });

  it('quiet-hours alerts are flushed as one digest once the quiet hours end', async () => {
    await services.subs.subscribe('telegram', '-2', 0);
    await services.subs.updateSettings('telegram', '-2', (s) => ({ ...s, quietHours: { start: '22:00', end: '06:00' }, timezone: 'Asia/Shanghai' }), 0);
    const alert = { id: 'h1', kind: 'level_break' as const, severity: 'warning' as const, symbol: 'BTC', ts: 0, title: 'held', text: 't', data: {} };
    await payloads.hold('telegram:-2', alert);
    expect(await quietFlush.run(ctx(Date.UTC(2026, 4, 4, 21)))).toBe('0 digest(s) queued'); // 05:00 in Shanghai: still quiet
    expect(await quietFlush.run(ctx(Date.UTC(2026, 4, 4, 23)))).toBe('1 digest(s) queued'); // 07:00 in Shanghai (23:00 UTC would be quiet on UTC)
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.filter((j) => j.data.chatId === '-2' && j.data.op === 'digest')).toHaveLength(1);
  });
});
