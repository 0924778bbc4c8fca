import { mkdirSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, type ChartInput, buildChartSvg, renderCrashChart } from '../../src/render/chart.js';
import { LIQ_BOX, PRICE_BOX, THEME } from '../../src/render/chart-model.js';
import { formatPct, formatPrice, formatUtcClock } from '../../src/render/format.js';
import { linear, niceTicks } from '../../src/render/scale.js';
import { INJECTION_CORPUS, CORPUS_LONG_NAME, CORPUS_10KB } from '../fixtures/injection-corpus.js';
import { DAY0, crashDay, threeAssets } from './crash-day.js';
import { type Image, PNG_SIGNATURE, colorRows, countColor, decodePng, ihdr } from './png.js';

const H = 3_600_000;
const [BTC, ETH, SOL] = THEME.series;
const x = linear(DAY0, DAY0 + 24 * H, PRICE_BOX.x0, PRICE_BOX.x1);
const priceArea = { x0: PRICE_BOX.x0, x1: PRICE_BOX.x1, y0: PRICE_BOX.y0, y1: PRICE_BOX.y1 };
const liqArea = { x0: LIQ_BOX.x0, x1: LIQ_BOX.x1, y0: LIQ_BOX.y0, y1: LIQ_BOX.y1 + 1 };
const hours = (a: number, b: number) => ({ ...liqArea, x0: Math.round(x(DAY0 + a * H)), x1: Math.round(x(DAY0 + b * H)) });
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]) }));

function expectPng(png: Buffer): void {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(ihdr(png)).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT });
}

