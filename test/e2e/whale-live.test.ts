import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import { Engine } from '../../src/rules/engine.js';
import { HYPERLIQUID_LIQUIDATOR_VAULTS } from '../../src/sources/hyperliquid/liquidations.js';
import type { Positioning } from '../../src/sources/positioning.js';
import { buildSummaryData } from '../../src/summary/build.js';
import { hlFill, hlTrade } from '../fakes/venues/positioning-formats.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { waitFor, type RecordingSink } from '../sources/harness.js';
import { account, positioningOn } from '../sources/positioning-harness.js';

// Issue 13 end to end below the chat: the real trades and userFills streams and the whale poller against the
// local Hyperliquid fake (info API and WebSocket, payloads field for field as the documented schemas), their
// events into the engine, the whale rule's alerts out.

const WHALE = account(0x53);
const VAULT = HYPERLIQUID_LIQUIDATOR_VAULTS[0];
const RULES: RulesConfig = { ...DEFAULT_RULES, whales: { ...DEFAULT_RULES.whales, accounts: [{ address: WHALE, label: 'Insider whale' }] } };
let fake: FakeVenues;
const running: Positioning[] = [];
let tid = 1;

beforeAll(async () => {
  fake = new FakeVenues({ canaryMs: 20 });
  await fake.start();
});
afterEach(async () => {
  fake.positioning.accounts.clear();
  fake.positioning.fills.clear();
  await Promise.all(running.splice(0).map((p) => p.stop()));
});
afterAll(async () => {
  await fake.close();
});

/** Live is the whale watch feeding a live engine (tracking only the rules file's accounts). */
async function live() {
  const h = positioningOn(fake, ['hyperliquid'], { accounts: [{ address: WHALE, label: 'Insider whale', watchers: 1, deployment: true }] });
  running.push(h.positioning);
  const engine = new Engine(RULES);
  engine.setTrackedAccounts(new Map());
  const alerts: AlertEvent[] = [];
  let fed = 0;
  const feed = (sink: RecordingSink) => {
    for (; fed < sink.events.length; fed++) alerts.push(...engine.ingest(sink.events[fed]));
  };
  /** poll reads the whale once more (one cadence later) and feeds what came to the engine. */
  const poll = async () => {
    await h.positioning.pull.whales();
    feed(h.sink);
    h.clock.offset += h.positioning.status().plan.cadenceMs!;
  };
  return { ...h, engine, alerts, poll, feed: () => feed(h.sink) };
}
const whales = (a: AlertEvent[]) => a.filter((x) => x.kind === 'whale').map((x) => `${x.data.event}:${x.severity}`);
/** long of 1,000 BTC bought at 92,000, marked at the price giving `pnl`. */
const btcLong = (pnl: number, liq: number | null = 20_000) => [{ coin: 'BTC', szi: 1_000, entryPx: 92_000, markPx: 92_000 + pnl / 1_000, liquidationPx: liq }];

