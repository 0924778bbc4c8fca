import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import type { PlatformName } from '../../src/chat/platform.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { RedisKeys } from '../../src/store/keys.js';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../src/store/settings.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { FAKE_IDS } from '../fakes/discord/fixtures.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { freePort, TestRedis, uniquePrefix } from '../helpers/redis.js';
import { compare, seenOnDiscord, seenOnTelegram, settingsFor, table, wants, type Row } from './crash-chats.js';

// Issue 10: the 2026-01-29 crash replayed into 100 Telegram groups and 100 Discord channels with mixed settings, through
// the whole app (engine, producer, BullMQ, workers, real telegraf and discord.js) to fakes that enforce the published
// limits. Event time is compressed: gaps between alerts are kept up to a little over the group wait, longer ones shortened.
const N = 100;
const DC_TOKEN = 'fake-discord-token-for-the-crash-day-test-0123456789abcdef';
const GROUP_WAIT_MS = 1_500;
const MAX_GAP_MS = 2_500;
const TG = Array.from({ length: N }, (_, i) => String(-1_002_000_000_000 - i));
const DC = Array.from({ length: N }, (_, i) => String(1_400_000_000_000_000_000n + BigInt(i)));
const CUSTOM = { BTC: [86_500], ETH: [2_850] };

describe('the crash day in 100 Telegram groups and 100 Discord channels, mixed settings', () => {
  const tg = new FakeTelegram({ limits: 'strict' });
  const dc = new FakeDiscord({ token: DC_TOKEN, rateLimits: 'strict' });
  const redis = new TestRedis();
  const prefix = uniquePrefix('crash');
  const wall = Date.now();
  const settings = new Map<string, ChatSettings>();
  let app: RunningApp;
  let client: Redis;
  let queues: Record<PlatformName, Queue<DeliveryJob>>;

  beforeAll(async () => {
    await Promise.all([tg.start(), dc.start(), redis.start()]);
    client = redis.client();
    const subs = new SubscriptionStore(client, prefix);
    for (const [platform, ids] of [['telegram', TG], ['discord', DC]] as const) {
      for (const [i, id] of ids.entries()) {
        await subs.subscribe(platform, id, 0);
        const saved = await subs.updateSettings(platform, id, (s) => ({ ...s, ...settingsFor(i, wall).s }), 0);
        settings.set(`${platform}:${id}`, saved!.settings);
      }
    }
    const cfg = parseEnv({
      REDIS_URL: redis.url, REDIS_PREFIX: prefix, SOURCES: 'none', HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DISCORD_TOKEN: DC_TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.application,
      DISCORD_REST_URL: dc.apiUrl, DELIVERY_GROUP_WAIT_MS: String(GROUP_WAIT_MS), DELIVERY_CONCURRENCY: '16',
    });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: mkdtempSync(join(tmpdir(), 'cascade-crash-')) });
    const connection = { host: '127.0.0.1', port: redis.port };
    queues = { telegram: new Queue(queueName('telegram'), { connection, prefix: new RedisKeys(prefix).bull }), discord: new Queue(queueName('discord'), { connection, prefix: new RedisKeys(prefix).bull }) };
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
    await app?.stop();
    client?.disconnect();
    await Promise.all([tg.stop(), dc.stop()]);
    await redis.dispose();
  });

  /** settled waits until no delivery job is waiting, delayed or running on either platform (edits wait for their minute). */
  async function settled(ms: number): Promise<void> {
    const end = Date.now() + ms;
    for (let quiet = 0; quiet < 3; ) {
      if (Date.now() > end) throw new Error('deliveries did not settle');
      await new Promise((r) => setTimeout(r, 500));
      const counts = await Promise.all(Object.values(queues).map((q) => q.getJobCounts('waiting', 'delayed', 'active', 'prioritized')));
      quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
    }
  }

  it('every chat sees exactly the alerts its filters let through: none lost, none twice, no dead letter, no 429', async () => {
    const day = crashDay(CUSTOM);
    const firing = new Map(day.alerts.map((a) => [a.at, a.alert]));
    let lastTs: number | null = null;
    for (const [i, e] of day.events.entries()) {
      const a = firing.get(i);
      if (a) {
        if (lastTs !== null) await new Promise((r) => setTimeout(r, Math.min(a.ts - lastTs!, MAX_GAP_MS)));
        lastTs = a.ts;
      }
      app.pipeline!.ingest(e);
      if (i % 5000 === 0) await new Promise((r) => setImmediate(r)); // as the replay feed does: the workers share this thread
    }
    await app.pipeline!.drain();
    // What the app's engine fired is what the chats are judged against (the app tracks no whale the file's positions name).
    const fired = app.engine!.alerts.items.map((a) => structuredClone(a));
    expect(fired.filter((a) => a.kind === 'cascade')).toHaveLength(1);
    await settled(240_000);
    // Quiet hours end: each quiet chat gets its digest of what was held.
    const subs = new SubscriptionStore(client, prefix);
    const producer = new DeliveryProducer({ redis: client, prefix, queues, subs, payloads: new PayloadStore(client, prefix) });
    for (const [platform, ids] of [['telegram', TG], ['discord', DC]] as const) {
      for (const [i, id] of ids.entries()) {
        if (i % 10 !== 8) continue;
        await subs.updateSettings(platform, id, (s) => ({ ...s, quietHours: null }), Date.now());
        await producer.enqueueDigest(platform, id, Date.now());
      }
    }
    await settled(120_000);
    // The near-duplicate pair: a trigger that fired within the group wait of its cascade must not also come alone.
    const pairs = new Set(fired.filter((a) => a.kind === 'cascade').flatMap((c) => (c.data.triggers as Array<{ ts: number; title: string }>).filter((t) => c.ts - t.ts < GROUP_WAIT_MS).map((t) => t.title)));
    const dead = (await client.zrange(new RedisKeys(prefix).deadLetters, '0', '-1')).map((s) => JSON.parse(s) as { chatId: string });
    const rows: Row[] = [];
    for (const [platform, ids] of [['telegram', TG], ['discord', DC]] as const) {
      for (const [i, id] of ids.entries()) {
        const s = settings.get(`${platform}:${id}`) ?? DEFAULT_SETTINGS;
        const expected = fired.filter((a) => wants(a, s)).map((a) => a.title);
        const seen = platform === 'telegram' ? seenOnTelegram(tg, id) : seenOnDiscord(dc, id);
        rows.push({
          chat: id, platform, settings: settingsFor(i, wall).label, ...compare(expected, seen, pairs),
          deadLetters: dead.filter((d) => d.chatId === id).length, tooMany: platform === 'telegram' ? tg.tooManyFor(id) : dc.count429For(id),
        });
      }
    }
    console.log(`crash day, ${N} Telegram groups + ${N} Discord channels (group wait ${GROUP_WAIT_MS} ms):\n${table(rows)}`);
    const bad = rows.filter((r) => r.lost.length + r.extra.length + r.duplicated.length + r.deadLetters + r.tooMany > 0);
    expect(bad.map((r) => ({ chat: r.chat, lost: r.lost, extra: r.extra, duplicated: r.duplicated, dead: r.deadLetters, tooMany: r.tooMany }))).toEqual([]);
    expect(rows.every((r) => r.seen === r.expected)).toBe(true);
    expect(tg.tooManyRequests + dc.count429.total).toBe(0);
    expect(tg.parseErrors + dc.state.counters.formErrors).toBe(0);
  }, 600_000);
});
