import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { RedisKeys } from '../../src/store/keys.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const redis = new TestRedis();
beforeAll(() => redis.start());
afterAll(() => redis.dispose());

/** gets is how many GETs this Redis has served (INFO commandstats). */
async function gets(client: ReturnType<TestRedis['client']>): Promise<number> {
  const info = await client.info('commandstats');
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

const cascade = (title: string): AlertEvent => ({ id: 'cascade:BTC:1', kind: 'cascade', severity: 'critical', symbol: 'BTC', ts: 1, title, text: title, data: { direction: 'down', triggers: [] } } as AlertEvent);

describe('PayloadStore', () => {
  it('a published alert is fetched and decoded once for all its deliveries, read again after a minute, and a re-publish is seen at once', async () => {
    const client = redis.client();
    let now = 1_000_000;
    const prefix = uniquePrefix('payloads');
    const store = new PayloadStore(client, prefix, () => now);
    const chart = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await store.putAlert({ alert: cascade('first'), at: 5, chart });
    const before = await gets(client);
    const reads = await Promise.all(Array.from({ length: 200 }, () => store.alert('cascade:BTC:1')));
    expect(reads.every((r) => r?.alert.title === 'first' && r.chart?.equals(chart))).toBe(true);
    expect((await gets(client)) - before).toBe(1);

    now += 61_000;
    await store.alert('cascade:BTC:1');
    expect((await gets(client)) - before).toBe(2);

    await store.putAlert({ alert: cascade('second'), at: 6 });
    expect((await store.alert('cascade:BTC:1'))?.alert.title).toBe('second');
    expect(await store.alert('cascade:none')).toBeNull();
    await client.set(new RedisKeys(prefix).alert('cascade:none'), JSON.stringify({ alert: cascade('late'), at: 7 }));
    expect((await store.alert('cascade:none'))?.alert.title).toBe('late'); // a miss is not remembered
    client.disconnect();
  });
});
