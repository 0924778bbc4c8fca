import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent, MarketEvent, PositionEvent } from '../../src/market/types.js';
import { HYPERLIQUID_LIQUIDATOR_VAULTS } from '../../src/sources/hyperliquid/liquidations.js';
import type { TrackedAccount } from '../../src/sources/hyperliquid/planner.js';
import type { Positioning } from '../../src/sources/positioning.js';
import { hlFill, hlTrade } from '../fakes/venues/positioning-formats.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { waitFor } from './harness.js';
import { account, positioningOn } from './positioning-harness.js';

// The real Hyperliquid trades and userFills streams and the whale poller against the fake info API and
// WebSocket on 127.0.0.1 (payloads field for field as the documented schemas).

let fake: FakeVenues;
const running: Positioning[] = [];
const VAULT = HYPERLIQUID_LIQUIDATOR_VAULTS[0];
const WHALE = account(0xa11c);
let tid = 1;

beforeAll(async () => {
  fake = new FakeVenues({ canaryMs: 20 });
  await fake.start();
});
afterEach(async () => {
  fake.clearFaults();
  fake.positioning.accounts.clear();
  fake.positioning.fills.clear();
  await Promise.all(running.splice(0).map((p) => p.stop()));
});
afterAll(async () => {
  await fake.close();
});

async function started(accounts: TrackedAccount[] = [], extra: Parameters<typeof positioningOn>[3] = {}) {
  const h = positioningOn(fake, ['hyperliquid'], { accounts }, extra);
  running.push(h.positioning);
  await h.positioning.start();
  await waitFor(() => h.positioning.stream('trades')?.ready === true, 'trades subscribed');
  return h;
}
const liqs = (evs: MarketEvent[]) => evs.filter((e): e is LiquidationEvent => e.kind === 'liquidation');
const positions = (evs: MarketEvent[]) => evs.filter((e): e is PositionEvent => e.kind === 'position');
/** maxMinute is the largest weight over any closed 60-second window of the served requests. */
function maxMinute(served: ReadonlyArray<{ at: number; weight: number }>): number {
  let max = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < served.length; hi++) {
    sum += served[hi].weight;
    while (served[lo].at < served[hi].at - 60_000) sum -= served[lo++].weight;
    max = Math.max(max, sum);
  }
  return max;
}
const tracked = (n: number, top = 0): TrackedAccount[] => Array.from({ length: n }, (_, i) => ({ address: account(i + 1), watchers: i < top ? 100 - i : 1 }));

describe('backstop liquidations from the trades stream', () => {
  it('a trade the liquidator vault bought is a long liquidated, with notional; other trades are not liquidations', async () => {
    const { sink } = await started();
    const now = Date.now();
    fake.hyperliquid.pushTrades('BTC', [
      hlTrade({ coin: 'BTC', side: 'A', px: 84_720, sz: 373.47, time: now, tid: tid++, buyer: VAULT, seller: WHALE }),
      hlTrade({ coin: 'BTC', side: 'B', px: 84_721, sz: 1, time: now, tid: tid++, buyer: account(7), seller: account(8) }),
    ]);
    fake.hyperliquid.pushTrades('kPEPE', [hlTrade({ coin: 'kPEPE', side: 'B', px: 0.0101, sz: 5_000, time: now, tid: tid++, buyer: account(9), seller: VAULT })]);
    await waitFor(() => liqs(sink.events).length === 2, 'two liquidations');
    expect(liqs(sink.events)).toEqual([
      { kind: 'liquidation', ts: now, source: 'hyperliquid', symbol: 'BTC', side: 'long', price: 84_720, qty: 373.47, notionalUsd: 373.47 * 84_720 },
      { kind: 'liquidation', ts: now, source: 'hyperliquid', symbol: 'PEPE', side: 'short', price: 0.0000101, qty: 5_000_000, notionalUsd: 5_000 * 0.0101 },
    ]);
  });
});

