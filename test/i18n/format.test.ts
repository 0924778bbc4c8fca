import { describe, expect, it } from 'vitest';
import { fmtFor, zhDuration, zhUsd } from '../../src/i18n/format.js';
import { formatDuration, formatPrice, formatUsd, formatUtc } from '../../src/render/format.js';

const EN = fmtFor({ lang: 'en', tz: 'UTC' });
const ZH = fmtFor({ lang: 'zh', tz: 'Asia/Shanghai' });
const BREAK = Date.UTC(2026, 0, 29, 13, 25, 12); // the demo day's BTC 85k break

describe('zh amounts in 亿/万 with the currency', () => {
  const cases: Array<[number, string]> = [
    [614.4e6, '6.14 亿美元'],
    [31.64e6, '3,164 万美元'],
    [9.1e6, '910 万美元'],
    [100_003_916.66, '1.00 亿美元'],
    [99_999_999, '1.00 亿美元'], // 10,000 万 moves up a unit
    [14.2e6, '1,420 万美元'],
    [950_000, '95 万美元'],
    [95_000, '9.5 万美元'],
    [100_000, '10 万美元'],
    [9_999.6, '1 万美元'],
    [950, '950 美元'],
    [0, '0 美元'],
    [1.2e10, '120.0 亿美元'],
    [-5.3e7, '−5,300 万美元'],
    [NaN, '—'],
  ];
  for (const [v, want] of cases) it(`${v} → ${want}`, () => expect(zhUsd(v)).toBe(want));

  it('ranges share the unit', () => {
    expect(ZH.usdRange(575e6, 665e6)).toBe('5.75–6.65 亿美元');
    expect(ZH.usdRange(98e6, 102e6)).toBe('9,800 万–1.02 亿美元');
    expect(ZH.usdRange(614.4e6, 614.4e6)).toBe('6.14 亿美元');
  });
});

describe('en formatting is exactly src/render/format.ts', () => {
  const amounts = [0, 12, 950, 9_999, 950_000, 9.1e6, 31.64e6, 99.996e6, 614.4e6, 999.96e6, 1.2e9, 1.25e9, -4.46e6];
  it('amounts', () => amounts.forEach((v) => expect(EN.usd(v)).toBe(formatUsd(v))));
  it('prices', () => [85_000, 2_999.9, 119.99, 0.1968].forEach((v) => expect(EN.price(v)).toBe(`$${formatPrice(v)}`)));
  it('durations', () => [30_000, 720_000, 3_600_000, 86_400_000, 7_500_000].forEach((ms) => expect(EN.duration(ms)).toBe(formatDuration(ms))));
  it('UTC date-times, across a year of minutes and odd instants', () => {
    for (let ts = Date.UTC(2026, 0, 1); ts < Date.UTC(2027, 0, 1); ts += 7_919_993) expect(EN.dateTime(ts)).toBe(formatUtc(ts));
  });
  it('usd ranges', () => {
    expect(EN.usdRange(575e6, 665e6)).toBe('$575.0M–665.0M');
    expect(EN.usdRange(614.4e6, 614.4e6)).toBe('$614.4M');
    expect(EN.priceRange(84_307, 84_339)).toBe('$84,307–$84,339');
  });
});

describe('other figures', () => {
  it('prices, percentages, shares, counts', () => {
    expect(ZH.price(85_000)).toBe('85,000 美元');
    expect(ZH.priceRange(84_307, 84_339)).toBe('84,307–84,339 美元');
    expect(ZH.priceRange(0.19681, 0.19679)).toBe('0.1968 美元');
    expect(ZH.pct(-5.2)).toBe('−5.2%');
    expect(ZH.pctAbs(-5.2)).toBe('5.2%');
    expect(ZH.share(0.9554)).toBe('96%');
    expect(ZH.count(178_815)).toBe('178,815');
  });

  const durations: Array<[number, string]> = [
    [30_000, '30 秒'], [720_000, '12 分钟'], [3_600_000, '1 小时'], [7_500_000, '2 小时 5 分钟'], [86_400_000, '24 小时'], [129_600_000, '36 小时'], [7 * 86_400_000, '7 天'],
  ];
  for (const [ms, want] of durations) it(`zh duration ${ms} → ${want}`, () => expect(zhDuration(ms)).toBe(want));
});

describe('times in the chat zone, with the zone named', () => {
  it('Beijing time', () => {
    expect(ZH.time(BREAK)).toBe('21:25 UTC+8');
    expect(ZH.dateTime(BREAK)).toBe('2026-01-29 21:25 UTC+8');
    expect(ZH.date(Date.UTC(2026, 0, 29, 20))).toBe('2026-01-30'); // after 16:00 UTC it is tomorrow in Beijing
  });

  it('UTC keeps today’s form', () => expect(EN.dateTime(BREAK)).toBe('2026-01-29 13:25 UTC'));

  it('half-hour zones, negative offsets and summer time', () => {
    const kolkata = fmtFor({ lang: 'en', tz: 'Asia/Kolkata' });
    const ny = fmtFor({ lang: 'en', tz: 'America/New_York' });
    expect(kolkata.time(BREAK)).toBe('18:55 UTC+5:30');
    expect(ny.time(BREAK)).toBe('08:25 UTC-5');
    expect(ny.time(Date.UTC(2026, 6, 1, 12))).toBe('08:00 UTC-4');
    expect(fmtFor({ lang: 'en', tz: 'Europe/London' }).time(BREAK)).toBe('13:25 UTC+0');
  });

  it('a bad instant writes a dash', () => expect(ZH.dateTime(NaN)).toBe('—'));
});
