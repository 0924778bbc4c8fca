import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { CommandServices } from '../../commands/services.js';
import type { CommandContext, CommandReply } from '../../commands/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import { parseTextArgs, runCommand } from '../../commands/dispatch.js';
import { chatLocales } from '../../commands/locale.js';
import { commandText, MissingCommandTextError } from '../../commands/describe.js';
import { LANGS, type Lang } from '../../src/i18n/locale.js';
import type { RichMessage } from '../../src/chat/message.js';
import { Engine } from '../../src/rules/engine.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { WatchStore } from '../../src/store/watchlist.js';
import { EngineView } from '../../src/app/engine-view.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const redis = new TestRedis();
let client: Redis;
let services: CommandServices;
let levelsChanged = 0;

beforeAll(async () => {
  await redis.start();
  client = redis.client();
  const dir = mkdtempSync(join(tmpdir(), 'cascade-cmd-'));
  generateDay(join(dir, 'day.ndjson'));
  const engine = new Engine(DEFAULT_RULES);
  readEvents(join(dir, 'day.ndjson'), (e) => engine.ingest(e), () => {});
  services = {
    subs: new SubscriptionStore(client, uniquePrefix('cmd')),
    market: new EngineView(engine),
    status: async () => ({ sources: [{ source: 'bybit', lastEventTs: engine.market.clock - 2000, stale: false, rejected: 3 }], queue: null, uptimeMs: 60_000, mode: 'replay' }),
    chart: () => null,
    levelsChanged: async () => void levelsChanged++,
    watches: new WatchStore(client, uniquePrefix('cmd-watch')),
    watchLimits: { perChat: 10, total: 100 },
    watchChanged: async () => {},
    hyperliquidBudget: () => null,
    commands: () => COMMANDS,
  };
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  await redis.dispose();
});

const byName = (n: string) => COMMANDS.find((c) => c.name === n)!;
/** call runs a command as the platforms do: the chat's locale from its subscription (else the sender's language), then the shared path. */
async function call(text: string, opts: { admin?: boolean; chatId?: string; isPrivate?: boolean; lang?: Lang } = {}): Promise<CommandReply> {
  const [name, ...rest] = text.slice(1).split(' ');
  const def = byName(name);
  const chat = { platform: 'telegram' as const, chatId: opts.chatId ?? '-100' };
  const locale = await chatLocales(services.subs)(chat, opts.lang ?? null);
  let args: Record<string, string | undefined>;
  try {
    args = parseTextArgs(def, rest.join(' '), locale);
  } catch (e) {
    return (e as Error).message;
  }
  const ctx: CommandContext<CommandServices> = {
    chat, isPrivate: opts.isPrivate ?? false, user: { id: '7', name: 'ann' }, args, now: services.market.now(), services, locale, platformLang: opts.lang ?? null,
  };
  return runCommand(def, ctx, async () => opts.admin ?? true, (e) => { throw e; });
}
const text = (r: CommandReply) => (typeof r === 'string' ? r : JSON.stringify(r));
const asMsg = (r: CommandReply) => r as RichMessage;

describe('the registry', () => {
  it('holds every command of DESIGN §5 once', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(['alerts', 'help', 'levels', 'leverage', 'liquidations', 'markets', 'mute', 'price', 'settings', 'status', 'subscribe', 'summary', 'unmute', 'unsubscribe', 'watch', 'whales']);
  });
  it('has its words in every language, from the catalogue (menus, slash commands and /help read them)', () => {
    for (const lang of LANGS) {
      for (const c of COMMANDS) {
        const w = c.describe(lang);
        expect(w.description.length, `${lang} /${c.name}`).toBeGreaterThan(0);
        expect(w.description.length, `${lang} /${c.name}`).toBeLessThanOrEqual(100);
        expect(Object.keys(w.args)).toEqual(c.args.map((a) => a.name));
        for (const a of Object.values(w.args)) expect(a.hint.length).toBeLessThanOrEqual(100);
      }
    }
    expect(() => commandText('zh', 'nosuch', [])).toThrow(MissingCommandTextError);
    expect(() => commandText('en', 'mute', [{ name: 'nosuch', type: 'string' }])).toThrow(/arg\.nosuch/);
  });
  it('help is derived from it', async () => {
    const t = text(await call('/help'));
    for (const c of COMMANDS) expect(t).toContain(`/${c.name}`);
  });
});

