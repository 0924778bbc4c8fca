import { describe, it, expect } from 'vitest';
import {
  MAX_DURATION_MS,
  formatDuration,
  formatNumber,
  formatPct,
  formatPrice,
  formatShare,
  formatUsd,
  formatUtc,
  formatUtcClock,
  parseDuration,
} from '../../src/render/format.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
/** 2026-01-29 14:05:00 UTC, the demo day's break of 85,000. */
const T = Date.UTC(2026, 0, 29, 14, 5);

type Case<I> = { name: string; in: I; want: string };

function table<I>(fn: (v: I) => string, cases: Array<Case<I>>): void {
  for (const c of cases) it(c.name, () => expect(fn(c.in)).toBe(c.want));
}

describe('formatNumber', () => {
  table((v: number) => formatNumber(v), [
    { name: 'three digits: no comma', in: 999, want: '999' },
    { name: 'a comma every three digits', in: 1_234_567, want: '1,234,567' },
    { name: 'a full first group', in: 123_456_789, want: '123,456,789' },
    { name: 'negative, with the minus sign', in: -1000, want: '\u22121,000' },
    { name: 'as toFixed writes 1e21 and up', in: 1e21, want: '1e+21' },
  ]);
});

describe('formatUsd', () => {
  table(formatUsd, [
    { name: 'hundreds of millions: one decimal', in: 620_000_000, want: '$620.0M' },
    { name: 'tens of millions: two decimals', in: 31_640_000, want: '$31.64M' },
    { name: 'a round million', in: 2_000_000, want: '$2.00M' },
    { name: 'billions drop a trailing zero', in: 1_200_000_000, want: '$1.2B' },
    { name: 'billions keep a significant second decimal', in: 1_250_000_000, want: '$1.25B' },
    { name: 'tens of billions: one decimal', in: 12_340_000_000, want: '$12.3B' },
    { name: 'thousands', in: 950_000, want: '$950K' },
    { name: 'thousands that round to a million move up', in: 999_600, want: '$1.00M' },
    { name: 'millions that round to a billion move up', in: 999_960_000, want: '$1.0B' },
    { name: 'dollars that round to a thousand move up', in: 999.6, want: '$1K' },
    { name: 'dollars', in: 12, want: '$12' },
    { name: 'cents round', in: 12.6, want: '$13' },
    { name: 'zero', in: 0, want: '$0' },
    { name: 'negative with a real minus', in: -5_300_000, want: '\u2212$5.30M' },
    { name: 'negative that rounds to zero has no sign', in: -0.4, want: '$0' },
    { name: 'NaN is a dash, not "NaN"', in: Number.NaN, want: '—' },
    { name: 'Infinity is a dash', in: Number.POSITIVE_INFINITY, want: '—' },
  ]);
});

describe('formatPct', () => {
  it('a loss uses U+2212, not a hyphen', () => expect(formatPct(-5.3)).toBe('\u22125.3%'));
  table((v: [number, number?]) => formatPct(v[0], v[1]), [
    { name: 'a gain has an explicit plus', in: [1.24], want: '+1.2%' },
    { name: 'zero has no sign', in: [0], want: '0.0%' },
    { name: 'a loss that rounds to zero has no sign', in: [-0.04], want: '0.0%' },
    { name: 'two decimals', in: [-2.345, 2], want: '\u22122.35%' },
    { name: 'no decimals', in: [7.6, 0], want: '+8%' },
    { name: 'large moves are grouped', in: [12_345.6], want: '+12,345.6%' },
    { name: 'NaN is a dash', in: [Number.NaN], want: '—' },
  ]);
});

describe('formatPrice', () => {
  table(formatPrice, [
    { name: 'BTC: whole dollars, grouped', in: 84_580, want: '84,580' },
    { name: 'BTC with cents: rounded to whole dollars', in: 84_987.5, want: '84,988' },
    { name: 'ETH: two decimals', in: 2_781.4, want: '2,781.40' },
    { name: 'a whole level below 10,000: no decimals', in: 2_800, want: '2,800' },
    { name: 'SOL', in: 117.456, want: '117.46' },
    { name: 'below 1: four significant digits', in: 0.1234, want: '0.1234' },
    { name: 'tiny: significant digits kept', in: 0.000012346, want: '0.00001235' },
    { name: 'zero', in: 0, want: '0' },
    { name: 'a million', in: 1_000_000, want: '1,000,000' },
    { name: 'negative', in: -2.5, want: '\u22122.50' },
    { name: 'NaN is a dash', in: Number.NaN, want: '—' },
  ]);
});

