/** The crash chart's top panel: each asset's composite price, its broken levels and the labels on the right. */

import type { Box, ChartBand, ChartInput, ChartSeries, Label } from './chart-model.js';
import { FONT, THEME } from './chart-model.js';
import { CHART_TEXT_EN_UTC, type ChartText } from './chart-text.js';
import { formatNumber, formatPct, formatPrice } from './format.js';
import { type Scale, decimalsOf, linear, niceTicks } from './scale.js';
import { cleanText, el, pathThrough, text } from './svg.js';

/** MAX_SERIES is how many assets one chart draws (one colour each); more would be unreadable on a phone. */
export const MAX_SERIES = THEME.series.length;

/** Line is one asset ready to draw: its points and levels in the panel's units (price, or % from its first price). */
interface Line {
  symbol: string;
  color: string;
  points: Array<[number, number]>;
  levels: Array<{ value: number; level: number; direction: 'down' | 'up'; ts: number }>;
}

/** PricePanel is the panel's markup and the labels it wants in the right margin. */
export interface PricePanel {
  svg: string;
  labels: Label[];
  caption: string;
  hasLevels: boolean;
  hasBands: boolean;
}

/** NEAR_BAND_PCT: a cluster within 3% of the last price may widen the axis to show it ... */
const NEAR_BAND_PCT = 3;
/** ... by at most half the price range again: more would flatten the line the chart is for. */
const MAX_WIDEN = 1.5;

function withNearBands(bands: ChartBand[] | undefined, l: Line, lo: number, hi: number): [number, number] {
  const last = l.points[l.points.length - 1][1];
  const span = Math.max(hi - lo, last * 0.001);
  for (const b of bands ?? []) {
    const near = Math.min(Math.abs(b.low / last - 1), Math.abs(b.high / last - 1)) * 100 <= NEAR_BAND_PCT;
    const [nlo, nhi] = [Math.min(lo, b.low), Math.max(hi, b.high)];
    if (near && nhi - nlo <= span * MAX_WIDEN) [lo, hi] = [nlo, nhi];
  }
  return [lo, hi];
}

/**
 * bandsSvg draws a single asset's estimated liquidation clusters as faint bands behind its line (red where
 * longs would be liquidated, green shorts; the larger, the less faint), only where they fall in view.
 */
function bandsSvg(bands: ChartBand[] | undefined, box: Box, y: Scale, lo: number, hi: number): string {
  let svg = '';
  for (const b of bands ?? []) {
    const [a, c] = [Math.max(lo, b.low), Math.min(hi, b.high)];
    if (!(c > a) || !(b.relative > 0)) continue;
    const opacity = (0.06 + 0.14 * Math.min(1, b.relative)).toFixed(3);
    svg += el('rect', { x: box.x0, y: y(c), width: box.x1 - box.x0, height: Math.max(2, y(a) - y(c)), fill: b.side === 'long' ? THEME.long : THEME.short, opacity });
  }
  return svg;
}

/** Points inside [from, to] with a usable price. */
function usablePoints(s: ChartSeries, from: number, to: number): Array<[number, number]> {
  return s.points.filter(([t, p]) => t >= from && t <= to && Number.isFinite(p) && p > 0);
}

function toLines(input: ChartInput): Line[] {
  const raw = input.series
    .map((s) => ({ s, pts: usablePoints(s, input.from, input.to) }))
    .filter((x) => x.pts.length > 0)
    .slice(0, MAX_SERIES);
  const normalise = raw.length > 1;
  return raw.map(({ s, pts }, i) => {
    const base = pts[0][1];
    const f = normalise ? (p: number) => (p / base - 1) * 100 : (p: number) => p;
    const levels = s.levels
      .filter((l) => Number.isFinite(l.level) && l.level > 0)
      .map((l) => ({ value: f(l.level), level: l.level, direction: l.direction, ts: l.ts }));
    const points = pts.map(([t, p]): [number, number] => [t, f(p)]);
    return { symbol: cleanText(s.symbol, 10) || '?', color: THEME.series[i], points, levels };
  });
}

/** Splits a line where consecutive points are more than 5 typical intervals apart (a data gap). */
function withGaps(points: Array<[number, number]>, x: Scale, y: Scale): Array<[number, number] | null> {
  const steps = points.slice(1).map((p, i) => p[0] - points[i][0]).sort((a, b) => a - b);
  const limit = steps.length > 0 ? 5 * steps[Math.floor(steps.length / 2)] : Infinity;
  const out: Array<[number, number] | null> = [];
  points.forEach(([t, v], i) => {
    if (i > 0 && t - points[i - 1][0] > limit) out.push(null);
    out.push([x(t), y(v)]);
  });
  return out;
}

