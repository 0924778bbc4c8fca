import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import { registerSlashCommands } from '../../src/platforms/discord/slash.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { FAKE_IDS, PERM } from '../fakes/discord/fixtures.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { answerOf } from '../fakes/discord/state.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { commandMessage, userOf } from '../fakes/telegram/updates.js';
import { freePort, TestRedis } from '../helpers/redis.js';

const DC_TOKEN = 'fake-discord-token-for-the-locale-end-to-end-test-0123456789';
const ZH_GROUP = -100886;
const EN_GROUP = -100441;
const ZH_ADMIN = userOf(86, '安', 'an', 'zh-hans');
const ZH_MEMBER = userOf(87, '博', undefined, 'zh-hans');
const EN_ADMIN = userOf(44, 'Ann', 'ann', 'en');
const ZH_GUILD = '1200000000000000086';
const ZH_CHANNEL = '1300000000000000086';

/** Every chat of this test sees the same replayed demo day; one Chinese and one English chat on each platform. */
describe('every chat in its own language and zone, through the real telegraf and discord.js against the fakes', () => {
  const tg = new FakeTelegram();
  const dc = new FakeDiscord({
    token: DC_TOKEN,
    guilds: [{ id: FAKE_IDS.guild, name: 'Crash Watch', channelIds: [FAKE_IDS.channel] }, { id: ZH_GUILD, name: '暴跌监控', channelIds: [ZH_CHANNEL], preferredLocale: 'zh-CN' }],
  });
  const redis = new TestRedis();
  let app: RunningApp;
  let subs: SubscriptionStore;
  let client: Redis;

  beforeAll(async () => {
    await Promise.all([tg.start(), dc.start(), redis.start()]);
    tg.setMember(ZH_GROUP, ZH_ADMIN.id, 'administrator');
    tg.setMember(EN_GROUP, EN_ADMIN.id, 'administrator');
    const dir = mkdtempSync(join(tmpdir(), 'cascade-locale-'));
    generateDay(join(dir, 'day.ndjson'));
    const cfg = parseEnv({
      REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DISCORD_TOKEN: DC_TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.application,
      DISCORD_REST_URL: dc.apiUrl, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1', SOURCES: 'none',
    });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
    client = redis.client();
    subs = new SubscriptionStore(client, cfg.REDIS_PREFIX);
    readEvents(join(dir, 'day.ndjson'), (e) => app.engine!.ingest(e), () => {});
  }, 90_000);
  afterAll(async () => {
    client?.disconnect();
    await app?.stop();
    await Promise.all([tg.stop(), dc.stop()]);
    await redis.dispose();
  });

  const shown = (chat: number) => tg.sentTo(chat).map((m) => {
    const p = parseTelegramHtml(m.text ?? m.caption ?? '');
    return p.ok ? p.text : `(bad HTML: ${p.error})`;
  });
  async function ask(chat: number, text: string, from = ZH_MEMBER, want: RegExp): Promise<string> {
    const before = tg.sentTo(chat).length;
    tg.pushUpdate(commandMessage(chat, text, from));
    await tg.waitFor(() => shown(chat).slice(before).some((t) => want.test(t)), 20_000);
    return shown(chat).slice(before).join('\n');
  }

  describe('Telegram', () => {
    it('sets the command menu once per language: English by default, Chinese for language_code zh', () => {
      const en = tg.commandsFor({ type: 'default' }, '');
      const zh = tg.commandsFor({ type: 'default' }, 'zh');
      expect(en?.map((c) => c.command)).toEqual(COMMANDS.map((c) => c.name));
      expect(zh?.map((c) => c.command)).toEqual(COMMANDS.map((c) => c.name));
      expect(en?.find((c) => c.command === 'subscribe')?.description).toBe('Start crash alerts in this chat');
      expect(zh?.find((c) => c.command === 'subscribe')?.description).toBe('在本群开启暴跌提醒');
      expect(zh?.every((c) => /[\u4e00-\u9fff]/.test(c.description))).toBe(true);
    });

    it('a group subscribed by a Chinese-speaking admin answers in Chinese; an English group in English', async () => {
      expect(await ask(ZH_GROUP, '/subscribe', ZH_ADMIN, /订阅成功/)).toContain('语言为简体中文，时间按 UTC 显示');
      expect(await ask(EN_GROUP, '/subscribe', EN_ADMIN, /Subscribed/)).toContain('in English with times in UTC');
      expect(await ask(ZH_GROUP, '/subscribe', ZH_MEMBER, /只有群管理员/)).toBe('只有群管理员才能在这里使用 /subscribe。');
    });

    it('after /settings timezone Asia/Shanghai every time it is shown is on Beijing time, with the zone named', async () => {
      expect(await ask(ZH_GROUP, '/settings timezone Asia/Shanghai', ZH_ADMIN, /本群设置/)).toContain('Asia/Shanghai（UTC+8）');
      expect(await ask(ZH_GROUP, '/price BTC', ZH_MEMBER, /截至/)).toMatch(/BTC 8\d,\d{3} 美元[\s\S]*截至 2026-01-30 07:59 UTC\+8/);
      expect(await ask(ZH_GROUP, '/liquidations 24h', ZH_MEMBER, /24 小时内爆仓/)).toContain('最大单笔：2026-01-29 21:32 UTC+8');
      expect(await ask(EN_GROUP, '/liquidations 24h', EN_ADMIN, /liquidated in 24h/)).toContain('(2026-01-29 13:32 UTC)');
    }, 40_000);

    it('a bad argument gets one Chinese line with the example, and changes nothing', async () => {
      expect(await ask(ZH_GROUP, '/mute 99y', ZH_ADMIN, /示例/)).toBe('"99y" 不是有效时长，应写作 30m、2h 或 1d。示例：/mute 2h BTC');
      expect((await subs.get('telegram', String(ZH_GROUP)))!.settings.mutes).toEqual([]);
    });

    it('/summary is the Chinese desk note on Beijing time, with a chart drawn in Chinese', async () => {
      const before = tg.sentTo(ZH_GROUP).length;
      tg.pushUpdate(commandMessage(ZH_GROUP, '/summary 24h', ZH_MEMBER));
      const photo = await tg.waitFor(() => tg.sentTo(ZH_GROUP).slice(before).find((m) => m.method === 'sendPhoto'), 30_000);
      expect(photo.caption).toMatch(/^<b>暴跌复盘：BTC −4\.3%，ETH −6\.7%，爆仓 6\.14 亿美元，多单占 91%<\/b>/);
      const png = photo.photo!.data;
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      mkdirSync('.tmp', { recursive: true });
      writeFileSync('.tmp/summary-zh-telegram.png', png);
      await tg.waitFor(() => shown(ZH_GROUP).slice(before).some((t) => t.includes('后市关注')), 10_000);
      expect(shown(ZH_GROUP).slice(before).join('\n')).toContain('21:25 UTC+8 跌破 85,000 美元');
    }, 40_000);
  });

  describe('Discord', () => {

    it('registers the slash commands with zh-CN descriptions, option labels and choice labels', async () => {
      await registerSlashCommands({ token: DC_TOKEN, applicationId: FAKE_IDS.application, restUrl: dc.apiUrl, commands: COMMANDS });
      expect(dc.state.counters.formErrors).toBe(0);
      const byName = new Map(dc.state.commands.global.map((c) => [c.name, c as Record<string, any>]));
      expect([...byName.keys()]).toEqual(COMMANDS.map((c) => c.name));
      for (const c of byName.values()) expect(c.description_localizations?.['zh-CN'], c.name).toMatch(/[\u4e00-\u9fff]/);
      const liq = byName.get('liquidations')!;
      expect(liq.options[0]).toMatchObject({ name: 'window', name_localizations: { 'zh-CN': '时间窗口' }, description_localizations: { 'zh-CN': '1h、4h 或 24h（默认 1h）' } });
      expect(liq.options[0].choices).toEqual([
        { name: '1h', value: '1h', name_localizations: { 'zh-CN': '1 小时' } },
        { name: '4h', value: '4h', name_localizations: { 'zh-CN': '4 小时' } },
        { name: '24h', value: '24h', name_localizations: { 'zh-CN': '24 小时' } },
      ]);
    });

    it('a guild whose preferred locale is zh-CN is answered in Chinese; the other guild in English', async () => {
      const zh = await answerOf(dc.interact({ command: 'subscribe', guildId: ZH_GUILD, channelId: ZH_CHANNEL, permissions: PERM.manageGuild }));
      expect(zh).toContain('订阅成功');
      expect((await subs.get('discord', ZH_CHANNEL))!.settings.language).toBe('zh');
      expect(await answerOf(dc.interact({ command: 'markets', guildId: ZH_GUILD, channelId: ZH_CHANNEL }))).toContain('跨市场看板');
      expect(await answerOf(dc.interact({ command: 'markets' }))).toContain('Cross-market board');
    });

    it('in a DM the user\'s own locale decides', async () => {
      expect(await answerOf(dc.interact({ command: 'help', dm: true, locale: 'zh-CN', channelId: '1400000000000000086' }))).toContain('Cascade：加密货币暴跌提醒与复盘');
      expect(await answerOf(dc.interact({ command: 'help', dm: true, locale: 'zh-TW', channelId: '1400000000000000087' }))).toContain('Cascade: crypto crash alerts and summaries');
    });
  });
});
