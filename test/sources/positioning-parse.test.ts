import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../src/market/validate.js';
import {
  parseBinanceBasis, parseBinanceFundingInfo, parseBinanceOpenInterest, parseBinancePremiumIndex, parseBinanceTopLongShort,
} from '../../src/sources/binance/positioning-parse.js';
import { parseBybitLeverage } from '../../src/sources/bybit/positioning-parse.js';
import { contractUnit, resolveContract } from '../../src/sources/contract-units.js';
import { parseHyperliquidLeverage } from '../../src/sources/hyperliquid/positioning-parse.js';
import { parseOkxFunding, parseOkxOpenInterest } from '../../src/sources/okx/positioning-parse.js';
import {
  BINANCE_BASIS, BINANCE_BASIS_QUARTER, BINANCE_FUNDING_INFO, BINANCE_OPEN_INTEREST, BINANCE_PREMIUM_INDEX, BINANCE_TOP_LONG_SHORT,
  BYBIT_TICKERS_LINEAR, HL_META_AND_ASSET_CTXS, OKX_FUNDING_4H, OKX_FUNDING_RATE, OKX_OPEN_INTEREST,
} from '../fixtures/positioning.js';

const NO_INTERVALS = new Map<string, number>();
const bybitRow = (d: Record<string, unknown>) => ({ ...BYBIT_TICKERS_LINEAR, result: { ...BYBIT_TICKERS_LINEAR.result, list: [{ ...BYBIT_TICKERS_LINEAR.result.list[0], ...d }] } });
const okxRow = (base: { code: string; data: Record<string, unknown>[] }, d: Record<string, unknown>) => ({ ...base, data: [{ ...base.data[0], ...d }] });

describe('contractUnit: contracts per 1,000 units map to the base asset (issue 11)', () => {
  it.each([
    ['1000PEPE', 'PEPE', 1_000], ['kPEPE', 'PEPE', 1_000], ['kBONK', 'BONK', 1_000], ['1000000MOG', 'MOG', 1_000_000],
    ['1MBABYDOGE', 'BABYDOGE', 1_000_000], ['10000LADYS', 'LADYS', 10_000], ['BTC', 'BTC', 1], ['1INCH', '1INCH', 1], ['1000', '1000', 1],
  ])('%s → %s × %d', (name, base, multiplier) => {
    expect(contractUnit(name)).toEqual({ base, multiplier });
  });

  it('resolves a base asset to the name a venue lists, plain first', () => {
    expect(resolveContract('PEPE', new Set(['BTC', '1000PEPE']))).toBe('1000PEPE');
    expect(resolveContract('PEPE', new Set(['kPEPE', 'ETH']))).toBe('kPEPE');
    expect(resolveContract('BTC', new Set(['BTC']))).toBe('BTC');
    expect(resolveContract('DOGE', new Set(['BTC']))).toBeNull();
  });
});

