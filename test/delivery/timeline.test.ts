import type { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DiscordPlatform } from '../../src/platforms/discord/platform.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { DeliveryHarness, waitFor } from './harness.js';

/**
 * Alertmanager-style timelines: scripted alerts at given times, deliveries checked against the published
 * limits the fakes enforce. The checks are lower bounds (a limit respected) and the order of events, never
 * "arrived within N s": a slow machine makes deliveries later, not wrong (issue 11). Speed is the bench's.
 */
const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

let h: DeliveryHarness | null = null;
let worker: Worker | null = null;
afterEach(async () => {
  await worker?.close();
  await h?.close();
  worker = null;
  h = null;
});

const alert = (id: string): AlertEvent => ({ id, kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: Date.now(), title: `alert ${id}`, text: 'BTC breaks below $85,000', data: { level: 85000, direction: 'down' } });
const offsets = (times: number[], t0: number) => times.map((t) => (t - t0) / 1000);

describe('Telegram timeline (strict fake: 1 msg/s per chat, 20/min per group, 30/s overall)', () => {
  const tg = new FakeTelegram({ limits: 'strict' });
  beforeAll(() => tg.start());
  afterAll(() => tg.stop());

  it('five alerts to one chat at t=0 arrive about a second apart, with no 429', async () => {
    h = new DeliveryHarness(server, uniquePrefix('tl-tg'), new TelegramPlatform({ token: FAKE_TOKEN, apiRoot: tg.apiRoot }));
    await h.subscribeMany(1, () => '555');
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await h.producer.publish({ ...alert(`p${i}`), data: { level: 85_000 - i * 5_000, direction: 'down' } }, t0);
    worker = h.worker(4);
    await waitFor(() => tg.sentTo('555').length >= 5, 20_000, 'five messages');
    const at = offsets(tg.sentTo('555').map((m) => m.time), t0);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(0.9);
    expect(new Set(tg.sentTo('555').map((m) => m.text)).size).toBe(5); // five alerts, none twice
    expect(tg.tooManyRequests).toBe(0);
  }, 30_000);

  it('a 429 storm on one chat: it waits out retry_after while the other chats get theirs at once', async () => {
    h = new DeliveryHarness(server, uniquePrefix('tl-storm'), new TelegramPlatform({ token: FAKE_TOKEN, apiRoot: tg.apiRoot }));
    await h.subscribeMany(10, (i) => String(700 + i));
    tg.storm('703', 2, 2);
    const t0 = Date.now();
    await h.producer.publish(alert('s1'), t0);
    worker = h.worker(8);
    await waitFor(() => [...Array(10).keys()].every((i) => tg.sentTo(String(700 + i)).length === 1), 20_000, 'all ten chats');
    const stormed = (tg.sentTo('703')[0].time - t0) / 1000;
    const others = [...Array(10).keys()].filter((i) => i !== 3).map((i) => (tg.sentTo(String(700 + i))[0].time - t0) / 1000);
    expect(Math.max(...others)).toBeLessThan(stormed); // the others were not held up behind it
    expect(stormed).toBeGreaterThanOrEqual(4); // two 429s of retry_after 2 s each
    expect(h.outcomes.filter((o) => o === 'rate_limited')).toHaveLength(2);
  }, 30_000);
});

describe('Discord timeline (strict fake: 50/s global, 5 per 5 s per channel)', () => {
  const dc = new FakeDiscord({ rateLimits: 'strict' });
  beforeAll(async () => void (await dc.start()));
  afterAll(() => dc.stop());

  it('seven alerts to one channel: five in the first window, the rest after it, no 429, no duplicate', async () => {
    const platform = new DiscordPlatform({ token: 'fake-discord-token', restUrl: dc.apiUrl });
    h = new DeliveryHarness(server, uniquePrefix('tl-dc'), platform);
    await h.subscribeMany(1, () => '123456789012345678');
    const t0 = Date.now();
    for (let i = 0; i < 7; i++) await h.producer.publish(alert(`d${i}`), t0);
    worker = h.worker(4);
    await waitFor(() => dc.messages.filter((m) => m.channelId === '123456789012345678').length >= 7, 30_000, 'seven messages');
    const at = offsets(dc.messages.filter((m) => m.channelId === '123456789012345678').map((m) => m.time), t0);
    expect(at[5] - at[0]).toBeGreaterThanOrEqual(4.9); // the sixth waits for the next 5 s window
    expect(at.slice(0, 5).every((t) => t < at[5])).toBe(true);
    expect(dc.count429.total).toBe(0);
    expect(new Set(dc.messages.map((m) => m.nonce)).size).toBe(7);
    platform.close();
  }, 40_000);
});
