import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/dispatch.js';
import { levels } from '../../commands/levels.js';
import { mute } from '../../commands/mute.js';
import type { CommandServices } from '../../commands/services.js';
import { CapReached, MAX_CUSTOM_LEVELS, MAX_MUTES } from '../../src/store/settings.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import type { MarketView } from '../../src/summary/market-view.js';
import { WatchStore } from '../../src/store/watchlist.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const redis = new TestRedis();
let client: Redis;
beforeAll(async () => {
  await redis.start();
  client = redis.client();
});
afterAll(async () => {
  client?.disconnect();
  await redis.dispose();
});

function services(subs: SubscriptionStore): CommandServices {
  const market = { knownAssets: () => ['BTC', 'ETH', 'SOL'] } as unknown as MarketView;
  return {
    subs, market, status: async () => ({ sources: [], queue: null, uptimeMs: 0, mode: 'test' }), chart: () => null, levelsChanged: async () => {}, commands: () => [],
    watches: new WatchStore(client, uniquePrefix('cas-watch')), watchLimits: { perChat: 10, total: 100 }, watchChanged: async () => {}, hyperliquidBudget: () => null,
  };
}

async function run(s: CommandServices, def: typeof levels, args: Record<string, string>, chatId = '-100', now = 1000) {
  const ctx = { chat: { platform: 'telegram' as const, chatId }, isPrivate: false, user: { id: '7', name: 'ann' }, args, now, services: s, locale: { lang: 'en' as const, tz: 'UTC' }, platformLang: null };
  return runCommand(def, ctx, async () => true, (e) => { throw e; });
}

describe('settings writes are atomic (a compare-and-set per write, re-applied on conflict)', () => {
  it('three concurrent /levels add loops: every confirmed add is stored, and the cap of 50 holds', async () => {
    const subs = new SubscriptionStore(client, uniquePrefix('cas'));
    const s = services(subs);
    await subs.subscribe('telegram', '-100', 0);
    const loops = [0, 1, 2].map((k) => Promise.all(Array.from({ length: 25 }, (_, i) => run(s, levels, { action: 'add', asset: 'BTC', prices: String(80_000 + k * 1000 + i * 10) }))));
    const replies = (await Promise.all(loops)).flat().map(String);
    const confirmed = replies.filter((r) => r.startsWith('BTC custom levels'));
    const refused = replies.filter((r) => r.startsWith(`At most ${MAX_CUSTOM_LEVELS} custom levels per chat`));
    const stored = (await subs.get('telegram', '-100'))!.settings.levels.BTC;
    console.log(`concurrent /levels add: ${confirmed.length} confirmed, ${refused.length} refused, ${stored.length} stored (cap ${MAX_CUSTOM_LEVELS})`);
    expect(confirmed).toHaveLength(MAX_CUSTOM_LEVELS);
    expect(refused).toHaveLength(75 - MAX_CUSTOM_LEVELS);
    expect(stored).toHaveLength(MAX_CUSTOM_LEVELS);
    expect(new Set(stored).size).toBe(MAX_CUSTOM_LEVELS);
  });

  it('concurrent mutes and settings changes all land, and the mute cap holds', async () => {
    const subs = new SubscriptionStore(client, uniquePrefix('cas'));
    const s = services(subs);
    await subs.subscribe('telegram', '-100', 0);
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => run(s, mute, { duration: `${i + 1}h` })));
    const minSev = subs.updateSettings('telegram', '-100', (x) => ({ ...x, minSeverity: 'critical' }), 2);
    await minSev;
    const saved = (await subs.get('telegram', '-100'))!.settings;
    expect(replies.filter((r) => String(r).startsWith('Muted'))).toHaveLength(MAX_MUTES);
    expect(saved.mutes).toHaveLength(MAX_MUTES);
    expect(saved.minSeverity).toBe('critical');
  });

  it('distinct custom levels across the deployment stay under its cap, however many chats add at once; a chat coming back keeps its levels', async () => {
    const subs = new SubscriptionStore(client, uniquePrefix('cas'), { levels: 30, perGuild: 25 });
    const s = services(subs);
    for (let c = 0; c < 10; c++) await subs.subscribe('telegram', String(c), 0);
    const replies = (await Promise.all(Array.from({ length: 10 }, (_, c) => Promise.all(Array.from({ length: 6 }, (__, i) => run(s, levels, { action: 'add', asset: 'ETH', prices: String(2000 + c * 10 + i) }, String(c))))))).flat().map(String);
    const all = await subs.customLevels();
    expect(all.ETH).toHaveLength(30);
    expect(replies.filter((r) => r.startsWith('This bot already watches its maximum of 30 custom levels'))).toHaveLength(30);
    // A level some chat already watches costs nothing more; a chat that leaves frees its own.
    expect(String(await run(s, levels, { action: 'add', asset: 'ETH', prices: String(all.ETH[0]) }, '99'))).toMatch(/Subscribe first/);
    const owner = (await Promise.all(Array.from({ length: 10 }, (_, c) => subs.get('telegram', String(c))))).find((x) => (x?.settings.levels.ETH ?? []).length > 0)!;
    await subs.deactivate('telegram', owner.chatId, 'unsubscribed', 5);
    expect(String(await run(s, levels, { action: 'add', asset: 'ETH', prices: '3999' }, owner.chatId === '0' ? '1' : '0'))).toMatch(/^ETH custom levels/);
    await expect(subs.subscribe('telegram', owner.chatId, 6)).resolves.toMatchObject({ already: false });
  });

  it('a Discord server has at most its cap of subscribed channels, under concurrency too', async () => {
    const subs = new SubscriptionStore(client, uniquePrefix('cas'), { levels: 1000, perGuild: 5 });
    const tries = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => subs.subscribe('discord', String(1_300_000_000_000_000_000n + BigInt(i)), 0, '900')));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(5);
    expect(tries.filter((t) => t.status === 'rejected').every((t) => (t as PromiseRejectedResult).reason instanceof CapReached)).toBe(true);
    expect((await subs.active()).length).toBe(5);
  });
});
