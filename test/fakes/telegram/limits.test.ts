import { Input } from 'telegraf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, paid, PNG, refusal } from './helpers.js';
import { PUBLISHED_LIMITS } from './limits.js';
import { FakeTelegram } from './server.js';
import { DEFAULT_BALANCE_TOO_LOW } from './stars.js';

// The clock is frozen (advanced by hand), so every window below is exact and nothing sleeps.
let now = 1_760_000_000_000;
const fake = new FakeTelegram({ now: () => now, limits: 'strict' });
let tg: ReturnType<typeof client>;
let chat = -1001000000200;
const nextGroup = () => chat--;

beforeAll(async () => {
  await fake.start();
  tg = client(fake);
});
afterAll(() => fake.stop());
afterEach(() => {
  now += 120_000; // every window empties between tests
  fake.stars.setBalance(Number.POSITIVE_INFINITY);
});

describe('free limits (Bot FAQ), answered as 429 with parameters.retry_after', () => {
  it('per chat: a burst of 3, then about one a second', async () => {
    const id = 4242;
    for (let i = 0; i < PUBLISHED_LIMITS.perChatBurst; i++) await tg.sendMessage(id, `m${i}`);
    expect(await refusal(tg.sendMessage(id, 'over'))).toEqual({ code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    now += 1000;
    await tg.sendMessage(id, 'after a second');
  });

  it('per group: 20 messages a minute, edits included, whatever the spacing', async () => {
    const id = nextGroup();
    const first = await tg.sendMessage(id, 'm0');
    for (let i = 1; i < PUBLISHED_LIMITS.perGroupPerMin; i++) {
      now += 1500;
      if (i % 2) await tg.editMessageText(id, first.message_id, undefined, `edit ${i}`);
      else await tg.sendMessage(id, `m${i}`);
    }
    now += 1500;
    const r = await refusal(tg.sendMessage(id, 'the 21st'));
    expect(r.code).toBe(429);
    expect(r.parameters?.retry_after).toBe(Math.ceil((60_000 - 20 * 1500) / 1000));
  });

  it('bot-wide: about 30 messages a second across chats', async () => {
    for (let i = 0; i < PUBLISHED_LIMITS.globalPerSec; i++) await tg.sendMessage(10_000 + i, 'fan-out');
    expect((await refusal(tg.sendMessage(20_000, 'one more'))).code).toBe(429);
    now += 1000;
    await tg.sendMessage(20_000, 'next second');
  });
});

describe('paid broadcasts (allow_paid_broadcast, Bot API 7.11)', () => {
  it('lift the bot-wide limit to 1,000 a second and count 0.1 Star per message', async () => {
    const spent = fake.stars.spent;
    for (let i = 0; i < 200; i++) await tg.sendMessage(30_000 + i, 'critical', paid());
    await tg.sendPhoto(40_000, Input.fromBuffer(PNG, 'chart.png'), paid({ caption: 'chart' }));
    expect(fake.stars.spent - spent).toBeCloseTo(20.1, 5);
    expect(fake.messages.filter((m) => m.paid)).toHaveLength(201);
    // A free send in the same second still meets the free limit.
    expect((await refusal(tg.sendMessage(40_001, 'free'))).code).toBe(429);
  });

  it('still hold the per-group 20 a minute', async () => {
    const id = nextGroup();
    for (let i = 0; i < PUBLISHED_LIMITS.perGroupPerMin; i++) {
      now += 1000;
      await tg.sendMessage(id, `paid ${i}`, paid());
    }
    now += 1000;
    expect((await refusal(tg.sendMessage(id, 'paid 21', paid()))).code).toBe(429);
  });

  it('stop when the Stars balance is spent, and getMyStarBalance reports the balance', async () => {
    fake.stars.setBalance(0.3);
    for (let i = 0; i < 3; i++) await tg.sendMessage(50_000 + i, 'paid', paid());
    const r = await refusal(tg.sendMessage(50_010, 'paid', paid()));
    expect(r).toEqual({ code: DEFAULT_BALANCE_TOO_LOW.status, description: DEFAULT_BALANCE_TOO_LOW.description });
    expect(await tg.callApi('getMyStarBalance' as never, {} as never)).toEqual({ amount: 0 });
    await tg.sendMessage(50_011, 'free sends still work');
  });

  it('charge only what the free limit would refuse in overFree mode', async () => {
    const local = new FakeTelegram({ now: () => now, limits: 'strict', stars: { balance: 100, chargeMode: 'overFree' } });
    await local.start();
    try {
      const ltg = client(local);
      for (let i = 0; i < 40; i++) await ltg.sendMessage(60_000 + i, 'paid', paid());
      expect([local.stars.paidMessages, local.stars.chargedMessages]).toEqual([40, 10]);
      expect(local.stars.balance).toBeCloseTo(99, 5);
    } finally {
      await local.stop();
    }
  });
});
