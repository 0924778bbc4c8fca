import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { commandMessage, userOf } from '../fakes/telegram/updates.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';

// Issues 12 and 13 through the whole app: the real pollers and Hyperliquid streams against the fake venues,
// the engine, the delivery queue, and real telegraf against the fake Bot API.

const GROUP_A = -100901;
const GROUP_B = -100902;
const ADMIN = userOf(7, 'Ann');
const MEMBER = userOf(8, 'Bob');
const WHALE = '0x00000000000000000000000000000000000000aa';
const OWN = '0x00000000000000000000000000000000000000bb';

describe('the live app on fake venues: leverage and whales reach the chats', () => {
  const venues = new FakeVenues({ canaryMs: 50 });
  const tg = new FakeTelegram();
  const redis = new TestRedis();
  let app: RunningApp;

  beforeAll(async () => {
    await Promise.all([venues.start(), tg.start(), redis.start()]);
    for (const g of [GROUP_A, GROUP_B]) (tg.setMember(g, ADMIN.id, 'administrator'), tg.setMember(g, MEMBER.id, 'member'));
    venues.positioning.accounts.set(WHALE, []);
    venues.positioning.accounts.set(OWN, [{ coin: 'ETH', szi: 20_000, entryPx: 3_000, markPx: 2_200, liquidationPx: 1_500 }]);
    const dir = mkdtempSync(join(tmpdir(), 'cascade-lev-'));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, `whales:\n  accounts:\n    - { address: "${WHALE}", label: "Insider whale" }\n`);
    const urls = {
      BINANCE_REST_URL: venues.url, BINANCE_WS_URL: venues.wsUrl, BYBIT_REST_URL: venues.url, BYBIT_WS_URL: venues.wsUrl,
      OKX_REST_URL: venues.url, OKX_WS_URL: venues.wsUrl, HYPERLIQUID_REST_URL: venues.url, HYPERLIQUID_WS_URL: venues.wsUrl,
    };
    const cfg = parseEnv({
      ...urls, REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, SOURCES: 'binance,bybit,okx,hyperliquid',
      SYMBOLS: 'BTC,ETH', RULES_FILE: rules, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1',
    });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await tg.stop();
    await venues.close();
    await redis.dispose();
  });

  const texts = (g: number) => tg.sentTo(g).map((m) => m.text ?? m.caption ?? '');
  const ask = async (g: number, text: string, from = MEMBER, want: RegExp) => {
    tg.pushUpdate(commandMessage(g, text, from));
    return tg.waitFor(() => texts(g).find((t) => want.test(t)), 15_000);
  };

  it('open interest and funding from all four venues reach /leverage', async () => {
    const t = await ask(GROUP_A, '/leverage BTC', MEMBER, /open interest \(in coins\)/);
    for (const v of ['Binance', 'Bybit', 'OKX', 'Hyperliquid']) expect(t).toMatch(new RegExp(`${v} 80,000 · 1h [^·]+ · 24h [^·]+ · funding \\+0\\.0100%`));
    expect(t).toMatch(/BTC 320,000 BTC/);
    expect(t).toMatch(/Bybit says its open interest may lag/);
  }, 30_000);

  it('and the summary: a Leverage section summed over the four venues, and their coverage notes', async () => {
    await ask(GROUP_A, '/summary 1h', MEMBER, /Sources and coverage/);
    await tg.waitFor(() => texts(GROUP_A).find((t) => /Hyperliquid pays funding hourly/.test(t)), 15_000);
    const t = texts(GROUP_A).join('\n');
    expect(t).toMatch(/Leverage little changed: BTC open interest 0\.0% since/);
    expect(t).toMatch(/BTC: open interest 320,000 → 320,000 BTC \(0\.0%; low 320,000 at \d\d:\d\d UTC; 4 venues\), funding \+0\.0100% → \+0\.0100% per 8h/);
    expect(t).toMatch(/Hyperliquid: funding, open interest \(\d+ events\)\. Hyperliquid pays funding hourly: shown per 8h \(×8\)\. Hyperliquid open interest may count both sides/);
  }, 40_000);

  it('/status shows the Hyperliquid weight budget', async () => {
    const t = await ask(GROUP_A, '/status', MEMBER, /Hyperliquid weight/);
    expect(t).toMatch(/Hyperliquid weight: [\d,]+ of 1,200 a minute planned/);
    expect(t).toMatch(/1 tracked account every 10 s/);
  }, 30_000);

  it('a deployment whale alerts every group; a chat’s own watched account alerts that chat only and shows in its /whales', async () => {
    for (const g of [GROUP_A, GROUP_B]) await ask(g, '/subscribe', ADMIN, /^Subscribed/);
    venues.positioning.accounts.set(WHALE, [{ coin: 'BTC', szi: 1_000, entryPx: 92_000, markPx: 80_000, liquidationPx: 50_000 }]);
    for (const g of [GROUP_A, GROUP_B]) await tg.waitFor(() => texts(g).find((t) => /Whale under water: Insider whale, −\$12\.00M on BTC long/.test(t)), 25_000);
    await ask(GROUP_A, `/watch add ${OWN} Our whale`, ADMIN, /^Watching Our whale/);
    await tg.waitFor(() => texts(GROUP_A).find((t) => /Whale under water: Our whale, −\$16\.00M on ETH long/.test(t)), 20_000);
    const a = await ask(GROUP_A, '/whales', MEMBER, /Tracked whales/);
    expect(a).toMatch(/Insider whale · BTC long 1,000 BTC/);
    expect(a).toMatch(/Our whale · ETH long 20,000 ETH/);
    const b = await ask(GROUP_B, '/whales', MEMBER, /Tracked whales/);
    expect(b).not.toMatch(/Our whale/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(texts(GROUP_B).some((t) => /Our whale/.test(t))).toBe(false);
    expect(tg.parseErrors).toBe(0);
  }, 90_000);
});
