import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { PlatformName } from '../../src/chat/platform.js';
import { renderAlert } from '../../src/i18n/alerts.js';
import type { Locale } from '../../src/i18n/locale.js';
import { RedisKeys } from '../../src/store/keys.js';
import type { ChatSettings } from '../../src/store/settings.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { FAKE_IDS, PERM } from '../fakes/discord/fixtures.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { answerOf } from '../fakes/discord/state.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { channelPost, topicMessage, userOf } from '../fakes/telegram/updates.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ChatAppRig } from './chat-app-rig.js';

// Issue 14, "must show": a forum group with two topics subscribed at different severities, a channel and a Discord
// thread, each subscribed by its own command through the real telegraf and discord.js against the strict fakes, each
// receive exactly their alerts of the 2026-01-29 crash day, in their language and zone.
const DC_TOKEN = 'fake-discord-token-for-the-destinations-test-0123456789';
const FORUM = -1001000001400;
const CHANNEL = -1001000001500;
const ZH_GUILD = '1200000000000000014';
const ZH_CHANNEL = '1300000000000000014';
const ZH_ADMIN = userOf(1401, '李', 'li', 'zh-hans');
const EN_ADMIN = userOf(1402, 'Ann', 'ann', 'en');
const GROUP_WAIT_MS = 1_500;

