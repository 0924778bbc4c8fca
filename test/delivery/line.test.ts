import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineRank, queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { LINE_STALE_MS, Pacer } from '../../src/delivery/pacing.js';
import { RedisKeys } from '../../src/store/keys.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

/** rig is a Pacer and the real BullMQ queue whose jobs stand in the chats' lines. */
function rig() {
  const prefix = uniquePrefix('line');
  const redis = server.client();
  const queue = new Queue<DeliveryJob>(queueName('telegram'), { connection: { host: '127.0.0.1', port: server.port }, prefix: new RedisKeys(prefix).bull });
  const job = async (id: string) => (await queue.add('send', { op: 'send', platform: 'telegram', chatId: '-100', payloadId: id }, { jobId: id })).id!;
  return { prefix, redis, queue, pacer: new Pacer(redis, prefix), job, close: async () => { await queue.close(); redis.disconnect(); } };
}

describe("a chat's line: its deliveries go out by priority, then in the order they were published", () => {
  it('two posts let go at the same moment go in publish order, whichever the queue hands out first', async () => {
    const r = rig();
    try {
      const [first, second] = [await r.job('info-1'), await r.job('info-2')];
      await r.pacer.joinLines([{ platform: 'telegram', destination: '-100', jobId: first, rank: lineRank(3, 1) }, { platform: 'telegram', destination: '-100', jobId: second, rank: lineRank(3, 2) }], 1_000);
      // The second post asks first: the chat is free, but the first is still to go.
      expect(await r.pacer.take('telegram', '-100', 1_000, second, 1, lineRank(3, 2))).toBeGreaterThan(0);
      expect(await r.pacer.take('telegram', '-100', 1_000, first, 1, lineRank(3, 1))).toBe(0);
      // Now the second waits for the chat's spacing only, then goes.
      expect(await r.pacer.take('telegram', '-100', 1_001, second, 1, lineRank(3, 2))).toBeGreaterThan(0);
      await new Promise((res) => setTimeout(res, 1_050));
      expect(await r.pacer.take('telegram', '-100', 2_100, second, 1, lineRank(3, 2))).toBe(0);
    } finally {
      await r.close();
    }
  });

  it('a critical overtakes the info posts already in line; an edit joins no line', async () => {
    const r = rig();
    try {
      const info = await r.job('info-1');
      const crit = await r.job('crit-1');
      await r.pacer.joinLines([{ platform: 'telegram', destination: '-100', jobId: info, rank: lineRank(3, 1) }], 1_000);
      await r.pacer.joinLines([{ platform: 'telegram', destination: '-100', jobId: crit, rank: lineRank(1, 2) }], 1_000);
      expect(await r.pacer.take('telegram', '-100', 1_000, info, 1, lineRank(3, 1))).toBeGreaterThan(0);
      // An edit is not held by the line (the chat's spacing still holds it).
      expect(await r.pacer.take('telegram', '-100', 1_000, 'edit-1', 1)).toBe(0);
      await new Promise((res) => setTimeout(res, 1_050));
      expect(await r.pacer.take('telegram', '-100', 2_100, crit, 1, lineRank(1, 2))).toBe(0);
    } finally {
      await r.close();
    }
  });

  it('nothing waits on an entry whose job is finished or gone, nor on one that stopped asking', async () => {
    const r = rig();
    try {
      const done = await r.job('done-1');
      const later = await r.job('later-1');
      const stale = await r.job('stale-1');
      // A job that finished (dropped, absorbed) without going through the pacer, and one whose id was never queued.
      await r.redis.hset(`${new RedisKeys(r.prefix).bull}:${queueName('telegram')}:${done}`, 'finishedOn', '1');
      await r.pacer.joinLines([
        { platform: 'telegram', destination: '-100', jobId: done, rank: lineRank(3, 1) },
        { platform: 'telegram', destination: '-100', jobId: 'never-queued', rank: lineRank(3, 2) },
        { platform: 'telegram', destination: '-100', jobId: later, rank: lineRank(3, 4) },
      ], 1_000);
      expect(await r.pacer.take('telegram', '-100', 1_000, later, 1, lineRank(3, 4))).toBe(0);
      // A pending job that has not asked for LINE_STALE_MS no longer holds the chat.
      await r.pacer.joinLines([{ platform: 'telegram', destination: '-200', jobId: stale, rank: lineRank(1, 5) }], 1_000);
      const next = await r.job('next-1');
      expect(await r.pacer.take('telegram', '-200', 2_000, next, 1, lineRank(3, 6))).toBeGreaterThan(0);
      expect(await r.pacer.take('telegram', '-200', 1_000 + LINE_STALE_MS + 1, next, 1, lineRank(3, 6))).toBe(0);
    } finally {
      await r.close();
    }
  });
});
