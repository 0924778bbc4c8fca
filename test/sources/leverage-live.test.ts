import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FundingEvent, MarketEvent, OpenInterestEvent } from '../../src/market/types.js';
import type { Positioning } from '../../src/sources/positioning.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { positioningOn } from './positioning-harness.js';

// The real leverage pollers against the fake venues over HTTP on 127.0.0.1: open interest in base units and
// funding per 8 h from all four venues, the summary-only figures, and the venue faults of issue 12.

let fake: FakeVenues;
const running: Positioning[] = [];

beforeAll(async () => {
  fake = new FakeVenues();
  await fake.start();
});
afterEach(async () => {
  fake.clearFaults();
  fake.positioning.units = {};
  await Promise.all(running.splice(0).map((p) => p.stop()));
});
afterAll(async () => {
  await fake.close();
});

function started(...args: Parameters<typeof positioningOn>) {
  const h = positioningOn(...args);
  running.push(h.positioning);
  return h;
}
const oi = (evs: MarketEvent[], source: string, symbol: string) => evs.filter((e): e is OpenInterestEvent => e.kind === 'open_interest' && e.source === source && e.symbol === symbol).map((e) => e.oi);
const rate = (evs: MarketEvent[], source: string, symbol: string) => evs.filter((e): e is FundingEvent => e.kind === 'funding' && e.source === source && e.symbol === symbol).map((e) => e.rate);

describe('leverage from all four venues', () => {
  it('open interest in base units (1000PEPE and kPEPE as PEPE) and funding per 8 h (4-hour and hourly venues normalised)', async () => {
    const { positioning, sink, log } = started(fake, ['binance', 'bybit', 'okx', 'hyperliquid']);
    await positioning.pull.leverage();
    expect(log.faults()).toEqual([]);
    for (const v of ['binance', 'bybit', 'okx', 'hyperliquid']) {
      expect(oi(sink.events, v, 'BTC'), v).toEqual([80_000]);
      expect(oi(sink.events, v, 'ETH'), v).toEqual([1_900_000]);
      expect(oi(sink.events, v, 'PEPE'), v).toEqual([400_000_000_000]);
      expect(rate(sink.events, v, 'BTC')[0], v).toBeCloseTo(0.0001, 12);
      expect(rate(sink.events, v, 'SOL')[0], v).toBeCloseTo(0.0002, 12);
    }
    expect(sink.events.every((e) => ['BTC', 'ETH', 'SOL', 'PEPE'].includes((e as OpenInterestEvent).symbol))).toBe(true);
    const readings = positioning.store.readings();
    expect(readings.find((r) => r.source === 'binance' && r.symbol === 'SOL')).toMatchObject({ intervalHours: 4, rawRate: expect.closeTo(0.0001, 12) });
    expect(readings.find((r) => r.source === 'binance' && r.symbol === 'PEPE')).toMatchObject({ multiplier: 1000 });
    expect(readings.find((r) => r.source === 'bybit' && r.symbol === 'BTC')?.note).toMatch(/lag/);
    expect(readings.find((r) => r.source === 'hyperliquid' && r.symbol === 'BTC')).toMatchObject({ intervalHours: 1 });
  });

  it('a second poll follows the venue: open interest down 8.4% on Bybit reads as such', async () => {
    const { positioning, sink } = started(fake, ['bybit']);
    await positioning.pull.leverage();
    fake.positioning.set('bybit', 'BTC', { oi: 80_000 * 0.916, funding8h: -0.00005 });
    await positioning.pull.leverage();
    expect(oi(sink.events, 'bybit', 'BTC')).toEqual([80_000, 73_280]);
    expect(rate(sink.events, 'bybit', 'BTC')).toEqual([0.0001, -0.00005]);
    fake.positioning.set('bybit', 'BTC', { oi: 80_000, funding8h: 0.0001 });
  });

  it('term structure and top-trader ratio reach the store, not the engine', async () => {
    const { positioning, sink } = started(fake, ['binance']);
    await positioning.pull.leverage();
    const before = sink.events.length;
    await positioning.pull.summary();
    expect(sink.events.length).toBe(before);
    const btc = positioning.store.basis().filter((b) => b.symbol === 'BTC');
    expect(btc.map((b) => b.contractType)).toEqual(['CURRENT_QUARTER', 'NEXT_QUARTER', 'PERPETUAL']);
    expect(btc.find((b) => b.contractType === 'PERPETUAL')).toMatchObject({ annualizedBasisRate: null, indexPrice: 65_000 });
    expect(positioning.store.basis().find((b) => b.symbol === 'PEPE')?.indexPrice).toBeCloseTo(0.00001, 12);
    expect(positioning.store.longShort().map((r) => r.symbol)).toEqual(['BTC', 'ETH', 'PEPE', 'SOL']);
  });
});

describe('leverage faults: a clear line naming the venue and the reason, nothing reaches the engine', () => {
  it('Bybit open interest in contracts (its USD value no longer matches) is the wrong unit; its funding still flows', async () => {
    fake.positioning.units.bybit = 'contracts';
    const { positioning, sink, log } = started(fake, ['bybit']);
    await positioning.pull.leverage();
    expect(sink.events.filter((e) => e.kind === 'open_interest')).toEqual([]);
    expect(sink.events.filter((e) => e.kind === 'funding')).toHaveLength(4);
    const line = log.faults().find((l) => l.obj.reason === 'wrong_unit');
    expect(line?.msg).toMatch(/^bybit: list\.openInterest is in the wrong unit \(/);
  });

  it('OKX oi without oiCcy (contracts, no coins) is the wrong unit', async () => {
    fake.positioning.units.okx = 'contracts';
    const { positioning, sink, log } = started(fake, ['okx']);
    await positioning.pull.leverage();
    expect(sink.events.filter((e) => e.kind === 'open_interest')).toEqual([]);
    expect(log.faults().filter((l) => l.obj.reason === 'wrong_unit' && l.msg.startsWith('okx: data.oi is in the wrong unit'))).toHaveLength(4);
  });

  it.each([
    ['an HTML error page with 200', 'html200', 'html_body'],
    ['a 429 with Retry-After', { status: 429, retryAfter: '30' }, 'http_429'],
    ['an empty body', 'empty', 'empty_body'],
  ] as const)('OKX funding: %s', async (_name, f, reason) => {
    fake.fault('okx.funding', f);
    const { positioning, sink, log } = started(fake, ['okx']);
    await positioning.pull.leverage();
    expect(sink.events.filter((e) => e.kind === 'funding')).toEqual([]);
    expect(log.faults().find((l) => l.obj.reason === reason)?.msg.startsWith('okx: ')).toBe(true);
  });

  it('a funding of 5 (500%) and a zero open interest are refused', async () => {
    fake.positioning.set('okx', 'ETH', { funding8h: 5, oi: 0 });
    const { positioning, sink, log } = started(fake, ['okx']);
    await positioning.pull.leverage();
    expect(sink.events.filter((e) => e.symbol === 'ETH')).toEqual([]);
    expect(log.faults().map((l) => l.msg).filter((m) => m.includes('out of range'))).toEqual([
      expect.stringMatching(/^okx: data\.oiCcy is out of range/), expect.stringMatching(/^okx: data\.fundingRate is out of range .*outside \(−1, 1\)/),
    ]);
    fake.positioning.set('okx', 'ETH', { funding8h: 0.00008, oi: 1_900_000 });
  });
});