describe('the whale rule on the live Hyperliquid feeds', () => {
  it('a tracked account going from −$8M to −$55M unrealized fires loss warning then critical, once each', async () => {
    const w = await live();
    for (const pnl of [-8e6, -9.9e6, -10.5e6, -20e6, -30e6, -49e6, -55e6, -54e6, -56e6]) {
      fake.positioning.accounts.set(WHALE, btcLong(pnl));
      await w.poll();
    }
    expect(whales(w.alerts)).toEqual(['loss:warning', 'loss:critical']);
    const [warn, crit] = w.alerts;
    expect(warn.data).toMatchObject({ account: WHALE, label: 'Insider whale', event: 'loss', size: 1_000, unrealizedPnlUsd: -10.5e6, markPrice: 81_500 });
    expect(warn.title).toBe('Whale under water: Insider whale, −$10.50M on BTC long');
    expect(crit.data.unrealizedPnlUsd).toBe(-55e6);
    expect(warn.data.chats).toBeUndefined(); // a rules-file account follows the usual routing
  });

  it('a position 1.5% from its liquidation price fires near_liquidation once', async () => {
    const w = await live();
    for (const mark of [2_600, 2_700, 2_735, 2_733, 2_740, 2_736]) {
      fake.positioning.accounts.set(WHALE, [{ coin: 'ETH', szi: -2_000, entryPx: 2_700, markPx: mark, liquidationPx: 2_776 }]);
      await w.poll();
    }
    expect(whales(w.alerts)).toEqual(['near_liquidation:warning']);
    expect(w.alerts[0].data).toMatchObject({ event: 'near_liquidation', size: -2_000, markPrice: 2_735, liquidationPrice: 2_776, distancePct: 1.5 });
    expect(w.alerts[0].title).toBe('Whale near liquidation: Insider whale, ETH short 1.5% away');
  });

  it('a liquidated tracked account fires liquidated and appears in the summary', async () => {
    const w = await live();
    fake.positioning.accounts.set(WHALE, btcLong(-5e6, 84_500));
    await w.poll();
    const at = Date.now() + w.clock.offset;
    fake.positioning.accounts.set(WHALE, []);
    fake.positioning.fills.set(WHALE, [hlFill({ coin: 'BTC', px: 84_480, sz: 1_000, side: 'A', startPosition: 1_000, time: at, tid: tid++, liquidated: WHALE, method: 'market' })]);
    await w.poll(); // the position vanished: closed
    await w.poll(); // confirmed from the fills: a liquidation carrying the account
    expect(whales(w.alerts)).toEqual(['liquidated:critical']);
    expect(w.alerts.find((a) => a.kind === 'whale')!.data).toMatchObject({ event: 'liquidated', account: WHALE, size: 1_000, notionalUsd: 84_480_000, markPrice: 84_480, unrealizedPnlUsd: -5e6 });
    const d = buildSummaryData(w.engine, 0, w.engine.market.clock);
    expect(d.whales).toEqual([{ account: WHALE, label: 'Insider whale', worstUnrealizedPnlUsd: -5e6, liquidated: true, liquidatedUsd: 84_480_000 }]);
    expect(d.liquidations.largestBySource?.hyperliquid).toMatchObject({ symbol: 'BTC', side: 'long', notionalUsd: 84_480_000 });
  });

  it('a backstop liquidation through the vault is a liquidation with the right side and notional, and the Hyperliquid largest in the summary', async () => {
    const w = await live();
    await w.positioning.start();
    await waitFor(() => w.positioning.stream('trades')?.ready === true, 'trades subscribed');
    const now = Date.now();
    fake.hyperliquid.pushTrades('BTC', [hlTrade({ coin: 'BTC', side: 'A', px: 84_720, sz: 373.47, time: now, tid: tid++, buyer: VAULT, seller: account(9) })]);
    await waitFor(() => w.sink.events.some((e) => e.kind === 'liquidation'), 'the backstop liquidation');
    w.feed();
    expect(w.alerts.map((a) => `${a.kind}:${a.data.side}:${a.data.notionalUsd}`)).toEqual([`large_liquidation:long:${373.47 * 84_720}`]);
    expect(buildSummaryData(w.engine, 0, w.engine.market.clock).liquidations.largestBySource?.hyperliquid).toMatchObject({ side: 'long', notionalUsd: 373.47 * 84_720 });
  });

  it('an account nobody tracks any more is forgotten: its snapshots fire nothing', async () => {
    const w = await live();
    w.engine.setTrackedAccounts(new Map());
    const stranger = account(0x77);
    w.engine.ingest({ kind: 'position', ts: Date.now(), source: 'hyperliquid', account: stranger, symbol: 'BTC', size: 10, entryPrice: 90_000, markPrice: 10_000, liquidationPrice: 9_900, unrealizedPnlUsd: -80e6 });
    expect(w.engine.alerts.items).toEqual([]);
    expect(w.engine.memory.positions.positions()).toEqual([]);
  });
});

describe('CoinGlass whale positions (with a key on the Startup plan or above)', () => {
  const row = (user: string, size: number, value: number, pnl: number) => ({
    user, symbol: 'ETH', position_size: size, entry_price: 3_100, mark_price: 2_800, liq_price: size > 0 ? 1_900 : 3_900, leverage: 25,
    margin_balance: 1_327_406.9, position_value_usd: value, unrealized_pnl: pnl, funding_fee: -1_006.97, margin_mode: 'cross',
    create_time: Date.now() - 86_400_000, update_time: Date.now() - 60_000,
  });

  it('adds positions over $1M from accounts nobody configured: shown, never alerted on, not in the summary', async () => {
    fake.coinglassWhales = [row(account(0xc1), 20_000, 56e6, -60e6), row(account(0xc2), 100, 280_000, -30_000), row('0x1234', 500, 1.4e6, 0)];
    const h = positioningOn(fake, [], { coinglass: { base: fake.url, key: fake.coinglassKey } });
    running.push(h.positioning);
    await h.positioning.pull.summary();
    expect(h.sink.events.map((e) => `${e.kind}:${e.source}:${(e as { account?: string }).account}`)).toEqual([`position:coinglass:${account(0xc1)}`]);
    expect(h.log.faults().map((l) => l.msg)).toEqual([expect.stringMatching(/^coinglass: data\.user /)]);
    const engine = new Engine(RULES);
    engine.setTrackedAccounts(new Map());
    const fired = h.sink.events.flatMap((e) => engine.ingest(e));
    expect(fired).toEqual([]);
    expect(engine.memory.positions.positions().map((p) => [p.account, p.size, p.unrealizedPnlUsd])).toEqual([[account(0xc1), 20_000, -60e6]]);
    expect(buildSummaryData(engine, 0, engine.market.clock).whales).toBeUndefined();
  });

  it('on a plan without the whale endpoints: one log line naming CoinGlass, nothing else breaks', async () => {
    fake.coinglassPlan = 'hobbyist';
    try {
      const h = positioningOn(fake, ['binance'], { coinglass: { base: fake.url, key: fake.coinglassKey } });
      running.push(h.positioning);
      await h.positioning.pull.leverage();
      await h.positioning.pull.summary();
      expect(h.log.faults().map((l) => l.msg)).toEqual(['coinglass: code venue error ("400" "plan not sufficient")']);
      expect(h.positioning.store.basis().length).toBeGreaterThan(0);
    } finally {
      fake.coinglassPlan = 'startup';
    }
  });

  it('without a key nothing asks CoinGlass', async () => {
    const before = fake.hits.get('coinglass.whales') ?? 0;
    const h = positioningOn(fake, ['binance']);
    running.push(h.positioning);
    await h.positioning.pull.summary();
    expect(fake.hits.get('coinglass.whales') ?? 0).toBe(before);
  });
});
