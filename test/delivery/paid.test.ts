import type { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { CommandServices, StatusReport } from '../../commands/services.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { RichMessage } from '../../src/chat/message.js';
import { Metrics } from '../../src/ops/metrics.js';
import { IN_PROCESS_WAIT_MS } from '../../src/delivery/worker.js';
import { FREE_IN_FLIGHT_MS, PaidBroadcast, paidEligible, type PaidSettings } from '../../src/delivery/paid.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import type { StarsOptions } from '../fakes/telegram/stars.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { DeliveryHarness, waitFor } from './harness.js';

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

let h: DeliveryHarness;
let tg: FakeTelegram;
let workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
  await h?.close();
  await tg?.stop();
});

function alert(id: string, severity: AlertEvent['severity']): AlertEvent {
  return { id, kind: 'level_break', severity, symbol: 'BTC', ts: Date.now(), title: 'BTC 80000', text: 'BTC 80000', data: { level: 80_000, direction: 'down', price: 79_990 } };
}

/** setup starts a strict fake (1,000/s paid, 30/s free, 20/min a group) with a Stars balance and a harness running paid broadcast. */
async function setup(settings: PaidSettings, stars: StarsOptions, chats: string[]): Promise<PaidBroadcast> {
  tg = new FakeTelegram({ limits: 'strict', stars: { chargeMode: 'overFree', ...stars } });
  await tg.start();
  h = new DeliveryHarness(server, uniquePrefix('paid'), new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot }));
  const paid = new PaidBroadcast(h.redis, h.prefix, settings);
  h.deps.paid = paid;
  for (const c of chats) await h.subs.subscribe('telegram', c, 0);
  workers.push(h.worker(32));
  return paid;
}
const chatIds = (n: number, from = 5_000_000) => Array.from({ length: n }, (_, i) => String(from + i));
/** delivered checks every chat got exactly one message. */
function expectOncePerChat(chats: string[]): void {
  const per = new Map<string, number>();
  for (const m of tg.messages) per.set(m.chatId, (per.get(m.chatId) ?? 0) + 1);
  expect(chats.filter((c) => per.get(c) !== 1)).toEqual([]);
}

describe('which alerts pay (TELEGRAM_PAID_BROADCAST)', () => {
  it.each([
    ['off', 'critical', false], ['critical', 'critical', true], ['critical', 'warning', false],
    ['warning', 'warning', true], ['warning', 'critical', true], ['warning', 'info', false],
  ] as const)('%s mode, a %s alert: paid %s', (mode, severity, want) => {
    expect(paidEligible(mode, severity)).toBe(want);
  });
});

describe('Telegram paid broadcast against the strict fake', () => {
  it('sends critical alerts with allow_paid_broadcast past the free 30/s, counts the Stars as the fake charges them, and keeps a warning free', async () => {
    const chats = chatIds(150);
    const paid = await setup({ mode: 'critical', starsPerDay: 1000 }, {}, chats);
    await h.producer.publish(alert('crit', 'critical'), Date.now());
    await waitFor(() => tg.messages.length === 150, 30_000, '150 paid sends');
    await h.drained();
    expectOncePerChat(chats);
    expect(tg.messages.every((m) => m.paid)).toBe(true);
    expect(tg.tooManyRequests).toBe(0);
    // Above the free 30 a second: the fake charged some, and our count of the spend is the fake's within a Star.
    const st = await paid.status(Date.now());
    expect(tg.stars.spent).toBeGreaterThan(5);
    expect(Math.abs(st.spentStars - tg.stars.spent)).toBeLessThanOrEqual(1);
    expect(st).toMatchObject({ mode: 'critical', messages: 150, fallback: null });

    await h.producer.publish(alert('warn', 'warning'), Date.now());
    await waitFor(() => tg.messages.length === 300, 30_000, 'the warning');
    expect(tg.messages.slice(150).some((m) => m.paid)).toBe(false);
  });

  it('when the day\'s budget is spent, the rest goes at the free rate: every chat served once, no 429, never over budget', async () => {
    const chats = chatIds(120);
    const paid = await setup({ mode: 'critical', starsPerDay: 2 }, {}, chats);
    await h.producer.publish(alert('crit', 'critical'), Date.now());
    await waitFor(() => tg.messages.length === 120, 60_000, '120 sends');
    await h.drained();
    expectOncePerChat(chats);
    expect(tg.tooManyRequests).toBe(0);
    const st = await paid.status(Date.now());
    expect(st.fallback).toBe('budget');
    expect(st.spentStars).toBeLessThanOrEqual(2);
    expect(tg.stars.spent).toBeLessThanOrEqual(2);
    expect(tg.messages.some((m) => !m.paid)).toBe(true);
  });

  it('when Telegram refuses a paid send for the Stars balance, that send and the rest of the day go free: nothing lost, one warning line', async () => {
    const chats = chatIds(120);
    const warned: string[] = [];
    const paid = await setup({ mode: 'warning', starsPerDay: 1000 }, { balance: 1 }, chats);
    h.deps.log = { warn: (_o, msg) => void warned.push(msg) };
    await h.producer.publish(alert('warn', 'warning'), Date.now());
    await waitFor(() => tg.messages.length === 120, 60_000, '120 sends');
    await h.drained();
    expectOncePerChat(chats);
    expect(tg.tooManyRequests).toBe(0);
    expect(h.outcomes.filter((o) => o === 'unpaid').length).toBeGreaterThanOrEqual(1);
    expect((await paid.status(Date.now())).fallback).toBe('balance');
    expect(warned.filter((w) => w.includes('Stars balance'))).toHaveLength(1);
    expect(tg.stars.balance).toBeGreaterThanOrEqual(0);
  });
});