describe('subscriptions and settings', () => {
  it('a non-admin in a group is refused in one line and nothing changes', async () => {
    expect(await call('/subscribe', { admin: false, chatId: '-5' })).toBe('Only chat admins can use /subscribe here.');
    expect(await services.subs.get('telegram', '-5')).toBeNull();
  });

  it('subscribe, settings, unsubscribe round trip, surviving a new store on the same Redis', async () => {
    expect(await call('/subscribe', { chatId: '-6' })).toMatch(/^Subscribed/);
    expect(await call('/subscribe', { chatId: '-6' })).toMatch(/already subscribed/);
    await call('/settings severity critical', { chatId: '-6' });
    await call('/settings assets btc, eth', { chatId: '-6' });
    await call('/settings timezone europe/berlin', { chatId: '-6' });
    await call('/settings quiet 23:00-07:00 Europe/Berlin', { chatId: '-6' });
    await call('/settings digest 08:30', { chatId: '-6' });
    const fresh = new SubscriptionStore(client, (services.subs as unknown as { key: string }).key.replace(/:subs$/, ''));
    const s = (await fresh.get('telegram', '-6'))!.settings;
    expect(s).toMatchObject({ minSeverity: 'critical', assets: ['BTC', 'ETH'], quietHours: { start: '23:00', end: '07:00' }, timezone: 'Europe/Berlin', digestTime: '08:30' });
    expect(await call('/unsubscribe', { chatId: '-6' })).toMatch(/^Unsubscribed/);
    expect((await services.subs.get('telegram', '-6'))!.active).toBe(false);
  });

  it.each([
    ['/settings severity loud', /Severity is info, warning or critical\. Example:/],
    ['/settings assets DOGEFATHER', /Unknown asset DOGEFATHER.*Example:/],
    ['/settings quiet 25:00-07:00', /HH:MM-HH:MM.*Example: \/settings quiet 23:00-07:00$/],
    ['/settings quiet 23:00-07:00 Asia/Tokyo', /follow this chat's time zone \(UTC\); to change it: \/settings timezone Asia\/Tokyo\. Example:/],
    ['/settings timezone Mars/Olympus', /"Mars\/Olympus" is not a time zone.*Example: \/settings timezone Asia\/Shanghai$/],
    ['/settings timezone +08:00', /not a time zone: give an IANA name/],
    ['/settings language fr', /en \(English\) or zh \(Simplified Chinese\)\. Example: \/settings language zh$/],
    ['/settings severity', /Give a value for severity\. Example: \/settings severity critical$/],
    ['/settings colour red', /Unknown setting.*Example:/],
    ['/levels add BTC -5', /not a price level.*Example:/],
    ['/levels add XYZ 5', /Unknown asset XYZ.*Example:/],
    ['/mute 99y', /not a duration.*Example:/],
    ['/mute 90d', /At most 30 days.*Example:/],
    ['/mute 2h NOTACOIN', /Unknown asset NOTACOIN.*Example:/],
    ['/liquidations 7h', /Window is 1h, 4h or 24h.*Example:/],
    ['/summary forever', /not a duration.*Example:/],
    ['/price BTC ' + 'x'.repeat(10_000), /too long.*Example:/],
  ])('%s gets a one-line reason with an example and changes nothing', async (cmd, want) => {
    await call('/subscribe', { chatId: '-7' });
    const before = JSON.stringify(await services.subs.get('telegram', '-7'));
    const r = await call(cmd, { chatId: '-7' });
    expect(typeof r).toBe('string');
    expect(r as string).toMatch(want);
    expect((r as string).split('\n')).toHaveLength(1);
    expect(JSON.stringify(await services.subs.get('telegram', '-7'))).toBe(before);
  });

  it('levels add, list, remove; the engine is told', async () => {
    await call('/subscribe', { chatId: '-8' });
    const n = levelsChanged;
    expect(await call('/levels add BTC 83,500 87k', { chatId: '-8' })).toBe('BTC custom levels: 83,500, 87,000.');
    expect(levelsChanged).toBe(n + 1);
    expect(await call('/levels list', { chatId: '-8' })).toMatch(/BTC 83,500, 87,000/);
    expect(await call('/levels remove BTC 87000', { chatId: '-8' })).toBe('BTC custom levels: 83,500.');
    expect(await services.subs.customLevels()).toMatchObject({ BTC: expect.arrayContaining([83500]) });
  });

  it('mute and unmute', async () => {
    await call('/subscribe', { chatId: '-9' });
    expect(await call('/mute 2h BTC', { chatId: '-9' })).toMatch(/^Muted BTC for 2h/);
    expect(await call('/mute 30m pct_move', { chatId: '-9' })).toMatch(/^Muted pct move alerts \(pct_move\) for 30 min/);
    expect((await services.subs.get('telegram', '-9'))!.settings.mutes).toHaveLength(2);
    expect(await call('/unmute BTC', { chatId: '-9' })).toMatch(/Still muted: pct move alerts \(pct_move\)/);
    expect(await call('/unmute', { chatId: '-9' })).toBe('Unmuted: alerts are back on.');
  });
});

describe('market commands on the replayed demo day', () => {
  it('/price gives the composite and each venue', async () => {
    const m = asMsg(await call('/price BTC'));
    const f = (m.blocks[0] as { fields: Array<{ name: string; value: string }> }).fields[0];
    expect(f.name).toMatch(/^BTC \$8\d,\d{3}$/);
    expect(f.value).toMatch(/1h [+−]\d/);
    expect(f.value).toMatch(/Bybit 8\d,\d{3}/);
  });

  it('/liquidations 24h gives scale, structure and the largest', async () => {
    const m = asMsg(await call('/liquidations 24h'));
    expect(m.title).toMatch(/^\$6\d\d\.\dM liquidated in 24h$/);
    expect(JSON.stringify(m.blocks)).toMatch(/Largest: \$31\.64M BTC long on Hyperliquid/);
  });

  it('/markets lists Nasdaq first with its change', async () => {
    const m = asMsg(await call('/markets'));
    const fields = (m.blocks[0] as { fields: Array<{ name: string; value: string }> }).fields;
    expect(fields[0].name).toBe('Nasdaq');
    expect(fields[0].value).toMatch(/−2\.00% vs prev close/);
  });

  it('/summary is the desk note', async () => {
    const m = asMsg(await call('/summary 24h'));
    expect(m.title).toMatch(/^Crash report/);
    expect(m.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text)).toEqual(['Key levels', 'Liquidations', 'Leverage', 'Cross-market', 'Whales', 'What to watch', 'Sources and coverage']);
  });

  it('/alerts lists the latest first', async () => {
    const m = asMsg(await call('/alerts'));
    expect((m.blocks[0] as { items: string[] }).items.length).toBe(10);
  });

  it('/status shows sources and the queue', async () => {
    expect(text(await call('/status'))).toMatch(/Bybit.*3 rejected/);
  });
});

