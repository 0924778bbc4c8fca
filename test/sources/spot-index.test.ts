import { describe, expect, it } from 'vitest';
import { parseCoinbaseTicker } from '../../src/sources/coinbase/parse.js';
import { parseCoinglassHistory } from '../../src/sources/coinglass/parse.js';
import { parseHyperliquidAssetCtxs, parseHyperliquidMids } from '../../src/sources/hyperliquid/parse.js';
import { parseYahooChart } from '../../src/sources/yahoo/parse.js';

// Recorded formats from market-data-apis.md §6.1, §7.1, §7.2, §8.1, §10.2.
const NVDA = {
  chart: {
    result: [{
      meta: {
        currency: 'USD', symbol: 'NVDA', exchangeName: 'NMS', instrumentType: 'EQUITY', regularMarketTime: 1705957200, gmtoffset: -18000,
        regularMarketPrice: 596.54, chartPreviousClose: 547.1, priceHint: 2, dataGranularity: '1d', range: '5d',
        currentTradingPeriod: {
          pre: { timezone: 'EST', start: 1706000400, end: 1706020200, gmtoffset: -18000 },
          regular: { timezone: 'EST', start: 1706020200, end: 1706043600, gmtoffset: -18000 },
          post: { timezone: 'EST', start: 1706043600, end: 1706058000, gmtoffset: -18000 },
        },
      },
      timestamp: [1705415400, 1705501800, 1705588200, 1705674600, 1705933800],
      indicators: { quote: [{ close: [563.82, 560.53, 571.07, 594.91, 596.54] }] },
    }],
    error: null,
  },
};
type Meta = Record<string, unknown>;
const withMeta = (m: Meta, extra: Meta = {}) => ({ chart: { ...NVDA.chart, result: [{ ...NVDA.chart.result[0], ...extra, meta: { ...NVDA.chart.result[0].meta, ...m } }] } });

describe('parseYahooChart', () => {
  // Monday 2024-01-22 21:00 UTC close, read the next day during the session.
  const inSession = { now: 1706030000_000, maxAgeMs: 7 * 86_400_000 };

  it('uses the previous SESSION close (second-to-last daily close), not chartPreviousClose from before the range', () => {
    const r = parseYahooChart(NVDA, inSession, 'NVDA');
    expect(r.events).toEqual([{ kind: 'index', ts: 1705957200_000, source: 'yahoo', symbol: 'NVDA', price: 596.54, prevClose: 594.91, marketState: 'regular' }]);
    expect(r.quotes[0].changePct).toBeCloseTo((596.54 / 594.91 - 1) * 100, 10);
  });

  it('prefers meta.previousClose when Yahoo gives it', () => {
    expect(parseYahooChart(withMeta({ previousClose: 590 }), inSession, 'NVDA').events[0]).toMatchObject({ prevClose: 590 });
  });

  it('skips null closes (bars with no trades)', () => {
    const nulls = withMeta({}, { indicators: { quote: [{ close: [563.82, 560.53, 571.07, null, 596.54] }] } });
    expect(parseYahooChart(nulls, inSession, 'NVDA').events[0]).toMatchObject({ prevClose: 571.07 });
  });

  it('trusts chartPreviousClose only for range=1d', () => {
    const oneDay = withMeta({ range: '1d' }, { timestamp: [1705933800], indicators: { quote: [{ close: [596.54] }] } });
    expect(parseYahooChart(oneDay, inSession, 'NVDA').events[0]).toMatchObject({ prevClose: 547.1 });
    const fiveDayNoBars = withMeta({}, { timestamp: [1705933800], indicators: { quote: [{ close: [596.54] }] } });
    expect(parseYahooChart(fiveDayNoBars, inSession, 'NVDA').rejected[0]).toMatchObject({ reason: 'missing_field', field: 'meta.previousClose' });
  });

  it('market state: regular inside the session, closed on a weekend (the last session\'s change, not "−0%, live")', () => {
    expect(parseYahooChart(NVDA, inSession, 'NVDA').quotes[0].marketState).toBe('regular');
    expect(parseYahooChart(NVDA, { ...inSession, now: 1706010000_000 }, 'NVDA').quotes[0].marketState).toBe('pre');
    // Saturday: the periods point at Monday's session.
    const saturday = { now: 1706350000_000, maxAgeMs: 7 * 86_400_000 };
    const q = parseYahooChart(NVDA, saturday, 'NVDA').quotes[0];
    expect(q.marketState).toBe('closed');
    expect(q.changePct).not.toBe(0);
  });

  it('rejects milliseconds where Yahoo sends seconds, and reports chart.error', () => {
    expect(parseYahooChart(withMeta({ regularMarketTime: 1705957200_000 }), inSession, 'NVDA').rejected[0]).toMatchObject({ reason: 'ts_out_of_range', field: 'meta.regularMarketTime' });
    expect(parseYahooChart({ chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } }, inSession, 'X').rejected[0].reason).toBe('venue_error');
  });
});