function yAxis(box: Box, lo: number, hi: number, normalise: boolean): { y: Scale; svg: string } {
  const ticks = niceTicks(lo, hi, 5);
  const y = linear(ticks.lo, ticks.hi, box.y1, box.y0);
  const d = decimalsOf(ticks.step);
  let svg = '';
  for (const v of ticks.values) {
    const yy = y(v);
    const zero = normalise && v === 0;
    svg += el('line', { x1: box.x0, x2: box.x1, y1: yy, y2: yy, stroke: zero ? THEME.axis : THEME.grid, 'stroke-width': zero ? 1.5 : 1 });
    svg += text(box.x0 - 10, yy + 6, normalise ? formatPct(v, d) : formatNumber(v, d), { 'text-anchor': 'end', fill: THEME.muted, 'font-size': FONT.label });
  }
  return { y, svg };
}

function levelLabel(l: Line, lv: Line['levels'][number], multi: boolean, spanMs: number, tx: ChartText): string {
  const arrow = lv.direction === 'down' ? '↓' : '↑';
  return `${multi ? `${l.symbol.slice(0, 6)} ` : ''}${formatPrice(lv.level)} ${arrow} ${tx.when(lv.ts, spanMs)}`;
}

function drawLine(l: Line, box: Box, x: Scale, y: Scale, multi: boolean, spanMs: number, tx: ChartText): { svg: string; last: Label; levels: Label[] } {
  let svg = '';
  const levels: Label[] = [];
  for (const lv of l.levels) {
    const yy = y(lv.value);
    svg += el('line', { x1: box.x0, x2: box.x1, y1: yy, y2: yy, stroke: l.color, 'stroke-width': 1.5, 'stroke-dasharray': '8 6', opacity: 0.75 });
    levels.push({ y: yy, anchorY: yy, text: levelLabel(l, lv, multi, spanMs, tx), color: l.color });
  }
  const [t0, v0] = l.points[0];
  if (l.points.length === 1) svg += el('circle', { cx: x(t0), cy: y(v0), r: 4, fill: l.color });
  svg += el('path', { d: pathThrough(withGaps(l.points, x, y)), fill: 'none', stroke: l.color, 'stroke-width': multi ? 2.5 : 3, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' });
  for (const lv of l.levels) {
    const xx = x(lv.ts);
    if (xx >= box.x0 && xx <= box.x1) svg += el('circle', { cx: xx, cy: y(lv.value), r: 6, fill: l.color, stroke: THEME.background, 'stroke-width': 2.5 });
  }
  const last = l.points[l.points.length - 1];
  const lastText = multi ? `${l.symbol} ${formatPct(last[1])}` : formatPrice(last[1]);
  return { svg, last: { y: y(last[1]), anchorY: y(last[1]), text: lastText, color: l.color, bold: true }, levels };
}

/** pricePanel draws the price lines (one asset: its price; several: % change from each one's first price). */
export function pricePanel(input: ChartInput, box: Box, x: Scale): PricePanel | null {
  const lines = toLines(input);
  if (lines.length === 0) return null;
  const multi = lines.length > 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    for (const [, v] of l.points) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    for (const { value } of l.levels) [lo, hi] = [Math.min(lo, value), Math.max(hi, value)];
  }
  if (!multi) [lo, hi] = withNearBands(input.series.find((s) => s.symbol === lines[0].symbol)?.bands, lines[0], lo, hi);
  const pad = (hi - lo) * 0.04;
  const axis = yAxis(box, lo - pad, hi + pad, multi);
  const bands = multi ? '' : bandsSvg(input.series.find((s) => s.symbol === lines[0].symbol)?.bands, box, axis.y, lo - pad, hi + pad);
  let svg = axis.svg + bands;
  const last: Label[] = [];
  const levels: Label[] = [];
  const tx = input.text ?? CHART_TEXT_EN_UTC;
  for (const l of lines) {
    const d = drawLine(l, box, x, axis.y, multi, input.to - input.from, tx);
    svg += d.svg;
    last.push(d.last);
    levels.push(...d.levels);
  }
  const caption = multi ? tx.pctCaption : tx.priceCaption(lines[0].symbol);
  // Last prices first: when the margin cannot hold every label, level labels give way.
  return { svg, labels: [...last, ...levels], caption, hasLevels: levels.length > 0, hasBands: bands !== '' };
}
