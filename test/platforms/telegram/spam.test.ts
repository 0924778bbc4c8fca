import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/delivery/pacing.js';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import { FakeTelegram } from '../../fakes/telegram/server.js';
import { commandMessage, userOf } from '../../fakes/telegram/updates.js';
import { TestRedis, uniquePrefix } from '../../helpers/redis.js';
import { captureLogger, newServices, shownText, TEST_COMMANDS } from './helpers.js';

// Command replies under the limits alerts obey: the strict fake (1/s per chat, 20/min per group, 30/s overall).
const redis = new TestRedis();
let client: Redis;
let fake: FakeTelegram;
let tb: TelegramBot;
const services = newServices();
const { logger, lines } = captureLogger();

beforeAll(async () => {
  await redis.start();
  client = redis.client();
  fake = new FakeTelegram({ limits: 'strict', holdMs: 200 });
  await fake.start();
  tb = createTelegramBot({
    token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger, mode: 'polling',
    pacer: new Pacer(client, uniquePrefix('spam')), onRemoved: () => undefined, onMigrated: () => undefined,
  });
  await tb.start();
}, 30_000);
afterAll(async () => {
  await tb.stop();
  await fake.stop();
  client.disconnect();
  await redis.dispose();
});

const texts = (chat: number) => fake.sentTo(chat).map((m) => shownText(m));
const errorLines = () => lines.filter((l) => JSON.parse(l).level >= 40);

describe('command replies obey the same limits as alerts', () => {
  it('a group spamming 500 commands in a few seconds gets a few replies and one "slow down" line, no 429, no error line', async () => {
    const g = -1001000000777;
    for (let i = 0; i < 500; i++) fake.pushUpdate(commandMessage(g, '/ping', userOf(1000 + (i % 50))));
    await fake.waitFor(() => fake.pendingUpdates.length === 0 && services.runs.filter((r) => r === `ping:${g}`).length === fake.sentTo(g).length - 1, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const replies = texts(g);
    const slow = replies.filter((t) => t.startsWith('Slow down'));
    console.log(`500 /ping in one group: ${replies.length - slow.length} answers, ${slow.length} slow-down line, ${fake.tooManyRequests} 429s, ${errorLines().length} warning/error lines`);
    expect(slow).toHaveLength(1);
    expect(replies.length - 1).toBeGreaterThanOrEqual(3);
    expect(replies.length - 1).toBeLessThanOrEqual(14);
    expect(fake.tooManyRequests).toBe(0);
    expect(errorLines()).toEqual([]);
  }, 60_000);

  it('a reply that meets a 429 waits out retry_after and is sent, without an error line', async () => {
    const g = -1001000000778;
    fake.storm(g, 2, 1);
    fake.pushUpdate(commandMessage(g, '/ping', userOf(2000)));
    await fake.waitFor(() => fake.sentTo(g).length === 1, 20_000);
    expect(texts(g)).toEqual(['pong <&>']);
    expect(errorLines()).toEqual([]);
  }, 30_000);
});