describe('tracked accounts', () => {
  it('the 10 most watched get real-time userFills; a liquidation fill carries the account and moves it to the front of the poll', async () => {
    const { positioning, sink } = await started(tracked(15, 10));
    await waitFor(() => positioning.stream('userFills')?.ready === true, 'userFills subscribed');
    expect(fake.hyperliquid.uniqueUsers()).toEqual(new Set(tracked(10).map((a) => a.address)));
    expect(fake.hyperliquid.errors).toEqual([]);
    const victim = account(3);
    fake.hyperliquid.pushFills(victim, [hlFill({ coin: 'ETH', px: 2_700, sz: 1_000, side: 'A', startPosition: 1_000, time: Date.now(), tid: tid++, liquidated: victim })]);
    await waitFor(() => liqs(sink.events).length === 1, 'liquidation fill');
    expect(liqs(sink.events)[0]).toMatchObject({ account: victim, symbol: 'ETH', side: 'long', qty: 1_000, notionalUsd: 2_700_000 });
    const served = fake.hlLimits.served.length;
    await positioning.pull.whales();
    expect(fake.hlLimits.served.slice(served).find((s) => s.type === 'clearinghouseState')?.user).toBe(victim);
  });

  it('a new top 10 rebuilds the real-time socket without ever holding more than 10 unique users', async () => {
    const { positioning } = await started(tracked(15, 10));
    await waitFor(() => positioning.stream('userFills')?.ready === true, 'userFills subscribed');
    const next = tracked(15).map((a, i) => ({ ...a, watchers: i >= 5 ? 50 : 0 }));
    positioning.setAccounts(next);
    await waitFor(() => fake.hyperliquid.uniqueUsers().has(account(15)) && positioning.stream('userFills')?.ready === true, 'new set subscribed');
    expect(fake.hyperliquid.uniqueUsers()).toEqual(new Set(next.slice(5).map((a) => a.address)));
    expect(fake.hyperliquid.errors).toEqual([]);
  });

  it('positions with mark = value / size; a vanished position is closed and its liquidation confirmed from the fills', async () => {
    fake.positioning.accounts.set(WHALE, [{ coin: 'BTC', szi: 1_000, entryPx: 92_000, markPx: 84_000, liquidationPx: 80_000 }]);
    const { positioning, sink, clock } = await started([{ address: WHALE, watchers: 1 }]);
    await positioning.pull.whales();
    expect(positions(sink.events)).toEqual([expect.objectContaining({ account: WHALE, symbol: 'BTC', size: 1_000, entryPrice: 92_000, markPrice: 84_000, liquidationPrice: 80_000, unrealizedPnlUsd: -8_000_000 })]);
    const at = Date.now() + clock.offset;
    fake.positioning.accounts.set(WHALE, []);
    fake.positioning.fills.set(WHALE, [hlFill({ coin: 'BTC', px: 80_010, sz: 1_000, side: 'A', startPosition: 1_000, time: at, tid: tid++, liquidated: WHALE, method: 'market' })]);
    clock.offset += positioning.status().plan.cadenceMs!;
    await positioning.pull.whales();
    expect(positions(sink.events)[1]).toMatchObject({ account: WHALE, symbol: 'BTC', size: 0 });
    await positioning.pull.whales();
    expect(liqs(sink.events)).toEqual([expect.objectContaining({ account: WHALE, symbol: 'BTC', side: 'long', qty: 1_000, price: 80_010 })]);
    expect(positioning.positions()).toEqual([]);
  });

  it('an account that answers null is refused with a line, and nothing is inferred closed', async () => {
    fake.positioning.accounts.set(WHALE, [{ coin: 'ETH', szi: -500, entryPx: 2_800, markPx: 2_900, liquidationPx: 3_200 }]);
    const { positioning, sink, log, clock } = await started([{ address: WHALE, watchers: 1 }]);
    await positioning.pull.whales();
    fake.positioning.accounts.set(WHALE, null);
    clock.offset += positioning.status().plan.cadenceMs!;
    await positioning.pull.whales();
    expect(positions(sink.events)).toHaveLength(1);
    expect(log.faults().find((l) => l.obj.reason === 'venue_error')?.msg).toBe(`hyperliquid: clearinghouseState venue error (account ${WHALE} answered null)`);
    expect(positioning.positions()).toHaveLength(1);
  });

  it('a liquidation price on the wrong side of the mark is refused', async () => {
    fake.positioning.accounts.set(WHALE, [{ coin: 'ETH', szi: 500, entryPx: 2_800, markPx: 2_900, liquidationPx: 3_000 }]);
    const { positioning, sink, log } = await started([{ address: WHALE, watchers: 1 }]);
    await positioning.pull.whales();
    expect(positions(sink.events)).toEqual([]);
    expect(log.faults().find((l) => l.obj.reason === 'out_of_range')?.msg).toMatch(/^hyperliquid: position\.liquidationPx is out of range \(long liquidation price 3000 is on the wrong side of mark 2900\)/);
  });
});

