import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { RedisKeys } from '../../src/store/keys.js';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../src/store/settings.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { uniquePrefix } from '../helpers/redis.js';
import { compare, seenOnDiscord, seenOnTelegram, settingsFor, table, wants, type Row } from './crash-chats.js';
import { ChatAppRig } from './chat-app-rig.js';

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
  const prefix = uniquePrefix('crash');
  const rig = new ChatAppRig(tg, dc, DC_TOKEN, prefix);
  const wall = Date.now();
  const settings = new Map<string, ChatSettings>();

  beforeAll(async () => {
    await rig.startFakes();
    const subs = new SubscriptionStore(rig.client, prefix);
    for (const [platform, ids] of [['telegram', TG], ['discord', DC]] as const) {
      for (const [i, id] of ids.entries()) {
        await subs.subscribe(platform, id, 0);
        const saved = await subs.updateSettings(platform, id, (s) => ({ ...s, ...settingsFor(i, wall).s }), 0);
        settings.set(`${platform}:${id}`, saved!.settings);
      }
    }
    await rig.startApp({ DELIVERY_GROUP_WAIT_MS: String(GROUP_WAIT_MS), DELIVERY_CONCURRENCY: '16' });
  }, 120_000);
  afterAll(() => rig.close());


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
      rig.app.pipeline!.ingest(e);
      if (i % 5000 === 0) await new Promise((r) => setImmediate(r)); // as the replay feed does: the workers share this thread
    }
    await rig.app.pipeline!.drain();
    // What the app's engine fired is what the chats are judged against (the app tracks no whale the file's positions name).
    const fired = rig.app.engine!.alerts.items.map((a) => structuredClone(a));
    expect(fired.filter((a) => a.kind === 'cascade')).toHaveLength(1);
    await rig.settled(240_000);
    // Quiet hours end: each quiet chat gets its digest of what was held.
    const subs = new SubscriptionStore(rig.client, prefix);
    const producer = new DeliveryProducer({ redis: rig.client, prefix, queues: rig.queues, subs, payloads: new PayloadStore(rig.client, prefix) });
    for (const [platform, ids] of [['telegram', TG], ['discord', DC]] as const) {
      for (const [i, id] of ids.entries()) {
        if (i % 10 !== 8) continue;
        await subs.updateSettings(platform, id, (s) => ({ ...s, quietHours: null }), Date.now());
        await producer.enqueueDigest(platform, id, Date.now());
      }
    }
    await rig.settled(120_000);
    // The near-duplicate pair: a trigger that fired within the group wait of its cascade must not also come alone.
    const pairs = new Set(fired.filter((a) => a.kind === 'cascade').flatMap((c) => (c.data.triggers as Array<{ ts: number; title: string }>).filter((t) => c.ts - t.ts < GROUP_WAIT_MS).map((t) => t.title)));
    const dead = (await rig.client.zrange(new RedisKeys(prefix).deadLetters, '0', '-1')).map((s) => JSON.parse(s) as { chatId: string });
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
