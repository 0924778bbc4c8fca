import type { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { DeliveryHarness, waitFor } from './harness.js';

// Issue 14: delivery to forum topics and channels through the real queue, worker and TelegramPlatform against the
// strict fake; each destination's message rendered in its own language and time zone.
const FORUM = -1001000000900;
const CHANNEL = -1001000000950;
const BREAK_TS = Date.UTC(2026, 0, 29, 13, 25, 19);

const server = new TestRedis();
const fake = new FakeTelegram({ limits: 'strict' });
let h: DeliveryHarness;
let workers: Worker[] = [];
let alertsTopic = 0;
let chatterTopic = 0;

beforeAll(async () => {
  await Promise.all([server.start(), fake.start()]);
  fake.chats.addForum(FORUM, { title: 'Crash desk' });
  alertsTopic = fake.chats.addTopic(FORUM, 'Alerts');
  chatterTopic = fake.chats.addTopic(FORUM, 'Chatter');
  fake.chats.addChannel(CHANNEL, { title: 'Crash Channel' });
});
afterAll(async () => {
  await fake.stop();
  await server.dispose();
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
  await h?.close();
});

function levelBreak(id: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return { id, kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: BREAK_TS, title: 'BTC breaks below $85,000', text: '', data: { level: 85000, direction: 'down', price: 84996.2 }, ...over };
}

function setup(): DeliveryHarness {
  h = new DeliveryHarness(server, uniquePrefix('dest'), new TelegramPlatform({ token: fake.token, apiRoot: fake.apiRoot }));
  workers.push(h.worker(4));
  return h;
}

const topicA = () => `${FORUM}/${alertsTopic}`;
const topicB = () => `${FORUM}/${chatterTopic}`;

describe('delivery to Telegram forum topics and channels', () => {
  it('each topic gets its alerts in its own language and zone (message_thread_id on every send); the channel too; General nothing', async () => {
    setup();
    await h.subs.subscribe('telegram', topicA(), 0, undefined, { language: 'zh' });
    await h.subs.updateSettings('telegram', topicA(), (s) => ({ ...s, timezone: 'Asia/Shanghai' }), 0);
    await h.subs.subscribe('telegram', topicB(), 0);
    await h.subs.updateSettings('telegram', topicB(), (s) => ({ ...s, minSeverity: 'critical' }), 0);
    await h.subs.subscribe('telegram', String(CHANNEL), 0);
    await h.subs.updateSettings('telegram', String(CHANNEL), (s) => ({ ...s, timezone: 'America/New_York' }), 0);
    await h.producer.publish(levelBreak('d1'), Date.now());
    await h.producer.publish(levelBreak('d2', { kind: 'large_liquidation', severity: 'critical', data: { source: 'hyperliquid', side: 'long', notionalUsd: 131_640_000, price: 84720 } }), Date.now());
    await waitFor(() => fake.messages.length >= 4, 20_000, 'four posts');
    await h.drained();
    const shown = (threadId: number | null, chat = FORUM) => fake.inbox(chat, { threadId }).map((e) => e.shown);
    const a = shown(alertsTopic);
    expect(a).toHaveLength(2);
    // The critical liquidation may come first: critical alerts overtake queued warnings (issue 15).
    const zhBreak = a.find((t) => t.includes('BTC 跌破 85,000 美元'));
    expect(zhBreak).toContain('2026-01-29 21:25 UTC+8');
    const b = shown(chatterTopic);
    expect(b).toHaveLength(1);
    expect(b[0]).toMatch(/\$131\.6M BTC long liquidated/);
    expect(b[0]).toContain('2026-01-29 13:25 UTC');
    expect(shown(null)).toEqual([]);
    const c = shown(null, CHANNEL);
    expect(c).toHaveLength(2);
    expect(c.every((t) => t.includes('2026-01-29 08:25 UTC-5'))).toBe(true);
    expect(fake.tooManyRequests).toBe(0);
    expect(fake.messages.filter((m) => m.chatId === String(FORUM)).every((m) => m.threadId !== undefined)).toBe(true);
  });

  it('two topics share their group\'s pace (about 1 message a second per chat): no 429 from the strict fake', async () => {
    setup();
    await h.subs.subscribe('telegram', topicA(), 0);
    await h.subs.subscribe('telegram', topicB(), 0);
    const before = fake.sentTo(FORUM).length;
    for (let i = 0; i < 4; i++) await h.producer.publish(levelBreak(`p${i}`, { data: { level: 80000 - i * 1000, direction: 'down', price: 79000 - i * 1000 } }), Date.now());
    await waitFor(() => fake.sentTo(FORUM).length >= before + 8, 30_000, 'eight posts');
    await h.drained();
    expect(fake.tooManyFor(FORUM)).toBe(0);
    const times = fake.sentTo(FORUM).slice(before).map((m) => m.time).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(900);
  }, 40_000);

  it('a closed or deleted topic is treated like a kicked chat: that topic is deactivated, not retried; its sibling still gets alerts', async () => {
    setup();
    const closing = fake.chats.addTopic(FORUM, 'Closing');
    const gone = fake.chats.addTopic(FORUM, 'Gone');
    const [closed, deleted] = [`${FORUM}/${closing}`, `${FORUM}/${gone}`];
    for (const id of [closed, deleted, topicA()]) await h.subs.subscribe('telegram', id, 0);
    fake.chats.setTopic(FORUM, closing, 'close');
    fake.chats.setTopic(FORUM, gone, 'delete');
    await h.producer.publish(levelBreak('g1'), Date.now());
    await waitFor(async () => !(await h.subs.get('telegram', closed))!.active && !(await h.subs.get('telegram', deleted))!.active, 20_000, 'both topics deactivated');
    await h.drained();
    expect((await h.subs.get('telegram', topicA()))!.active).toBe(true);
    expect(fake.sentTo(FORUM, { threadId: alertsTopic }).some((m) => m.text?.includes('85,000'))).toBe(true);
    expect(h.outcomes.filter((o) => o === 'gone')).toHaveLength(2);
    expect(h.outcomes.filter((o) => o === 'retry')).toHaveLength(0);
  });

  it('the bot removed from the group stops the group and every topic of it at once (deactivateWithin)', async () => {
    setup();
    for (const id of [String(FORUM), topicA(), topicB(), String(CHANNEL)]) await h.subs.subscribe('telegram', id, 0);
    expect(await h.subs.deactivateWithin('telegram', String(FORUM), 'kicked', 1)).toBe(3);
    expect((await h.subs.active()).map((s) => s.chatId)).toEqual([String(CHANNEL)]);
    await h.subs.subscribe('telegram', topicA(), 2);
    expect(await h.subs.deactivateWithin('telegram', topicA(), 'kicked', 3)).toBe(1);
  });
});