describe('the spend: one Redis step per paid send, shown in /status and /metrics', () => {
  const status = COMMANDS.find((c) => c.name === 'status')!;
  async function statusText(report: StatusReport, lang: 'en' | 'zh'): Promise<string> {
    const services = { status: async () => report, hyperliquidBudget: () => null } as unknown as CommandServices;
    const reply = (await status.run({ chat: { platform: 'telegram', chatId: '-1' }, isPrivate: false, user: { id: '1', name: 'op' }, args: {}, now: Date.now(), services, locale: { lang, tz: 'UTC' }, platformLang: null } as never)) as RichMessage;
    return reply.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
  }

  it('charges only the calls above the free 30 a second, stops at the budget, and /status and /metrics say so', async () => {
    const redis = server.client();
    const paid = new PaidBroadcast(redis, uniquePrefix('spend'), { mode: 'critical', starsPerDay: 5 });
    const now = Date.UTC(2026, 0, 29, 13, 24);
    const turns = [];
    for (let i = 0; i < 40; i++) turns.push(await paid.take(now, `job${i}`, 1));
    expect(turns.filter((t) => t.go === 'paid' && t.charged === 0)).toHaveLength(30);
    expect(turns.filter((t) => t.go === 'paid' && t.charged === 0.1)).toHaveLength(10);
    expect(await paid.status(now)).toEqual({ mode: 'critical', budgetStars: 5, spentStars: 1, messages: 40, fallback: null });
    const report = { sources: [], queue: null, uptimeMs: 1, mode: 'all', paidBroadcast: await paid.status(now) };
    expect(await statusText(report, 'en')).toContain('Telegram paid broadcast (critical alerts): 1.0 of 5 Stars spent today (UTC), 40 paid messages.');
    expect(await statusText(report, 'zh')).toContain('已用 1.0 / 5 Stars');

    let last = turns[0];
    for (let i = 40; i < 200 && last.go !== 'free'; i++) last = await paid.take(now + 1, `job${i}`, 1);
    expect(last).toEqual({ go: 'free', why: 'budget' });
    const st = await paid.status(now);
    expect(st.spentStars).toBe(5);
    expect(await statusText({ ...report, paidBroadcast: st }, 'en')).toContain('The daily Stars budget is spent: alerts go at the free rate until 00:00 UTC.');
    expect(await paid.take(now + 2, 'after', 1)).toEqual({ go: 'free', why: 'budget' });
    // The next UTC day starts afresh.
    expect((await paid.take(Date.UTC(2026, 0, 30), 'tomorrow', 1)).go).toBe('paid');

    // Beside paid broadcast, a paid call waits for the free calls just let go to reach Telegram; free ones hold off meanwhile.
    const lanes = new PaidBroadcast(redis, uniquePrefix('lanes'), { mode: 'warning', starsPerDay: 5 });
    const t = Date.UTC(2026, 0, 29, 14);
    expect(await lanes.takeFree(t, 'free1', 1)).toBe(0);
    expect(await lanes.take(t + 40, 'paid1', 1)).toEqual({ go: 'wait', ms: FREE_IN_FLIGHT_MS - 40 });
    expect(await lanes.takeFree(t + 60, 'free2', 1)).toBe(FREE_IN_FLIGHT_MS - 20);
    expect(await lanes.take(t + FREE_IN_FLIGHT_MS, 'paid1', 1)).toEqual({ go: 'paid', charged: 0 });
    // A paid call waits that out in place: handed back to the queue it would lose its chat's turn (a livelock).
    expect(FREE_IN_FLIGHT_MS).toBeLessThanOrEqual(IN_PROCESS_WAIT_MS);

    const metrics = new Metrics(false);
    metrics.paidSent(40, 1);
    metrics.paidDay(st);
    const text = await metrics.registry.metrics();
    expect(text).toContain('cascade_telegram_paid_messages_total 40');
    expect(text).toContain('cascade_telegram_paid_stars_today 5');
    expect(text).toContain('cascade_telegram_paid_stars_budget 5');
    expect(text).toContain('cascade_telegram_paid_fallback{reason="budget"} 1');
    redis.disconnect();
  });
});