describe('renderCrashChart: a synthetic 24h crash', () => {
  const input = crashDay();
  const svg = buildChartSvg(input);
  let png: Buffer;
  let img: Image;
  beforeAll(() => {
    png = renderCrashChart(input);
    img = decodePng(png);
    const dir = new URL('../../.tmp/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('chart-test.png', dir), png);
  });

  it('is a 1200×700 PNG', () => expectPng(png));

  it('draws the price falling from left to right', () => {
    const early = colorRows(img, BTC, Math.round(x(DAY0 + 2 * H)), PRICE_BOX.y0, PRICE_BOX.y1);
    const late = colorRows(img, BTC, Math.round(x(DAY0 + 20 * H)), PRICE_BOX.y0, PRICE_BOX.y1);
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    // −5% on an axis of about 7%: the line ends well over a third of the panel lower.
    expect(median(late) - median(early)).toBeGreaterThan((PRICE_BOX.y1 - PRICE_BOX.y0) / 3);
  });

  it('marks each broken level with a dashed line, a dot where the line crossed it, and a label', () => {
    const levels = input.series[0].levels;
    expect(svg.match(/stroke-dasharray/g)?.length).toBe(levels.length + 1); // + the legend sample
    const dots = circles(svg).filter((c) => c.cx >= PRICE_BOX.x0);
    expect(dots.map((d) => Math.round(d.cx))).toEqual(levels.map((l) => Math.round(x(l.ts))));
    expect(dots[1].cy).toBeGreaterThan(dots[0].cy); // 85,000 sits below 87,500
    for (const d of dots) expect(countColor(img, BTC, { x0: Math.round(d.cx) - 1, x1: Math.round(d.cx) + 2, y0: Math.round(d.cy) - 1, y1: Math.round(d.cy) + 2 })).toBeGreaterThan(0);
    for (const l of levels) expect(svg).toContain(`${formatPrice(l.level)} ↓ ${formatUtcClock(l.ts)}`);
  });

  it('draws liquidation bars mostly red (longs), concentrated in the crash hour', () => {
    const red = countColor(img, THEME.long, liqArea);
    const green = countColor(img, THEME.short, liqArea);
    expect(red).toBeGreaterThan(5 * green);
    expect(green).toBeGreaterThan(0);
    expect(countColor(img, THEME.long, hours(13, 14))).toBeGreaterThan(20 * countColor(img, THEME.long, hours(3, 4)));
  });

  it('scales the tallest bar to its $ value on the axis', () => {
    const peak = input.liquidations.reduce((a, b) => (b.longUsd + b.shortUsd > a.longUsd + a.shortUsd ? b : a));
    const top = niceTicks(0, peak.longUsd + peak.shortUsd, 3).hi;
    const want = LIQ_BOX.y1 - ((peak.longUsd + peak.shortUsd) / top) * (LIQ_BOX.y1 - LIQ_BOX.y0);
    const col = Math.round(x(peak.ts + input.bucketMs / 2));
    const barTop = Math.min(...colorRows(img, THEME.short, col, LIQ_BOX.y0, LIQ_BOX.y1 + 1));
    expect(Math.abs(barTop - want)).toBeLessThanOrEqual(2);
    expect(svg).toContain(`>$${top / 1e6}M<`);
  });

  it('labels the UTC time axis every 3 hours, with the date at midnight', () => {
    for (const label of ['29 Jan', '03:00', '12:00', '21:00', '30 Jan']) expect(svg).toContain(`>${label}<`);
    expect(svg).not.toContain('>01:00<');
  });

  it('names the asset, its last price and the liquidation totals', () => {
    const pts = input.series[0].points;
    expect(svg).toContain('BTC composite price (USD)');
    expect(svg).toContain(`>${formatPrice(pts[pts.length - 1][1])}<`);
    expect(svg).toMatch(/\$599\.\dM · 85% longs · peak \$120\.0M at 13:30/);
  });
});

describe('renderCrashChart: several assets', () => {
  const input = threeAssets();
  const svg = buildChartSvg(input);

  it('normalises each asset to % change from its first price and says so', () => {
    expect(svg).toContain('% change from each asset');
    for (const s of input.series) {
      const last = s.points[s.points.length - 1][1] / s.points[0][1];
      expect(svg).toContain(`>${s.symbol} ${formatPct((last - 1) * 100)}<`);
    }
    expect(svg).toContain('>0.0%<');
  });

  it('draws one line per asset in its own colour', () => {
    const img = decodePng(renderCrashChart(input));
    for (const color of [BTC, ETH, SOL]) expect(countColor(img, color, priceArea)).toBeGreaterThan(300);
  });
});

describe('renderCrashChart: empty and partial input', () => {
  const empty: ChartInput = { title: 'BTC, 2026-01-29 (UTC)', from: DAY0, to: DAY0 + 24 * H, series: [], liquidations: [], bucketMs: 15 * 60_000 };

  it('renders a clear "no data" chart rather than throwing', () => {
    const png = renderCrashChart(empty);
    expectPng(png);
    expect(buildChartSvg(empty)).toContain('No data for this window');
    const img = decodePng(png);
    const all = { x0: 0, y0: 0, x1: CHART_WIDTH, y1: CHART_HEIGHT };
    expect(countColor(img, THEME.long, all) + countColor(img, BTC, all)).toBe(0);
    expect(countColor(img, THEME.text, all)).toBeGreaterThan(500); // the notice is drawn, not just a blank panel
  });

  it('is far smaller than a chart with data (the crash chart is not blank)', () => {
    expect(renderCrashChart(crashDay()).length).toBeGreaterThan(2 * renderCrashChart(empty).length);
  });

  it('says which panel is empty when only one has data', () => {
    const day = crashDay();
    expect(buildChartSvg({ ...day, series: [] })).toContain('No price data in this window');
    expect(buildChartSvg({ ...day, liquidations: [] })).toContain('No liquidations recorded in this window');
    const onlyLiq = decodePng(renderCrashChart({ ...day, series: [] }));
    expect(countColor(onlyLiq, THEME.long, liqArea)).toBeGreaterThan(100);
  });

  const odd: Array<{ name: string; input: ChartInput }> = [
    { name: 'to before from', input: { ...crashDay(), to: DAY0 - H } },
    { name: 'NaN range', input: { ...crashDay(), from: Number.NaN } },
    { name: 'bad prices and sizes', input: { ...crashDay(), series: [{ symbol: 'BTC', points: [[DAY0, Number.NaN], [DAY0 + H, -1], [DAY0 + 2 * H, 0]], levels: [{ level: Number.NaN, direction: 'up', ts: DAY0 }] }], liquidations: [{ ts: DAY0, longUsd: -5, shortUsd: Number.POSITIVE_INFINITY }] } },
    { name: 'a zero bucket width', input: { ...crashDay(), bucketMs: 0 } },
    { name: 'one point, flat', input: { ...empty, series: [{ symbol: 'BTC', points: [[DAY0 + H, 85_000]], levels: [] }] } },
    { name: 'more assets than colours', input: { ...crashDay(), series: Array.from({ length: 9 }, (_, i) => ({ ...crashDay().series[0], symbol: `A${i}` })) } },
  ];
  for (const c of odd) it(`draws ${c.name} without throwing`, () => expectPng(renderCrashChart(c.input)));
});

describe('renderCrashChart: hostile text', () => {
  /** Every tag in the document is one the chart writes: escaped user text cannot add elements. */
  const tags = (svg: string) => new Set([...svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((m) => m[1]));
  const ALLOWED = new Set(['svg', 'rect', 'text', 'line', 'path', 'circle', 'g']);
  const parseOnly = { font: { loadSystemFonts: false }, logLevel: 'off' as const };

  it('keeps every corpus string, as title and as asset, inside its text element', () => {
    for (const s of INJECTION_CORPUS) {
      const day = crashDay(s);
      day.series[0].symbol = s;
      const svg = buildChartSvg(day);
      expect([...tags(svg)].filter((t) => !ALLOWED.has(t)), JSON.stringify(s.slice(0, 40))).toEqual([]);
      expect(() => new Resvg(svg, parseOnly), JSON.stringify(s.slice(0, 40))).not.toThrow();
    }
  });

  it('shows markup literally, escaped', () => {
    const svg = buildChartSvg(crashDay('AT&T <b>crash</b> "quoted"'));
    expect(svg).toContain('>AT&amp;T &lt;b&gt;crash&lt;/b&gt; &quot;quoted&quot;<');
  });

  it('cuts a huge title and asset name to fit, and still renders', () => {
    const day = crashDay(CORPUS_10KB);
    day.series[0].symbol = CORPUS_LONG_NAME;
    const svg = buildChartSvg(day);
    expect(svg.length).toBeLessThan(buildChartSvg(crashDay()).length + 1_000);
    expect(svg).toContain('…');
    expectPng(renderCrashChart(day));
  });
});