describe('Binance USD-M leverage', () => {
  it('open interest is in the base asset at the answer time', () => {
    const r = parseBinanceOpenInterest(BINANCE_OPEN_INTEREST, { now: 1589437531000 });
    expect(r.rejected).toEqual([]);
    expect(r.events).toEqual([{ kind: 'open_interest', ts: 1589437530011, source: 'binance', symbol: 'BTC', oi: 10659.509 }]);
  });

  it('1000PEPEUSDT open interest is counted in PEPE (× 1,000)', () => {
    const r = parseBinanceOpenInterest({ ...BINANCE_OPEN_INTEREST, symbol: '1000PEPEUSDT', openInterest: '2500000' }, { now: 1589437531000 });
    expect(r.events[0]).toMatchObject({ symbol: 'PEPE', oi: 2_500_000_000 });
    expect(r.readings[0]).toMatchObject({ multiplier: 1000 });
  });

  it.each([
    ['zero', { openInterest: '0' }, 'out_of_range'], ['negative', { openInterest: '-5' }, 'out_of_range'], ['missing', { openInterest: undefined }, 'missing_field'],
    ['seconds for ms', { time: 1589437530 }, 'ts_seconds'], ['NaN', { openInterest: 'NaN' }, 'not_finite'],
  ])('refuses a %s open interest', (_name, patch, reason) => {
    const r = parseBinanceOpenInterest({ ...BINANCE_OPEN_INTEREST, ...patch }, { now: 1589437531000 });
    expect(r.events).toEqual([]);
    expect(r.rejected[0]).toMatchObject({ reason });
  });

  it('funding is per 8 h by default, and per the fundingInfo interval when adjusted (4 h → × 2)', () => {
    const at = { now: 1597370496000 };
    expect(parseBinancePremiumIndex(BINANCE_PREMIUM_INDEX, { ...at, intervals: NO_INTERVALS }).events).toEqual([{ kind: 'funding', ts: 1597370495002, source: 'binance', symbol: 'BTC', rate: 0.00038246 }]);
    const { intervals } = parseBinanceFundingInfo(BINANCE_FUNDING_INFO);
    expect(intervals.get('BLZUSDT')).toBe(4);
    const blz = parseBinancePremiumIndex({ ...BINANCE_PREMIUM_INDEX, symbol: 'BLZUSDT', lastFundingRate: '0.0001' }, { ...at, intervals });
    expect(blz.events[0]).toMatchObject({ symbol: 'BLZ', rate: 0.0002 });
    expect(blz.readings[0]).toMatchObject({ intervalHours: 4 });
  });

  it('skips dated contracts, other quotes and assets nobody follows; refuses a funding of 5 (500%)', () => {
    const all = [BINANCE_PREMIUM_INDEX, { ...BINANCE_PREMIUM_INDEX, symbol: 'BTCUSDT_250328', lastFundingRate: '' }, { ...BINANCE_PREMIUM_INDEX, symbol: 'BTCUSDC' }, { ...BINANCE_PREMIUM_INDEX, symbol: 'DOGEUSDT' }];
    const r = parseBinancePremiumIndex(all, { now: 1597370496000, intervals: NO_INTERVALS, symbols: new Set(['BTC']) });
    expect(r.events.map((e) => e.symbol)).toEqual(['BTC']);
    expect(r.rejected).toEqual([]);
    const bad = parseBinancePremiumIndex({ ...BINANCE_PREMIUM_INDEX, lastFundingRate: '5' }, { now: 1597370496000, intervals: NO_INTERVALS });
    expect(bad.events).toEqual([]);
    expect(bad.rejected[0]).toMatchObject({ reason: 'out_of_range', field: 'lastFundingRate' });
  });

  it('term structure and top-trader ratio are summary figures with their own shape', () => {
    const perp = parseBinanceBasis(BINANCE_BASIS, { now: 1698742801000 });
    expect(perp.items).toEqual([{ source: 'binance', symbol: 'BTC', contractType: 'PERPETUAL', futuresPrice: 34414.1, indexPrice: 34400.15945055, basis: 13.94054945, basisRate: 0.0004, annualizedBasisRate: null, ts: 1698742800000 }]);
    expect(parseBinanceBasis(BINANCE_BASIS_QUARTER, { now: 1719499501000 }).items[0]).toMatchObject({ contractType: 'CURRENT_QUARTER', annualizedBasisRate: -0.1016 });
    const ls = parseBinanceTopLongShort(BINANCE_TOP_LONG_SHORT, { now: 1583139601000 });
    expect(ls.items).toEqual([{ source: 'binance', symbol: 'BTC', kind: 'top_position', ratio: 1.4342, longShare: 0.5891, shortShare: 0.4108, ts: 1583139600000 }]);
  });

  it('an error envelope is a venue error, not an event', () => {
    expect(parseBinanceOpenInterest({ code: -1121, msg: 'Invalid symbol.' }, { now: 1 }).rejected[0]).toMatchObject({ reason: 'venue_error' });
  });
});

describe('Bybit v5 linear tickers', () => {
  const at = { now: 1762220792000 };

  it('open interest in coins and funding per its interval, at the envelope time, with the lag caveat', () => {
    const r = parseBybitLeverage(BYBIT_TICKERS_LINEAR, at);
    expect(r.rejected).toEqual([]);
    expect(r.events).toEqual([
      { kind: 'open_interest', ts: 1762220791908, source: 'bybit', symbol: 'BTC', oi: 50923.331 },
      { kind: 'funding', ts: 1762220791908, source: 'bybit', symbol: 'BTC', rate: 0.00001938 },
    ]);
    expect(r.readings[0]).toMatchObject({ readAt: at.now, venueTs: 1762220791908, note: expect.stringContaining('lag') });
  });

  it('a 4-hour symbol doubles to 8 h; 1000PEPEUSDT counts PEPE', () => {
    const r = parseBybitLeverage(bybitRow({ symbol: '1000PEPEUSDT', markPrice: '0.0101', openInterest: '3000000', openInterestValue: '30300', fundingRate: '0.0001', fundingIntervalHour: '4' }), at);
    expect(r.events).toEqual([
      { kind: 'open_interest', ts: 1762220791908, source: 'bybit', symbol: 'PEPE', oi: 3_000_000_000 },
      { kind: 'funding', ts: 1762220791908, source: 'bybit', symbol: 'PEPE', rate: 0.0002 },
    ]);
  });

  it('refuses open interest that is not in coins (size × mark far from the USD value) and an inverse answer', () => {
    const contracts = parseBybitLeverage(bybitRow({ openInterest: '5092333100' }), at);
    expect(contracts.events.map((e) => e.kind)).toEqual(['funding']);
    expect(contracts.rejected[0]).toMatchObject({ reason: 'wrong_unit', field: 'list.openInterest' });
    const inverse = parseBybitLeverage({ ...BYBIT_TICKERS_LINEAR, result: { ...BYBIT_TICKERS_LINEAR.result, category: 'inverse' } }, at);
    expect(inverse.events).toEqual([]);
    expect(inverse.rejected[0]).toMatchObject({ reason: 'wrong_unit' });
  });

  it('refuses funding of 5 (500%) and a zero open interest', () => {
    const r = parseBybitLeverage(bybitRow({ fundingRate: '5', openInterest: '0' }), at);
    expect(r.events).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['out_of_range', 'out_of_range']);
  });
});