describe('formatShare', () => {
  table(formatShare, [
    { name: 'rounds to a whole percent', in: 0.921, want: '92%' },
    { name: 'all', in: 1, want: '100%' },
    { name: 'none', in: 0, want: '0%' },
    { name: 'half rounds up', in: 0.755, want: '76%' },
  ]);
});

describe('formatDuration', () => {
  table(formatDuration, [
    { name: 'seconds', in: 7 * S, want: '7 s' },
    { name: 'zero', in: 0, want: '0 s' },
    { name: 'negative clamps to zero', in: -5 * S, want: '0 s' },
    { name: 'minutes', in: 12 * MIN, want: '12 min' },
    { name: '59.6 s rounds to a minute', in: 59.6 * S, want: '1 min' },
    { name: 'hours and minutes', in: 2 * H + 5 * MIN, want: '2 h 5 min' },
    { name: 'a whole hour, as typed in commands', in: H, want: '1h' },
    { name: 'whole hours', in: 4 * H, want: '4h' },
    { name: 'a whole day', in: D, want: '1d' },
    { name: 'the mute cap', in: 30 * D, want: '30d' },
    { name: 'a day and a half', in: 36 * H, want: '36h' },
    { name: 'just under an hour rounds to one', in: H - 10 * S, want: '1h' },
  ]);
});

describe('formatUtc and formatUtcClock', () => {
  it('writes date, time and zone', () => expect(formatUtc(T)).toBe('2026-01-29 14:05 UTC'));
  it('ignores seconds (truncates, never rounds to the next minute)', () => expect(formatUtc(T + 59_999)).toBe('2026-01-29 14:05 UTC'));
  it('pads single digits', () => expect(formatUtc(Date.UTC(2026, 2, 3, 4, 5))).toBe('2026-03-03 04:05 UTC'));
  it('does not depend on the process time zone', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(formatUtc(T)).toBe('2026-01-29 14:05 UTC');
    } finally {
      process.env.TZ = tz;
    }
  });
  it('writes the clock alone', () => expect(formatUtcClock(T)).toBe('14:05'));
  it('NaN is a dash', () => expect(formatUtc(Number.NaN)).toBe('—'));
});

describe('parseDuration', () => {
  const ok: Array<{ name: string; in: string; want: number }> = [
    { name: 'hours', in: '2h', want: 2 * H },
    { name: 'minutes', in: '30m', want: 30 * MIN },
    { name: 'minutes spelled min', in: '30min', want: 30 * MIN },
    { name: 'a day', in: '1d', want: D },
    { name: 'seconds', in: '90s', want: 90 * S },
    { name: 'a week', in: '1w', want: 7 * D },
    { name: 'compound', in: '1h30m', want: 90 * MIN },
    { name: 'upper case and spaces around', in: ' 2H ', want: 2 * H },
    { name: 'exactly the cap', in: '30d', want: MAX_DURATION_MS },
  ];
  for (const c of ok) it(`reads ${c.name}: ${c.in}`, () => expect(parseDuration(c.in)).toBe(c.want));

  const bad: Array<{ name: string; in: string; why: string }> = [
    { name: 'years (/mute 99y)', in: '99y', why: 'junk' },
    { name: 'over the cap', in: '31d', why: 'tooLong' },
    { name: 'far over the cap', in: '999999w', why: 'tooLong' },
    { name: 'zero', in: '0m', why: 'zero' },
    { name: 'empty', in: '', why: 'junk' },
    { name: 'a bare number', in: '30', why: 'junk' },
    { name: 'negative', in: '-2h', why: 'junk' },
    { name: 'a fraction', in: '1.5h', why: 'junk' },
    { name: 'trailing junk', in: '2hx', why: 'junk' },
    { name: 'a word', in: 'forever', why: 'junk' },
    { name: 'too long', in: '1h'.repeat(500), why: 'junk' },
    { name: 'an exponent', in: '1e9s', why: 'junk' },
    { name: 'a zero-width space', in: '2\u200Bh', why: 'junk' },
  ];
  for (const c of bad) it(`refuses ${c.name} with a reason`, () => expect(parseDuration(c.in)).toBe(c.why));
});