describe('a Chinese chat on Beijing time', () => {
  const zh = { chatId: '-86', lang: 'zh' as const };

  it('starts in the language its platform reports, on UTC, and says so in Chinese', async () => {
    expect(await call('/subscribe', zh)).toBe('订阅成功：本群将收到全部资产的警告及以上级别提醒，语言为简体中文，时间按 UTC 显示。可用 /settings、/levels 和 /mute 调整。');
    expect((await services.subs.get('telegram', '-86'))!.settings).toMatchObject({ language: 'zh', timezone: 'UTC' });
  });

  it('takes a time zone and answers in it; a bad zone is refused in Chinese and changes nothing', async () => {
    const m = asMsg(await call('/settings timezone Asia/Shanghai', zh));
    expect(m.title).toBe('本群设置');
    expect(text(m)).toContain('"name":"时区","value":"Asia/Shanghai（UTC+8）"');
    expect(await call('/settings timezone 北京', zh)).toBe('"北京" 不是有效时区：请使用 IANA 时区名，例如 Asia/Shanghai、Europe/Berlin 或 America/New_York。示例：/settings timezone Asia/Shanghai');
    expect((await services.subs.get('telegram', '-86'))!.settings.timezone).toBe('Asia/Shanghai');
  });

  it('every reply is Chinese, every time on its clock', async () => {
    const price = asMsg(await call('/price BTC', zh));
    expect(price.title).toBe('价格（综合价：各活跃交易所报价的中位数）');
    expect(price.footer).toBe('截至 2026-01-30 07:59 UTC+8');
    const f = (price.blocks[0] as { fields: Array<{ name: string; value: string }> }).fields[0];
    expect(f.name).toMatch(/^BTC 8\d,\d{3} 美元$/);
    expect(f.value).toMatch(/^1 小时 [+−]\d.*24 小时 [+−]\d/);
    const liq = asMsg(await call('/liquidations 24h', zh));
    expect(liq.title).toMatch(/^24 小时内爆仓 6\.\d\d 亿美元$/);
    expect(JSON.stringify(liq.blocks)).toContain('最大单笔：2026-01-29 21:32 UTC+8，Hyperliquid 一笔 BTC 多单在 84,720 美元爆仓，金额 3,164 万美元');
    expect(asMsg(await call('/markets', zh)).blocks[0]).toMatchObject({ fields: expect.arrayContaining([expect.objectContaining({ name: '纳斯达克', value: expect.stringMatching(/较前收盘 −2\.00%/) })]) });
    await call('/subscribe', zh);
    expect(await call('/mute 2h BTC', zh)).toBe('已静音：BTC，2 小时（至 2026-01-30 09:59 UTC+8）。用 /unmute 撤销。');
    expect(await call('/unmute', zh)).toBe('已解除静音，提醒恢复推送。');
    const alerts = asMsg(await call('/alerts', zh));
    expect(alerts.footer).toBe('时间为 UTC+8');
    expect((alerts.blocks[0] as { items: string[] }).items).toContain('01-30 01:47 警告 美股转向避险：纳指 −1.5%');
  });

  it('/summary today is the chat\'s day so far: since midnight in Beijing', async () => {
    const m = asMsg(await call('/summary today', zh));
    expect(m.title).toMatch(/^暴跌复盘|^行情小结/);
    expect(m.blocks[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^2026-01-30 00:00 UTC\+8 至 2026-01-30 07:59 UTC\+8，/) });
    const utc = asMsg(await call('/summary today', { chatId: '-87' }));
    expect(utc.blocks[0]).toMatchObject({ text: expect.stringMatching(/^A .* from 2026-01-29 00:00 UTC to 2026-01-29 23:59 UTC\./) });
  });

  it('/help lists every command with Chinese labels and descriptions', async () => {
    const m = asMsg(await call('/help', zh));
    const items = (m.blocks[1] as { items: string[] }).items;
    expect(items).toHaveLength(COMMANDS.length);
    expect(items).toContain('/mute 时长 [对象]：暂时静音提醒（全部、某个资产或某类提醒）（仅管理员）');
  });

  it('switching the language back to English answers in English at once', async () => {
    const m = asMsg(await call('/settings language en', zh));
    expect(m.title).toBe('Settings for this chat');
    expect(text(m)).toContain('"name":"Time zone","value":"Asia/Shanghai (UTC+8)"');
  });
});
