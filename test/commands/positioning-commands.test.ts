import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { parseTextArgs, runCommand } from '../../commands/dispatch.js';
import type { CommandServices } from '../../commands/services.js';
import type { CommandContext, CommandReply } from '../../commands/types.js';
import { EngineView } from '../../src/app/engine-view.js';
import { engineAccounts } from '../../src/app/watching.js';
import type { MessageField, RichMessage } from '../../src/chat/message.js';
import { DEMO_RULES } from '../../src/cli/demo-rules.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import { Engine } from '../../src/rules/engine.js';
import { planHyperliquid } from '../../src/sources/hyperliquid/planner.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { WatchStore } from '../../src/store/watchlist.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const redis = new TestRedis();
let client: Redis;
let engine: Engine;
let services: CommandServices;
let changes = 0;
const OTHER = '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd';

beforeAll(async () => {
  await redis.start();
  client = redis.client();
  const dir = mkdtempSync(join(tmpdir(), 'cascade-poscmd-'));
  generateDay(join(dir, 'day.ndjson'));
  engine = new Engine(DEMO_RULES);
  readEvents(join(dir, 'day.ndjson'), (e) => engine.ingest(e), () => {});
  const watches = new WatchStore(client, uniquePrefix('poscmd'));
  services = {
    subs: new SubscriptionStore(client, uniquePrefix('poscmd-subs')),
    market: new EngineView(engine),
    status: async () => ({ sources: [], queue: null, uptimeMs: 1_000, mode: 'test' }),
    chart: () => null,
    levelsChanged: async () => {},
    watches,
    watchLimits: { perChat: 2, total: 3 },
    watchChanged: async () => {
      changes++;
      engine.setTrackedAccounts(engineAccounts(await watches.all()));
    },
    hyperliquidBudget: () => ({ plan: planHyperliquid([{ address: OTHER, watchers: 1 }], { pricePollMs: 5_000, ctxPollMs: 60_000 }), usedLastMinute: 120, blockedUntil: null }),
    commands: () => COMMANDS,
  };
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  await redis.dispose();
});

async function call(text: string, opts: { admin?: boolean; chatId?: string; zh?: boolean } = {}): Promise<CommandReply> {
  const [name, ...rest] = text.slice(1).split(' ');
  const def = COMMANDS.find((c) => c.name === name)!;
  let args: Record<string, string | undefined>;
  try {
    args = parseTextArgs(def, rest.join(' '));
  } catch (e) {
    return (e as Error).message;
  }
  const ctx: CommandContext<CommandServices> = {
    chat: { platform: 'telegram', chatId: opts.chatId ?? '-100' }, isPrivate: false, user: { id: '7', name: 'ann' }, args, now: services.market.now(), services,
    locale: opts.zh ? { lang: 'zh', tz: 'Asia/Shanghai' } : { lang: 'en', tz: 'UTC' }, platformLang: null,
  };
  return runCommand(def, ctx, async () => opts.admin ?? true, (e) => { throw e; });
}
const fields = (r: CommandReply) => ((r as RichMessage).blocks.find((b) => b.type === 'fields') as { fields: MessageField[] }).fields;
const all = (r: CommandReply) => (typeof r === 'string' ? r : JSON.stringify(r));

describe('/leverage on the replayed demo day', () => {
  it('shows open interest in coins now, its 1h and 24h change per venue and in total, and funding per venue', async () => {
    const r = await call('/leverage');
    expect((r as RichMessage).title).toBe('Leverage: open interest (in coins) and funding (per 8h)');
    const f = fields(r);
    expect(f.map((x) => x.name.split(' ')[0])).toEqual(['BTC', 'ETH', 'SOL']);
    expect(f[0].name).toMatch(/^BTC [\d,]+ BTC · 1h [+−]\d+\.\d% · 24h [+−]\d+\.\d%$/);
    const lines = f[0].value.split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['Binance', 'Bybit', 'Hyperliquid', 'OKX', 'mean']);
    expect(lines[1]).toMatch(/^Bybit [\d,]+ · 1h [+−][\d.]+% · 24h [+−][\d.]+% · funding −0\.00\d\d%$/);
    expect(all(r)).toContain('Bybit says its open interest may lag in extreme volatility');
    expect(all(r)).toContain('Hyperliquid pays funding hourly: shown per 8h (×8)');
    expect((r as RichMessage).footer).toMatch(/^as of 2026-01-29 23:59 UTC · open interest in coins/);
  });

  it('sums open interest as the venues report it: the total is the sum of the four venues', async () => {
    const btc = services.market.leverage('BTC')!;
    expect(btc.total!.sources).toEqual(['binance', 'bybit', 'hyperliquid', 'okx']);
    expect(btc.total!.oi).toBeCloseTo(btc.venues.reduce((n, v) => n + v.oi, 0), 6);
    // the demo's BTC open interest ends at 99% of its start (24h) after a flush of several percent
    expect(btc.total!.change24hPct!).toBeGreaterThan(-3);
    expect(btc.total!.change24hPct!).toBeLessThan(0);
  });

  it('in a Chinese chat, in Chinese on its clock', async () => {
    const r = (await call('/leverage BTC', { zh: true })) as RichMessage;
    expect(r.title).toBe('杠杆：持仓量（币本位）与资金费率（每 8 小时）');
    expect(fields(r)[0].value).toMatch(/^币安 [\d,]+ · 1 小时 [+−][\d.]+% · 24 小时 [+−][\d.]+% · 资金费率 \+0\.00\d\d%/);
    expect(r.footer).toMatch(/^截至 2026-01-30 07:59 UTC\+8/);
  });

  it('names an unknown asset in one line with an example', async () => {
    expect(await call('/leverage FOO')).toBe('Unknown asset FOO; known: BTC, DOGE, ETH, SOL, XRP. Example: /leverage BTC ETH');
  });
});

