import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDLE_MS, candleEvents, catchUpPrices, CANDLE_VENUES } from '../../src/sources/candles.js';
import { FakeVenues } from '../fakes/venues/server.js';

// Issue 15: a standby taking the engine over catches the missed minutes up from the venues' 1-minute candles.
const T = Date.UTC(2026, 0, 29, 13, 20);

describe('candle payloads in the venues\' real formats', () => {
  it.each([
    ['binance', [[1616338800000, '57212.69', '57315.00', '57196.19', '57300.00', '496.263', 1616339099999, '28425514.78940', 7160, '273.108', '15642623.69718', '0']], [{ openTs: 1616338800000, close: 57300 }]],
    ['bybit', { retCode: 0, result: { list: [['1670608800000', '17071', '17073', '17027', '17055.5', '268611', '15.74']] } }, [{ openTs: 1670608800000, close: 17055.5 }]],
    ['okx', { code: '0', data: [['1597026383085', '3.721', '3.743', '3.677', '3.708', '8422410', '22698348.04', '12698348.04', '0']] }, [{ openTs: 1597026383085, close: 3.708 }]],
    ['binance', '<html>Access Denied</html>', []],
    ['bybit', { retCode: 10001, retMsg: 'params error', result: {} }, []],
    ['okx', { code: '0', data: [['x', '1', '1', '1', 'NaN']] }, []],
  ] as const)('%s: %j', (venue, payload, want) => {
    expect(CANDLE_VENUES[venue].parse(payload)).toEqual(want);
  });

  it('one price per closed candle, at its last millisecond, inside the missed span, in order', () => {
    const list = [{ openTs: T + 120_000, close: 3 }, { openTs: T, close: 1 }, { openTs: T + 60_000, close: 2 }, { openTs: T - 60_000, close: 0.5 }];
    expect(candleEvents('okx', 'BTC', list, T, T + 2 * CANDLE_MS)).toEqual([
      { kind: 'price', ts: T + 59_999, source: 'okx', symbol: 'BTC', price: 1 },
      { kind: 'price', ts: T + 119_999, source: 'okx', symbol: 'BTC', price: 2 },
    ]);
  });
});

describe('catch-up against the fake venues', () => {
  const venues = new FakeVenues();
  beforeAll(() => venues.start());
  afterAll(() => venues.close());

  it('reads every venue\'s candles for the missed minutes (base URLs as configured); a venue that fails is named, not fatal', async () => {
    venues.candles.set('BTC', Array.from({ length: 10 }, (_, i) => [T + i * CANDLE_MS, 85_000 - i * 100] as [number, number]));
    venues.fault('okx.candles', { status: 503 }, 5);
    const r = await catchUpPrices({ bases: { binance: venues.url, bybit: venues.url, okx: venues.url }, symbols: ['BTC'], fromMs: T + 3 * CANDLE_MS, toMs: T + 8 * CANDLE_MS });
    // Candles opened at minutes 3..7 close inside (from, to]; the one opened at minute 8 is still forming at `to`.
    expect(r.venues).toMatchObject({ binance: 5, bybit: 5 });
    expect(String(r.venues.okx)).toMatch(/503|unavailable|okx/i);
    expect(r.events.map((e) => [e.source, e.ts - T, (e as { price: number }).price])).toEqual(
      [3, 4, 5, 6, 7].flatMap((m) => [['binance', m * CANDLE_MS + 59_999, 85_000 - m * 100], ['bybit', m * CANDLE_MS + 59_999, 85_000 - m * 100]]),
    );
  });

  it('a gap shorter than a minute still gets the candle that closed in it (venues filter on open time)', async () => {
    venues.clearFaults();
    venues.candles.set('BTC', Array.from({ length: 10 }, (_, i) => [T + i * CANDLE_MS, 85_000 - i * 100] as [number, number]));
    const r = await catchUpPrices({ bases: { binance: venues.url, bybit: venues.url, okx: venues.url }, symbols: ['BTC'], fromMs: T + 3 * CANDLE_MS + 50_000, toMs: T + 4 * CANDLE_MS + 5_000 });
    expect(r.events.map((e) => [e.source, e.ts - T])).toEqual([['binance', 3 * CANDLE_MS + 59_999], ['bybit', 3 * CANDLE_MS + 59_999], ['okx', 3 * CANDLE_MS + 59_999]]);
  });
});
