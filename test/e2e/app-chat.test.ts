import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { queueName } from '../../src/delivery/jobs.js';
import { RedisKeys } from '../../src/store/keys.js';
import { parseEnv } from '../../src/config/env.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { commandMessage, userOf } from '../fakes/telegram/updates.js';
import { freePort, TestRedis } from '../helpers/redis.js';

const GROUP = -100777;
const ADMIN = userOf(7, 'Ann');
const MEMBER = userOf(8, 'Bob');

describe('the whole app, chat side: real telegraf against the fake Bot API, real queue, real Redis', () => {
  const tg = new FakeTelegram();
  const redis = new TestRedis();
  let app: RunningApp;
  const events: MarketEvent[] = [];

  beforeAll(async () => {
    await Promise.all([tg.start(), redis.start()]);
    tg.setMember(GROUP, ADMIN.id, 'administrator');
    tg.setMember(GROUP, MEMBER.id, 'member');
    const dir = mkdtempSync(join(tmpdir(), 'cascade-app-'));
    generateDay(join(dir, 'day.ndjson'));
    readEvents(join(dir, 'day.ndjson'), (e) => events.push(e), () => {});
    const cfg = parseEnv({ REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1', SOURCES: 'none' });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await tg.stop();
    await redis.dispose();
  });

  const texts = () => tg.sentTo(GROUP).map((m) => m.text ?? m.caption ?? '');

  it('a member cannot subscribe the group; an admin can', async () => {
    tg.pushUpdate(commandMessage(GROUP, '/subscribe', MEMBER));
    await tg.waitFor(() => texts().some((t) => t.includes('Only chat admins can use /subscribe')), 10_000);
    tg.pushUpdate(commandMessage(GROUP, '/subscribe', ADMIN));
    await tg.waitFor(() => texts().some((t) => t.startsWith('Subscribed')), 10_000);
  });

  it('the crash reaches the group: the cascade once, updated in place, level breaks and the whale', async () => {
    const cut = events.findIndex((e) => e.ts >= Date.UTC(2026, 0, 29, 15));
    for (const e of events.slice(0, cut)) app.pipeline!.ingest(e);
    await app.pipeline!.drain();
    await tg.waitFor(() => texts().some((t) => /Long liquidation cascade/.test(t)), 20_000);
    // What the group shows now: the cascade message as last edited (an alert folded in after it was posted arrives
    // with the next edit, at most a minute later).
    const shown = () => tg.inbox(GROUP).map((m) => m.shown);
    await tg.waitFor(() => shown().some((t) => /BTC breaks below \$85,000/.test(t)) && shown().some((t) => /\$31\.64M BTC long liquidated on hyperliquid/.test(t)), 75_000);
    const cascades = tg.sentTo(GROUP).filter((m) => /Long liquidation cascade/.test(m.text ?? m.caption ?? ''));
    expect(cascades).toHaveLength(1);
    expect(tg.parseErrors).toBe(0);
  }, 120_000);

  it('anyone can ask for prices and the summary', async () => {
    tg.pushUpdate(commandMessage(GROUP, '/price BTC', MEMBER));
    await tg.waitFor(() => texts().some((t) => /Prices \(composite/.test(t)), 10_000);
    tg.pushUpdate(commandMessage(GROUP, '/liquidations 24h', MEMBER));
    await tg.waitFor(() => texts().some((t) => /liquidated in 24h/.test(t)), 10_000);
  });

  it('/summary answers with the crash report and its chart as a photo', async () => {
    tg.pushUpdate(commandMessage(GROUP, '/summary 24h', MEMBER));
    const photo = await tg.waitFor(() => tg.sentTo(GROUP).find((m) => m.method === 'sendPhoto' && /Crash report/.test(m.caption ?? '')), 20_000);
    expect(photo.photo!.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    await tg.waitFor(() => texts().some((t) => /What to watch/.test(t)), 10_000);
  }, 30_000);

  it('after /unsubscribe nothing more arrives', async () => {
    tg.pushUpdate(commandMessage(GROUP, '/unsubscribe', ADMIN));
    await tg.waitFor(() => texts().some((t) => t.startsWith('Unsubscribed')), 10_000);
    const before = tg.sentTo(GROUP).length;
    const from = events.findIndex((e) => e.ts >= Date.UTC(2026, 0, 29, 15));
    for (const e of events.slice(from)) app.pipeline!.ingest(e);
    await app.pipeline!.drain();
    // Not a fixed sleep: wait until the delivery queue holds nothing that could still be sent.
    const queue = new Queue(queueName('telegram'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: new RedisKeys('cascade').bull });
    const deadline = Date.now() + 20_000;
    while (Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).some((n) => n > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await queue.close();
    expect(tg.sentTo(GROUP).length).toBe(before);
  }, 60_000);
});
