import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/store/keys.js';
import { normalizeAddress, WatchStore } from '../../src/store/watchlist.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const redis = new TestRedis();
let client: Redis;
const addr = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
const CAPS = { perChat: 3, total: 5 };

beforeAll(async () => {
  await redis.start();
  client = redis.client();
});
afterAll(async () => {
  client?.disconnect();
  await redis.dispose();
});

describe('WatchStore: per-chat watch lists in Redis', () => {
  it('adds, relabels, lists oldest first, and removes; the deployment total counts distinct accounts', async () => {
    const w = new WatchStore(client, uniquePrefix('watch'));
    expect(await w.add('telegram:-1', addr(1), 'Insider', 1, CAPS)).toBe('added');
    expect(await w.add('telegram:-1', addr(2), null, 2, CAPS)).toBe('added');
    expect(await w.add('discord:9', addr(1), 'Other name', 3, CAPS)).toBe('added');
    expect(await w.add('telegram:-1', addr(1), 'Renamed', 4, CAPS)).toBe('updated');
    expect((await w.list('telegram:-1')).map((e) => [e.address, e.label])).toEqual([[addr(1), 'Renamed'], [addr(2), null]]);
    expect(await w.total()).toBe(2);
    const all = await w.all();
    expect(all.get(addr(1))).toEqual({ label: 'Renamed', chats: ['telegram:-1', 'discord:9'] });
    expect(await w.remove('telegram:-1', addr(1))).toBe(true);
    expect(await w.remove('telegram:-1', addr(1))).toBe(false);
    expect(await w.total()).toBe(2); // discord:9 still watches it
    expect(await w.remove('discord:9', addr(1))).toBe(true);
    expect(await w.total()).toBe(1);
    expect([...(await w.all()).keys()]).toEqual([addr(2)]);
  });

  it('refuses past the per-chat cap and past the deployment cap, changing nothing', async () => {
    const prefix = uniquePrefix('watch-caps');
    const w = new WatchStore(client, prefix);
    for (let i = 1; i <= 3; i++) expect(await w.add('telegram:-1', addr(i), null, i, CAPS)).toBe('added');
    expect(await w.add('telegram:-1', addr(4), null, 9, CAPS)).toBe('chat_full');
    expect(await w.add('telegram:-2', addr(4), null, 9, CAPS)).toBe('added');
    expect(await w.add('telegram:-2', addr(5), null, 9, CAPS)).toBe('added');
    expect(await w.add('telegram:-3', addr(6), null, 9, CAPS)).toBe('deployment_full');
    // an account some chat already watches adds nothing to the deployment's total: still allowed
    expect(await w.add('telegram:-3', addr(1), null, 9, CAPS)).toBe('added');
    expect(await w.total()).toBe(5);
    expect(await w.list('telegram:-3')).toHaveLength(1);
    expect(await client.exists(new RedisKeys(prefix).watchList('telegram:-4'))).toBe(0);
  });

  it('holds both caps when many admins add at once (one Lua step per change)', async () => {
    const w = new WatchStore(client, uniquePrefix('watch-race'));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => w.add(`telegram:-${i % 4}`, addr(100 + i), null, i, CAPS)));
    expect(results.filter((r) => r === 'added')).toHaveLength(5);
    expect(await w.total()).toBe(5);
    const all = await w.all();
    for (const chat of ['telegram:-0', 'telegram:-1', 'telegram:-2', 'telegram:-3']) expect((await w.list(chat)).length).toBeLessThanOrEqual(3);
    expect([...all.values()].reduce((n, a) => n + a.chats.length, 0)).toBe(5);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['0x1011000000000000000000000000000000C0FFEE', '0x1011000000000000000000000000000000c0ffee'],
    ['  0x1011000000000000000000000000000000c0ffee ', '0x1011000000000000000000000000000000c0ffee'],
    ['0x1011', null],
    ['1011000000000000000000000000000000c0ffee00', null],
    ['0x1011000000000000000000000000000000c0ffeg', null],
    ['0x1011000000000000000000000000000000c0ffee0', null],
  ])('%s → %s', (input, want) => {
    expect(normalizeAddress(input)).toBe(want);
  });
});