describe('the shared weight budget against the fake', () => {
  it('honours the fake\'s 429: no Hyperliquid call at all for a minute, then polling resumes', async () => {
    fake.positioning.accounts.set(WHALE, []);
    const { positioning, clock, log } = await started([{ address: WHALE, watchers: 1 }]);
    fake.fault('hyperliquid.info', { status: 429 }, 1);
    await positioning.pull.whales();
    expect(log.faults().find((l) => l.obj.reason === 'http_429')?.msg).toMatch(/^hyperliquid: account rate limited \(429\)/);
    const hits = fake.hits.get('hyperliquid.info');
    for (const step of [10_000, 20_000, 29_000]) {
      clock.offset += step;
      await positioning.pull.whales();
      await positioning.pull.leverage();
    }
    expect(fake.hits.get('hyperliquid.info')).toBe(hits);
    expect(log.faults().some((l) => l.obj.reason === 'budget' && l.msg.startsWith('hyperliquid: call skipped'))).toBe(true);
    clock.offset += 2_000;
    await positioning.pull.whales();
    expect(fake.hits.get('hyperliquid.info')).toBe(hits! + 1);
  });
});

describe('150 tracked accounts over real HTTP, on a simulated clock shared with the fake', () => {
  it('ten minutes: never over 1,200 in any minute by the fake\'s own count, the fake\'s one 429 honoured, every account read', async () => {
    let now = Date.now();
    const sim = new FakeVenues({ canaryMs: 1_000, now: () => now });
    await sim.start();
    try {
      const accounts = tracked(150, 10);
      for (const a of accounts) sim.positioning.accounts.set(a.address, [{ coin: 'BTC', szi: 10, entryPx: 90_000, markPx: 84_000, liquidationPx: 70_000 }]);
      const h = positioningOn(sim, ['hyperliquid'], { accounts }, { now: () => now });
      const start = now;
      let at429 = 0;
      for (let t = 0; t <= 10 * 60_000; t += 500) {
        now = start + t;
        if (t === 4 * 60_000) (sim.fault('hyperliquid.info', { status: 429 }, 1), (at429 = now));
        if (t % 60_000 === 0) await h.positioning.pull.leverage();
        await h.positioning.pull.whales();
      }
      expect(sim.hlLimits.refused).toBe(0);
      expect(maxMinute(sim.hlLimits.served)).toBeLessThanOrEqual(1_200);
      expect(h.log.faults().map((l) => l.obj.reason)).toEqual(['http_429']);
      const during = sim.hlLimits.served.filter((s) => s.at > at429 && s.at < at429 + 60_000);
      expect(during).toEqual([]);
      const reads = new Map<string, number>();
      for (const s of sim.hlLimits.served) if (s.user) reads.set(s.user, (reads.get(s.user) ?? 0) + 1);
      expect(reads.size).toBe(150);
      for (const n of reads.values()) expect(n).toBeGreaterThanOrEqual(26);
      expect(h.positioning.status()).toMatchObject({ plan: { cadenceMs: 20_000 } });
      expect(h.sink.events.filter((e) => e.kind === 'position')).toHaveLength(sim.hlLimits.served.filter((s) => s.type === 'clearinghouseState').length);
    } finally {
      await sim.close();
    }
  });
});

describe('Hyperliquid stream faults', () => {
  it('a dropped trades socket reconnects, records the gap, and keeps reading liquidations; junk frames are counted', async () => {
    const { positioning, sink, log } = await started();
    const before = fake.hyperliquid.connections;
    fake.hyperliquid.drop();
    await waitFor(() => fake.hyperliquid.connections > before && positioning.stream('trades')!.ready, 'reconnected');
    fake.hyperliquid.pushTrades('BTC', [hlTrade({ coin: 'BTC', side: 'A', px: 84_000, sz: 2, time: Date.now(), tid: tid++, buyer: VAULT, seller: WHALE })]);
    fake.hyperliquid.pushTrades('BTC', [{ coin: 'BTC', side: 'A', px: 'NaN', sz: '1', time: Date.now(), tid: tid++, users: [VAULT, WHALE] }]);
    await waitFor(() => liqs(sink.events).length === 1 && log.faults().some((l) => l.obj.reason === 'not_finite'), 'liquidation after reconnect');
    expect(sink.gaps).toHaveLength(1);
    expect(log.lines.some((l) => l.obj.reason === 'ws_closed' && l.msg.startsWith('hyperliquid: '))).toBe(true);
    expect(log.faults().find((l) => l.obj.reason === 'not_finite')?.msg).toMatch(/^hyperliquid: data\.px is not a finite number/);
  });
});