describe('forum topics, a channel and a Discord thread, each in its own language and zone', () => {
  const tg = new FakeTelegram({ limits: 'strict' });
  const dc = new FakeDiscord({
    token: DC_TOKEN, rateLimits: 'strict',
    guilds: [{ id: FAKE_IDS.guild, name: 'Crash Watch', channelIds: [FAKE_IDS.channel] }, { id: ZH_GUILD, name: '暴跌监控', channelIds: [ZH_CHANNEL], preferredLocale: 'zh-CN' }],
  });
  const prefix = uniquePrefix('dest-e2e');
  const rig = new ChatAppRig(tg, dc, DC_TOKEN, prefix);
  let subs: SubscriptionStore;
  let zhTopic = 0;
  let enTopic = 0;
  let threadId = '';
  /** How many messages each Telegram place shows once subscribed (the command answers): the alerts come after. */
  const answers = new Map<string, number>();

  beforeAll(async () => {
    await rig.startFakes();
    tg.chats.addForum(FORUM, { title: '暴跌讨论组' });
    zhTopic = tg.chats.addTopic(FORUM, '警报');
    enTopic = tg.chats.addTopic(FORUM, 'Critical only');
    tg.chats.addChannel(CHANNEL, { title: 'Crash Channel' });
    tg.setMember(FORUM, ZH_ADMIN.id, 'administrator');
    tg.setMember(FORUM, EN_ADMIN.id, 'administrator');
    threadId = dc.addThread(ZH_CHANNEL, { name: '暴跌提醒' }).id;
    await rig.startApp({ DELIVERY_GROUP_WAIT_MS: String(GROUP_WAIT_MS) });
    subs = new SubscriptionStore(rig.client, prefix);
  }, 90_000);
  afterAll(() => rig.close());

  const shownIn = (chat: number, threadId: number | null) => tg.inbox(chat, { threadId }).map((e) => e.shown);

  /** ask posts a command (in a topic, or as a channel post) and waits for the answer in the same place. */
  async function ask(update: Record<string, unknown>, chat: number, threadId: number | null, want: RegExp): Promise<string> {
    const before = shownIn(chat, threadId).length;
    tg.pushUpdate(update);
    await tg.waitFor(() => shownIn(chat, threadId).slice(before).some((t) => want.test(t)), 20_000);
    return shownIn(chat, threadId).slice(before).join('\n');
  }


  it('each place is subscribed by a command there, and every answer lands where it was asked', async () => {
    expect(await ask(topicMessage(FORUM, zhTopic, '/subscribe', ZH_ADMIN, '警报'), FORUM, zhTopic, /订阅成功/)).toContain('语言为简体中文');
    expect(await ask(topicMessage(FORUM, zhTopic, '/settings timezone Asia/Shanghai', ZH_ADMIN, '警报'), FORUM, zhTopic, /本群设置/)).toContain('Asia/Shanghai（UTC+8）');
    expect(await ask(topicMessage(FORUM, enTopic, '/subscribe', EN_ADMIN, 'Critical only'), FORUM, enTopic, /Subscribed/)).toContain('in English with times in UTC');
    expect(await ask(topicMessage(FORUM, enTopic, '/settings severity critical', EN_ADMIN, 'Critical only'), FORUM, enTopic, /Settings/)).toMatch(/critical/);
    expect(await ask(channelPost(CHANNEL, '/subscribe'), CHANNEL, null, /Subscribed/)).toContain('in English');
    expect(await ask(channelPost(CHANNEL, '/settings timezone America/New_York'), CHANNEL, null, /Settings/)).toContain('America/New_York');
    expect(await answerOf(dc.interact({ command: 'subscribe', guildId: ZH_GUILD, channelId: threadId, permissions: PERM.manageGuild }))).toContain('订阅成功');
    const tz = [{ name: 'setting', type: 3 as const, value: 'timezone' }, { name: 'value', type: 3 as const, value: 'Asia/Shanghai' }];
    expect(await answerOf(dc.interact({ command: 'settings', guildId: ZH_GUILD, channelId: threadId, permissions: PERM.manageGuild, options: tz }))).toContain('Asia/Shanghai');
    // One command menu per language (setMyCommands with language_code zh, and the default in English).
    expect(tg.commandsFor({ type: 'default' }, 'zh')?.find((c) => c.command === 'subscribe')?.description).toMatch(/[\u4e00-\u9fff]/);
    expect(tg.commandsFor({ type: 'default' }, '')?.find((c) => c.command === 'subscribe')?.description).toBe('Start crash alerts in this chat');
    for (const [chat, t] of [[FORUM, zhTopic], [FORUM, enTopic], [CHANNEL, null]] as const) answers.set(`${chat}/${t}`, shownIn(chat, t).length);
    // The group itself (General) was never subscribed or answered; the thread's parent channel neither.
    expect(shownIn(FORUM, null)).toEqual([]);
    expect((await subs.active()).map((s) => `${s.platform}:${s.chatId}`).sort()).toEqual([`discord:${threadId}`, `telegram:${CHANNEL}`, `telegram:${FORUM}/${enTopic}`, `telegram:${FORUM}/${zhTopic}`].sort());
  }, 60_000);

  it('the crash day: each receives exactly its alerts, in its language and zone; no 429, no bad markup', async () => {
    const day = crashDay();
    for (const [i, e] of day.events.entries()) {
      rig.app.pipeline!.ingest(e);
      if (i % 5000 === 0) await new Promise((r) => setImmediate(r));
    }
    await rig.app.pipeline!.drain();
    const fired = rig.app.engine!.alerts.items.map((a) => structuredClone(a));
    expect(fired.filter((a) => a.kind === 'cascade')).toHaveLength(1);
    await rig.settled(150_000);

    const places: Array<{ name: string; platform: PlatformName; id: string; lines: () => string[] }> = [
      { name: 'zh topic', platform: 'telegram', id: `${FORUM}/${zhTopic}`, lines: () => shownIn(FORUM, zhTopic).flatMap((t) => t.split('\n')) },
      { name: 'en topic', platform: 'telegram', id: `${FORUM}/${enTopic}`, lines: () => shownIn(FORUM, enTopic).flatMap((t) => t.split('\n')) },
      { name: 'channel', platform: 'telegram', id: String(CHANNEL), lines: () => shownIn(CHANNEL, null).flatMap((t) => t.split('\n')) },
      { name: 'discord thread', platform: 'discord', id: threadId, lines: () => discordLines(dc, threadId) },
    ];
    const triggers = new Set(fired.filter((a) => a.kind === 'cascade').flatMap((c) => (c.data.triggers as Array<{ id: string }>).map((t) => t.id)));
    const report: Record<string, { lost: string[]; extra: string[]; twice: string[] }> = {};
    for (const p of places) {
      const s = (await subs.get(p.platform, p.id))!.settings;
      const locale: Locale = { lang: s.language, tz: s.timezone };
      const titles = new Map(fired.map((a) => [a.id, renderAlert(a, locale).title]));
      const lines = p.lines().map(stripMarks);
      const count = (t: string) => lines.filter((l) => l === t).length;
      // A cascade's triggers are shown as what set it off (by kind), not by their own titles: context, not alerts.
      const expected = fired.filter((a) => wanted(a, s) && !triggers.has(a.id));
      report[p.name] = {
        lost: expected.filter((a) => count(titles.get(a.id)!) === 0).map((a) => titles.get(a.id)!),
        extra: fired.filter((a) => !wanted(a, s) && count(titles.get(a.id)!) > 0).map((a) => titles.get(a.id)!),
        twice: expected.filter((a) => count(titles.get(a.id)!) > 1).map((a) => titles.get(a.id)!),
      };
    }
    expect(report).toEqual(Object.fromEntries(places.map((p) => [p.name, { lost: [], extra: [], twice: [] }])));

    // The alerts (not the command answers): each time on the place's clock, the zone named in each footer.
    const alertsIn = (chat: number, threadId: number | null) => shownIn(chat, threadId).slice(answers.get(`${chat}/${threadId}`)).join('\n');
    const zh = alertsIn(FORUM, zhTopic);
    expect(zh).toContain('• 21:25 BTC 跌破 85,000 美元');
    expect(zh).toContain('多单连环爆仓');
    expect(zh).toContain('连环爆仓 · 2026-01-29 21:24 UTC+8');
    expect(zh).not.toMatch(/UTC(?!\+8)/);
    const en = alertsIn(FORUM, enTopic);
    expect(en).toContain('Long liquidation cascade');
    expect(en).not.toContain('BTC breaks below $85,000');
    expect(en).toContain('cascade · 2026-01-29 13:24 UTC');
    const channel = alertsIn(CHANNEL, null);
    expect(channel).toContain('• 08:25 BTC breaks below $85,000');
    expect(channel).toContain('2026-01-29 08:24 UTC-5');
    expect(channel).not.toMatch(/UTC(?!-5)/);
    const thread = discordLines(dc, threadId).join('\n');
    expect(thread).toContain('21:25 BTC 跌破 85,000 美元');
    expect(thread).toContain('2026-01-29 21:24 UTC+8');
    // The cascade's chart is drawn for each language and zone: the Chinese topic's is not the English topic's.
    const photo = (threadId: number) => tg.sentTo(FORUM, { threadId }).find((m) => m.method === 'sendPhoto')?.photo?.data;
    const [zhPng, enPng] = [photo(zhTopic), photo(enTopic)];
    expect(zhPng?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(enPng && zhPng && !zhPng.equals(enPng)).toBe(true);
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/cascade-zh-topic.png', zhPng!);
    writeFileSync('.tmp/cascade-en-topic.png', enPng!);
    expect(dc.postedTo(ZH_CHANNEL)).toEqual([]);
    expect(shownIn(FORUM, null)).toEqual([]);
    expect(tg.tooManyRequests + dc.count429.total).toBe(0);
    expect(tg.parseErrors + dc.state.counters.formErrors).toBe(0);
    expect(await rig.client.zcard(new RedisKeys(prefix).deadLetters)).toBe(0);
  }, 240_000);

});

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/** wanted is the oracle (severity and assets; these places set nothing else): would this place have the alert? */
function wanted(a: AlertEvent, s: ChatSettings): boolean {
  return RANK[a.severity] >= RANK[s.minSeverity] && (a.symbol === null || s.assets === null || s.assets.includes(a.symbol));
}

/** stripMarks takes a line back to an alert title: the severity icon of a post, the bullet and time of a listed one. */
function stripMarks(line: string): string {
  return line.trim().replace(/^(⚠️|🚨|ℹ️) /, '').replace(/^• (?:\d\d:\d\d(?: UTC(?:[+-]\d{1,2}(?::\d\d)?)?)? )?/, '');
}

/** discordLines is what a Discord channel or thread shows now: embed titles, description lines and footers, markdown undone. */
function discordLines(dc: FakeDiscord, channelId: string): string[] {
  const plain = (s: string) => s.replace(/\*\*(.*?)\*\*/g, '$1').replace(/\\(.)/g, '$1');
  return dc.postedTo(channelId).flatMap((m) => dc.view(m.id).embeds.flatMap((e) => [String(e.title ?? ''), ...String(e.description ?? '').split('\n'), String((e.footer as { text?: string } | undefined)?.text ?? '')]).map(plain));
}
