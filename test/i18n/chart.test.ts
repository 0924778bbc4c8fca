import { mkdirSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartTextFor, chartTitle } from '../../src/i18n/chart-text.js';
import type { Locale } from '../../src/i18n/locale.js';
import { zh } from '../../src/i18n/zh.js';
import { FONT_FILES, buildChartSvg, renderCrashChart, svgToPng } from '../../src/render/chart.js';
import { THEME } from '../../src/render/chart-model.js';
import { CJK_FONT_FAMILY, CJK_FONT_FILES } from '../../src/render/cjk-font.js';
import { formatUtc } from '../../src/render/format.js';
import { DAY0, crashDay, threeAssets } from '../render/crash-day.js';
import { type Image, countColor, decodePng } from '../render/png.js';
import { coveredBy } from './cmap.js';

const EN: Locale = { lang: 'en', tz: 'UTC' };
const ZH: Locale = { lang: 'zh', tz: 'Asia/Shanghai' };
const H = 3_600_000;

/** ink counts the pixels of an image that differ from its top-left (background) pixel. */
function ink(img: Image): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i] !== img.rgba[0] || img.rgba[i + 1] !== img.rgba[1] || img.rgba[i + 2] !== img.rgba[2]) n++;
  return n;
}

/** differing counts the pixels where two same-sized images differ. */
function differing(a: Image, b: Image): number {
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) if (a.rgba[i] !== b.rgba[i] || a.rgba[i + 1] !== b.rgba[i + 1] || a.rgba[i + 2] !== b.rgba[i + 2]) n++;
  return n;
}

describe('chart text: English on UTC is the chart as it was', () => {
  const day = crashDay();
  const inputs = { day, three: threeAssets(), empty: { ...day, series: [], liquidations: [] }, twoDays: { ...day, to: day.from + 48 * H }, noPrices: { ...day, series: [] } };
  for (const [name, input] of Object.entries(inputs)) {
    it(name, () => expect(buildChartSvg({ ...input, text: chartTextFor(EN) })).toBe(buildChartSvg(input)));
  }

  it('the title is src/app/chart.ts’s', () => {
    expect(chartTitle(EN, 'BTC', DAY0, DAY0 + 24 * H - 60_000)).toBe(`BTC: ${formatUtc(DAY0)} to ${formatUtc(DAY0 + 24 * H - 60_000).slice(11)}`);
    expect(chartTitle(EN, null, DAY0, DAY0 + H)).toBe('Market: 2026-01-29 00:00 UTC to 01:00 UTC');
  });
});

describe('a Chinese chart on Beijing time', () => {
  const input = { ...crashDay(chartTitle(ZH, 'BTC', DAY0, DAY0 + 24 * H)), text: chartTextFor(ZH) };
  const svg = buildChartSvg(input);
  let png: Buffer;
  beforeAll(() => {
    png = renderCrashChart(input);
    const dir = new URL('../../.tmp/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('chart-zh-test.png', dir), png); // look at it: Chinese labels, not boxes
  });

  it('speaks Chinese in the CJK font', () => {
    expect(svg).toContain(`font-family="DejaVu Sans, '${CJK_FONT_FAMILY}'"`);
    for (const word of ['多单爆仓', '空单爆仓', 'BTC 综合价（美元）', '时间为 UTC+8', '合计 ']) expect(svg).toContain(word);
    expect(svg).toMatch(/>BTC：2026-01-29 08:00 UTC\+8 至 2026-01-30 08:00 UTC\+8</);
  });

  it('puts ticks on round Beijing hours and the date at Beijing midnight', () => {
    const labels = [...svg.matchAll(/text-anchor="middle" fill="#9198a1" font-size="20">([^<]+)</g)].map((m) => m[1]);
    expect(labels).toContain('1月30日');
    expect(labels.filter((l) => /^\d\d:00$/.test(l)).every((l) => Number(l.slice(0, 2)) % 3 === 0)).toBe(true);
  });

  it('liquidation axis in 亿/万', () => expect(svg).toMatch(/>\d+(\.\d+)?(亿|万)</));

  it('renders a PNG with the legend’s Chinese drawn (text-coloured pixels where 多单爆仓 is)', () => {
    const img = decodePng(png);
    expect(img).toMatchObject({ width: 1200, height: 700 });
    expect(countColor(img, THEME.text, { x0: 60, x1: 145, y0: 64, y1: 94 })).toBeGreaterThan(150);
  });
});

describe('the CJK font', () => {
  const word = (family: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="${family}"><rect width="200" height="60" fill="${THEME.background}"/><text x="10" y="45" font-size="36" fill="#ffffff">爆仓</text></svg>`;

  it('draws Chinese where DejaVu Sans alone draws boxes', () => {
    const tofu = decodePng(new Resvg(word('DejaVu Sans'), { font: { loadSystemFonts: false, fontFiles: [...FONT_FILES], defaultFontFamily: 'DejaVu Sans' }, logLevel: 'off' }).render().asPng());
    for (const family of ['DejaVu Sans', CJK_FONT_FAMILY]) {
      const drawn = decodePng(svgToPng(word(family))); // CJK text: the CJK faces are loaded (found by fallback from DejaVu)
      expect(differing(drawn, tofu), family).toBeGreaterThan(500);
      expect(ink(drawn), family).toBeGreaterThan(1.5 * ink(tofu)); // 爆 alone has more ink than two hollow boxes
    }
  });

  it('covers every character of the Chinese catalogue', () => {
    const has = coveredBy(CJK_FONT_FILES[0]);
    const chars = new Set(Object.values(zh).join('').replace(/\{[^{}]*\}/g, ''));
    expect([...chars].filter((c) => !has(c.codePointAt(0)!))).toEqual([]);
  });
});