describe('/whales', () => {
  it('lists the tracked whale: size, entry, mark, unrealized PnL, distance to liquidation', async () => {
    const f = fields(await call('/whales'));
    expect(f).toHaveLength(1);
    expect(f[0].name).toMatch(/^10\/11 insider whale · BTC long 9,900 BTC \(\$8\d\d\.\dM\)$/);
    expect(f[0].value).toMatch(/^entry \$89,705 · mark \$8\d,\d{3}(\.\d)? · unrealized PnL −\$4\d\.\d\dM · liquidation \$80,950 \(\d\.\d% away\)$/);
  });

  it("shows a chat's own watched account to that chat only", async () => {
    engine.setTrackedAccounts(new Map([[OTHER, { label: 'Mine', deployment: false, chats: ['telegram:-100'] }]]));
    engine.ingest({ kind: 'position', ts: engine.market.clock, source: 'hyperliquid', account: OTHER, symbol: 'ETH', size: -10_000, entryPrice: 2_700, markPrice: 2_806, liquidationPrice: 3_100, unrealizedPnlUsd: -1_060_000 });
    expect(fields(await call('/whales', { chatId: '-100' })).map((x) => x.name)).toEqual([expect.stringMatching(/^10\/11 insider whale/), 'Mine · ETH short 10,000 ETH ($28.06M)']);
    expect(fields(await call('/whales', { chatId: '-200' }))).toHaveLength(1);
  });
});

describe('/watch', () => {
  const A = '0x1011000000000000000000000000000000C0FFEE';

  it('refuses a bad address or action in one line, changing nothing', async () => {
    expect(await call('/watch add 0x1234 Bad')).toBe('"0x1234" is not an account address: 0x and 40 hex digits. Example: /watch add 0x1011000000000000000000000000000000c0ffee Insider whale');
    expect(await call('/watch follow 0x1234')).toMatch(/^Unknown action "follow": add, remove or list\. Example/);
    expect(await call('/watch add')).toMatch(/^Give the account address\. Example/);
    expect(await call(`/watch add ${A} ${'x'.repeat(40)}`)).toMatch(/^A label is at most 32 characters of plain text\. Example/);
    expect(await services.watches.total()).toBe(0);
    expect(changes).toBe(0);
  });

  it('needs a subscription and an admin', async () => {
    expect(await call(`/watch add ${A} Insider`)).toBe('Subscribe first with /subscribe, then watch accounts.');
    expect(await call(`/watch add ${A} Insider`, { admin: false })).toBe('Only chat admins can use /watch here.');
  });

  it('adds (lower-cased), relabels, lists, caps per chat and per deployment, and removes', async () => {
    for (const c of ['-100', '-200', '-300']) await services.subs.subscribe('telegram', c, 0);
    expect(await call(`/watch add ${A} Insider whale`)).toBe('Watching Insider whale (0x1011000000000000000000000000000000c0ffee) in this chat: its liquidations, losses of $10M or more and near-liquidations alert this chat only.');
    expect(await call(`/watch add ${A} 10/11 whale`)).toBe('0x1011000000000000000000000000000000c0ffee is now labelled 10/11 whale.');
    expect(await call(`/watch add ${OTHER}`)).toMatch(/^Watching 0xabcd…abcd/);
    expect(await call('/watch add 0x0000000000000000000000000000000000000003')).toMatch(/^At most 2 watched accounts per chat; remove one first\. Example/);
    expect(await call('/watch add 0x0000000000000000000000000000000000000003', { chatId: '-200' })).toMatch(/^Watching/);
    expect(await call('/watch add 0x0000000000000000000000000000000000000004', { chatId: '-300' })).toMatch(/^This deployment already watches the most accounts it polls \(3\); remove one first/);
    expect(await call('/watch list')).toBe('Watched in this chat (2 of 2): 10/11 whale 0x1011000000000000000000000000000000c0ffee, 0xabcd…abcd 0xabcdefabcdefabcdefabcdefabcdefabcdefabcd.');
    expect(await call(`/watch remove ${OTHER}`)).toBe('Stopped watching 0xabcdefabcdefabcdefabcdefabcdefabcdefabcd in this chat.');
    expect(await call(`/watch remove ${OTHER}`)).toBe('0xabcdefabcdefabcdefabcdefabcdefabcdefabcd is not on this chat’s watch list.');
    expect(await call('/watch list', { chatId: '-300' })).toBe('No account is watched in this chat. Add one: /watch add 0x… label');
    expect(changes).toBe(5);
  });
});

describe('/status', () => {
  it('shows the Hyperliquid weight budget and how many accounts fit at which cadence', async () => {
    const t = all(await call('/status'));
    expect(t).toContain('Hyperliquid weight: 116 of 1,200 a minute planned, 120 used in the last minute');
    expect(t).toContain('capacity: 81 every 10 s, 122 every 15 s');
  });
});