describe('OKX v5', () => {
  it('open interest from oiCcy (coins), never oi (contracts)', () => {
    const r = parseOkxOpenInterest(OKX_OPEN_INTEREST, { now: 1597026384000 });
    expect(r.events).toEqual([{ kind: 'open_interest', ts: 1597026383085, source: 'okx', symbol: 'BTC', oi: 555.55 }]);
  });

  it('oi without oiCcy is the wrong unit', () => {
    const r = parseOkxOpenInterest(okxRow(OKX_OPEN_INTEREST, { oiCcy: undefined }), { now: 1597026384000 });
    expect(r.events).toEqual([]);
    expect(r.rejected[0]).toMatchObject({ reason: 'wrong_unit', field: 'data.oi' });
  });

  it('funding interval from fundingTime → nextFundingTime: 8 h as is, 4 h doubled', () => {
    expect(parseOkxFunding(OKX_FUNDING_RATE, { now: 1787160690000 }).events).toEqual([{ kind: 'funding', ts: 1787160689190, source: 'okx', symbol: 'BTC', rate: 0.0001 }]);
    const okb = parseOkxFunding(OKX_FUNDING_4H, { now: 1789824244000 });
    expect(okb.events[0]).toMatchObject({ symbol: 'OKB', rate: 0.0001 });
    expect(okb.readings[0]).toMatchObject({ intervalHours: 4, rawRate: 0.00005 });
  });

  it('refuses a settlement gap that is no known interval, and a non-zero code', () => {
    expect(parseOkxFunding(okxRow(OKX_FUNDING_RATE, { nextFundingTime: '1787185000000' }), { now: 1787160690000 }).rejected[0]).toMatchObject({ reason: 'bad_shape', field: 'data.nextFundingTime' });
    expect(parseOkxFunding({ code: '51001', msg: "Instrument ID doesn't exist.", data: [] }, { now: 1 }).rejected[0]).toMatchObject({ reason: 'venue_error' });
  });
});

describe('Hyperliquid metaAndAssetCtxs', () => {
  it('open interest in coins (kPEPE × 1,000), hourly funding × 8, delisted skipped, receive time', () => {
    const now = 1769693100000;
    const r = parseHyperliquidLeverage(HL_META_AND_ASSET_CTXS, { now });
    expect(r.rejected).toEqual([]);
    expect(r.events).toEqual([
      { kind: 'open_interest', ts: now, source: 'hyperliquid', symbol: 'BTC', oi: 33193.39724 },
      { kind: 'funding', ts: now, source: 'hyperliquid', symbol: 'BTC', rate: -0.000025387 * 8 },
      { kind: 'open_interest', ts: now, source: 'hyperliquid', symbol: 'PEPE', oi: 250_000_000_000 },
      { kind: 'funding', ts: now, source: 'hyperliquid', symbol: 'PEPE', rate: 0.0001 },
    ]);
    for (const ev of r.events) expect(validateEvent(ev)).toEqual(ev);
  });

  it('an hourly rate of 0.5 is 4 per 8 h: refused', () => {
    const bad = structuredClone(HL_META_AND_ASSET_CTXS) as [unknown, Array<Record<string, unknown>>];
    bad[1][0].funding = '0.5';
    const r = parseHyperliquidLeverage(bad, { now: 1769693100000, symbols: new Set(['BTC']) });
    expect(r.events.map((e) => e.kind)).toEqual(['open_interest']);
    expect(r.rejected[0]).toMatchObject({ reason: 'out_of_range', field: 'assetCtxs[0].funding' });
  });
});
