import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorNotices, staleNotice } from '../../src/app/operator.js';
import { ConfigError, parseEnv } from '../../src/config/env.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { RedisKeys } from '../../src/store/keys.js';

describe('operator notices', () => {
  const redis = new TestRedis();
  beforeAll(() => redis.start());
  afterAll(() => redis.dispose());

  it('go to the OPS_CHAT through the delivery queue, and to the log', async () => {
    const client = redis.client();
    const prefix = uniquePrefix('ops');
    const queue = new Queue<DeliveryJob>(queueName('telegram'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: new RedisKeys(prefix).bull });
    const payloads = new PayloadStore(client, prefix);
    const producer = new DeliveryProducer({ redis: client, prefix, queues: { telegram: queue }, subs: new SubscriptionStore(client, prefix), payloads });
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const notify = operatorNotices('telegram:-100999', producer, payloads, log);
    notify(staleNotice('bybit', 'liquidation', 20_000), 'warning');
    let jobs: Awaited<ReturnType<typeof queue.getPrioritized>> = [];
    for (let i = 0; i < 50 && jobs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      jobs = await queue.getPrioritized(); // every delivery job carries a priority (issue 15)
    }
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data).toMatchObject({ op: 'send', platform: 'telegram', chatId: '-100999' });
    expect((await payloads.get(jobs[0].data.payloadId))!.message.blocks[0]).toMatchObject({ text: expect.stringMatching(/bybit liquidation feed is stale/) });
    expect(lines.join('')).toMatch(/"operator":true.*bybit liquidation feed is stale/);
    await queue.close();
    client.disconnect();
  });

  it.each([
    ['price', 'binance price feed is stale (quiet 16 s): it no longer counts toward the composite price'],
    ['liquidation', 'binance liquidation feed is stale (quiet 16 s): liquidation totals and alerts miss its liquidations until it recovers'],
    ['index', 'binance index feed is stale (quiet 16 s): cross-market moves are not checked until it recovers'],
  ])('a stale %s feed says what it costs, and only a price feed mentions the composite price', (feed, want) => {
    expect(staleNotice('binance', feed, 16_000)).toBe(want);
  });

  it('OPS_CHAT must name a platform that has a token', () => {
    expect(() => parseEnv({ OPS_CHAT: 'telegram:-100999' })).toThrow(ConfigError);
    expect(() => parseEnv({ OPS_CHAT: 'slack:#ops' })).toThrow(/OPS_CHAT: telegram:<chat id> or discord:<channel id>/);
  });
});
