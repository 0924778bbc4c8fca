import { describe, expect, it } from 'vitest';
import { classifyBinanceFrame } from '../../src/sources/binance/feeds.js';
import { parseBinanceForceOrder, parseBinanceTicker } from '../../src/sources/binance/parse.js';

// Recorded formats from market-data-apis.md §1.1 and §2.2 (the forceOrder event is a real one quoted by barter-data).
const FORCE_ORDER = {
  e: 'forceOrder', E: 1665523974222,
  o: { s: 'BTCUSDT', S: 'SELL', o: 'LIMIT', f: 'IOC', q: '0.009', p: '18917.15', ap: '18990.00', X: 'FILLED', l: '0.009', z: '0.009', T: 1665523974217 },
};
const AT = { now: 1665523975000 };
const TICKER = {
  symbol: 'BTCUSDT', priceChange: '-94.99999800', priceChangePercent: '-95.960', weightedAvgPrice: '0.29628482', lastPrice: '4.00000200',
  lastQty: '200.00000000', openPrice: '99.00000000', highPrice: '100.00000000', lowPrice: '0.10000000', volume: '8913.30000000',
  quoteVolume: '15.30000000', openTime: 1499783499040, closeTime: 1499869899040, firstId: 28385, lastId: 28460, count: 76,
};
const withO = (o: Record<string, unknown>) => ({ ...FORCE_ORDER, o: { ...FORCE_ORDER.o, ...o } });

describe('parseBinanceForceOrder', () => {
  it('reads the real event: SELL order ⇒ a LONG was liquidated, size z in coins, price ap, notional z × ap', () => {
    const { events, rejected } = parseBinanceForceOrder(FORCE_ORDER, AT);
    expect(rejected).toEqual([]);
    expect(events).toEqual([{ kind: 'liquidation', ts: 1665523974217, source: 'binance', symbol: 'BTC', side: 'long', price: 18990, qty: 0.009, notionalUsd: 0.009 * 18990 }]);
  });

  it('BUY order ⇒ a SHORT was liquidated', () => {
    expect(parseBinanceForceOrder(withO({ S: 'BUY' }), AT).events[0]).toMatchObject({ side: 'short' });
  });

  it('unwraps the combined-stream wrapper', () => {
    const { events } = parseBinanceForceOrder({ stream: '!forceOrder@arr', data: FORCE_ORDER }, AT);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ symbol: 'BTC', side: 'long' });
  });

  it('falls back to the order price p and quantity q when ap and z are 0', () => {
    const { events } = parseBinanceForceOrder(withO({ ap: '0', z: '0' }), AT);
    expect(events[0]).toMatchObject({ price: 18917.15, qty: 0.009 });
  });

  it.each([
    ['"NaN" average price', { ap: 'NaN' }, 'not_finite', 'o.ap'],
    ['junk digits in size', { z: '0.009abc' }, 'not_finite', 'o.z'],
    ['unknown side', { S: 'SIDEWAYS' }, 'bad_side', 'o.S'],
    ['trade time in seconds', { T: 1665523974 }, 'ts_seconds', 'o.T'],
    ['trade time a minute ahead', { T: 1665523975000 + 60_000 }, 'ts_future', 'o.T'],
    ['negative size', { z: '-1' }, 'out_of_range', 'o.z'],
    ['missing symbol', { s: undefined }, 'missing_field', 'o.s'],
  ])('rejects %s, naming the field', (_name, o, reason, field) => {
    const { events, rejected } = parseBinanceForceOrder(withO(o), AT);
    expect(events).toEqual([]);
    expect(rejected).toEqual([expect.objectContaining({ reason, field })]);
  });

  it('rejects a message that is not a forceOrder event', () => {
    expect(parseBinanceForceOrder({ e: 'aggTrade' }, AT).rejected[0].reason).toBe('bad_shape');
  });
});

describe('parseBinanceTicker', () => {
  const at = { now: 1499869899040 + 1000 };

  it('reads lastPrice at closeTime, from one object or the all-symbols array', () => {
    expect(parseBinanceTicker(TICKER, at).events).toEqual([{ kind: 'price', ts: 1499869899040, source: 'binance', symbol: 'BTC', price: 4.000002 }]);
    expect(parseBinanceTicker([TICKER, { ...TICKER, symbol: 'ETHUSDT' }], at).events.map((e) => e.symbol)).toEqual(['BTC', 'ETH']);
  });

  it('reports the venue error envelope', () => {
    expect(parseBinanceTicker({ code: -1121, msg: 'Invalid symbol.' }, at).rejected).toEqual([{ reason: 'venue_error', field: 'code', detail: '-1121 "Invalid symbol."' }]);
  });

  it('rejects an empty-string price', () => {
    expect(parseBinanceTicker({ ...TICKER, lastPrice: '' }, at).rejected[0]).toMatchObject({ reason: 'not_finite', field: 'lastPrice' });
  });
});

describe('classifyBinanceFrame', () => {
  it('tells liquidations from the mark-price canary, and a truncated frame from both', () => {
    expect(classifyBinanceFrame(JSON.stringify({ stream: '!forceOrder@arr', data: FORCE_ORDER }), AT).type).toBe('data');
    expect(classifyBinanceFrame(JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: { e: 'markPriceUpdate', p: '1' } }), AT).type).toBe('canary');
    expect(classifyBinanceFrame('{"stream":"!forceOrder@arr","da', AT)).toMatchObject({ type: 'bad', rejection: { reason: 'bad_json' } });
  });
});