describe('Hyperliquid', () => {
  it('allMids: string mids at the receive time, spot and HIP-3 keys skipped', () => {
    const r = parseHyperliquidMids({ BTC: '65000.5', ETH: '3120.1', '@107': '38.2', 'PURR/USDC': '0.21', 'xyz:COIN': '1' }, { now: 1769693100000 });
    expect(r.events).toEqual([
      { kind: 'price', ts: 1769693100000, source: 'hyperliquid', symbol: 'BTC', price: 65000.5 },
      { kind: 'price', ts: 1769693100000, source: 'hyperliquid', symbol: 'ETH', price: 3120.1 },
    ]);
  });

  it('metaAndAssetCtxs: zipped by index, midPx else markPx, delisted skipped', () => {
    const payload = [
      { universe: [{ name: 'BTC', szDecimals: 5 }, { name: 'OLD', isDelisted: true }, { name: 'ETH' }] },
      [{ markPx: '91029.0', midPx: '91026.5' }, { markPx: '1', midPx: '1' }, { markPx: '3000.5', midPx: null }],
    ];
    expect(parseHyperliquidAssetCtxs(payload, { now: 1769693100000 }).events.map((e) => [e.symbol, e.kind === 'price' ? e.price : null])).toEqual([['BTC', 91026.5], ['ETH', 3000.5]]);
  });
});

describe('parseCoinbaseTicker', () => {
  const body = { ask: '63212.98', bid: '63212.97', volume: '4916.94797396', trade_id: 1040406588, price: '63212.97', size: '0.00782662', time: '2026-06-19T16:43:33.016274911Z' };

  it('reads the last trade price at its nanosecond ISO time', () => {
    expect(parseCoinbaseTicker(body, { now: 1781887414000, product: 'BTC-USD' }).events).toEqual([{ kind: 'price', ts: 1781887413016, source: 'coinbase', symbol: 'BTC', price: 63212.97 }]);
  });

  it('reports {"message":"NotFound"} as a venue error', () => {
    expect(parseCoinbaseTicker({ message: 'NotFound' }, { now: 1, product: 'X-USD' }).rejected[0].reason).toBe('venue_error');
  });
});

describe('parseCoinglassHistory', () => {
  const now = 1658966400000 + 3 * 3_600_000;
  const bucket = (h: number, long: unknown, short: unknown) => ({ time: 1658966400000 + h * 3_600_000, aggregated_long_liquidation_usd: long, aggregated_short_liquidation_usd: short });

  it('sums the buckets inside the window', () => {
    const r = parseCoinglassHistory({ code: '0', msg: 'success', data: [bucket(-5, 100, 100), bucket(0, 5916885.14234, 12969583.87632), bucket(2, 1, 2)] }, { now, windowMs: 4 * 3_600_000 });
    expect(r.totals).toEqual({ longUsd: 5916885.14234 + 1, shortUsd: 12969583.87632 + 2, lastBucketTs: 1658966400000 + 2 * 3_600_000 });
  });

  it('refuses the whole answer on one bad bucket, and reports an error code', () => {
    expect(parseCoinglassHistory({ code: '0', data: [bucket(0, 'NaN', 1)] }, { now, windowMs: 86_400_000 })).toMatchObject({ totals: null, rejected: [{ reason: 'not_finite' }] });
    expect(parseCoinglassHistory({ code: '401', msg: 'API key missing' }, { now, windowMs: 1 }).rejected[0].reason).toBe('venue_error');
  });
});
