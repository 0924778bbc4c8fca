import { describe, expect, it } from 'vitest';
import { checkMs, FUTURE_TOLERANCE_MS, Reader, stripQuote, toNumber } from '../../src/sources/normalize.js';
import { describeReject } from '../../src/sources/report.js';

const NOW = 1_769_693_100_000;

describe('toNumber', () => {
  it.each([
    ['decimal string', '84987.5', 84987.5],
    ['integer string', '20000', 20000],
    ['exponent string', '1e-8', 1e-8],
    ['JSON number', 0.04499, 0.04499],
    ['"NaN"', 'NaN', null],
    ['empty string', '', null],
    ['junk after digits', '12abc', null],
    ['hex (Number() would take it)', '0x10', null],
    ['padded (Number() would take it)', ' 12 ', null],
    ['thousands separator', '1,000', null],
    ['"Infinity"', 'Infinity', null],
    ['NaN number', Number.NaN, null],
    ['null', null, null],
    ['"N/D" (Stooq)', 'N/D', null],
  ])('%s', (_name, input, want) => {
    expect(toNumber(input)).toBe(want);
  });
});

describe('checkMs', () => {
  it.each([
    ['now', NOW, null],
    ['just within the future tolerance', NOW + FUTURE_TOLERANCE_MS, null],
    ['seconds for ms', Math.floor(NOW / 1000), 'ts_seconds'],
    ['a minute in the future', NOW + 60_000, 'ts_future'],
    ['two hours old', NOW - 7_200_000, 'ts_too_old'],
    ['microseconds', NOW * 1000, 'ts_out_of_range'],
    ['fractional ms', NOW + 0.5, 'ts_out_of_range'],
  ])('%s', (_name, ms, want) => {
    expect(checkMs(ms, { now: NOW })?.reason ?? null).toBe(want);
  });

  it('lets a parser allow older events (a closed market)', () => {
    expect(checkMs(NOW - 3 * 86_400_000, { now: NOW, maxAgeMs: 7 * 86_400_000 })).toBeNull();
  });
});

describe('stripQuote', () => {
  it.each([
    ['BTCUSDT', 'BTC'],
    ['ethusdc', 'ETH'],
    ['BTCUSD', 'BTC'],
    ['BTCUSDT_260327', 'BTC'],
    ['1000PEPEUSDT', '1000PEPE'],
    ['BTCFDUSD', 'BTC'],
    ['USDT', 'USDT'],
  ])('%s → %s', (pair, base) => {
    expect(stripQuote(pair)).toBe(base);
  });
});

describe('Reader', () => {
  it('keeps the first problem and names the field with its prefix', () => {
    const r = new Reader({ now: NOW }, 'o.');
    r.positive({ ap: 'NaN' }, 'ap', 1e9);
    r.ms({ T: 1 }, 'T');
    expect(r.rejection).toEqual({ reason: 'not_finite', field: 'o.ap', detail: '"NaN"' });
    expect(describeReject({ source: 'binance', ...r.rejection! })).toBe('binance: o.ap is not a finite number ("NaN")');
  });

  it('rejects zero and negative sizes as out of range', () => {
    const r = new Reader({ now: NOW });
    expect(r.positive({ q: '0' }, 'q', 1e12)).toBeNaN();
    expect(r.rejection?.reason).toBe('out_of_range');
  });

  it('reads Yahoo seconds and refuses milliseconds where seconds belong', () => {
    const ok = new Reader({ now: NOW });
    expect(ok.seconds({ t: NOW / 1000 }, 't')).toBe(NOW);
    const bad = new Reader({ now: NOW });
    bad.seconds({ t: NOW }, 't');
    expect(bad.rejection?.reason).toBe('ts_out_of_range');
  });

  it('reads an ISO time with nanoseconds, truncated to ms', () => {
    const r = new Reader({ now: Date.parse('2026-06-19T16:43:34Z') });
    expect(r.iso({ time: '2026-06-19T16:43:33.016274911Z' }, 'time')).toBe(1781887413016);
  });
});
