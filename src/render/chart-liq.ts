/** The crash chart's bottom panel: liquidations per time bucket, longs (red) stacked under shorts (green). */

import type { Box, ChartBucket, ChartInput } from './chart-model.js';
import { FONT, THEME } from './chart-model.js';
import { CHART_TEXT_EN_UTC, type ChartText } from './chart-text.js';
import { type Scale, linear, niceTicks } from './scale.js';
import { el, text } from './svg.js';

/** LiqPanel is the panel's markup, its caption and a one-line summary for the caption's right end. */
export interface LiqPanel {
  svg: string;
  caption: string;
  summary: string;
}

const usd = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0);

function bars(buckets: ChartBucket[], bucketMs: number, box: Box, x: Scale, y: Scale): string {
  let svg = '';
  for (const b of buckets) {
    const left = Math.max(box.x0, x(b.ts));
    const right = Math.min(box.x1, x(b.ts + bucketMs));
    const w = right - left;
    if (w <= 0) continue;
    const inner = w > 6 ? w - 2 : Math.max(1, w - 0.5);
    const yl = y(usd(b.longUsd));
    const ys = y(usd(b.longUsd) + usd(b.shortUsd));
    if (yl < box.y1) svg += el('rect', { x: left, y: yl, width: inner, height: box.y1 - yl, fill: THEME.long });
    if (ys < yl) svg += el('rect', { x: left, y: ys, width: inner, height: yl - ys, fill: THEME.short });
  }
  return svg;
}

function summaryOf(buckets: ChartBucket[], spanMs: number, tx: ChartText): string {
  let long = 0;
  let short = 0;
  let peak: ChartBucket | null = null;
  for (const b of buckets) {
    long += usd(b.longUsd);
    short += usd(b.shortUsd);
    if (!peak || usd(b.longUsd) + usd(b.shortUsd) > usd(peak.longUsd) + usd(peak.shortUsd)) peak = b;
  }
  const total = long + short;
  if (!peak || total === 0) return '';
  const peakUsd = usd(peak.longUsd) + usd(peak.shortUsd);
  return tx.liqSummary({ total, longShare: long / total, peak: peakUsd, peakTs: peak.ts, spanMs });
}

/** liqPanel draws the liquidation bars of the buckets inside [from, to] (an empty panel says so). */
export function liqPanel(input: ChartInput, box: Box, x: Scale): LiqPanel {
  const bucketMs = Number.isFinite(input.bucketMs) && input.bucketMs > 0 ? input.bucketMs : 60_000;
  const buckets = input.liquidations.filter((b) => b.ts + bucketMs > input.from && b.ts < input.to);
  const top = buckets.reduce((m, b) => Math.max(m, usd(b.longUsd) + usd(b.shortUsd)), 0);
  const tx = input.text ?? CHART_TEXT_EN_UTC;
  const caption = tx.liqCaption(bucketMs);
  if (top === 0) {
    const mid = (box.y0 + box.y1) / 2;
    const svg = text((box.x0 + box.x1) / 2, mid + 7, tx.noLiquidations, { 'text-anchor': 'middle', fill: THEME.muted, 'font-size': FONT.label });
    return { svg, caption, summary: '' };
  }
  const ticks = niceTicks(0, top, 3);
  const y = linear(0, ticks.hi, box.y1, box.y0);
  let svg = '';
  for (const v of ticks.values) {
    svg += el('line', { x1: box.x0, x2: box.x1, y1: y(v), y2: y(v), stroke: v === 0 ? THEME.axis : THEME.grid, 'stroke-width': v === 0 ? 1.5 : 1 });
    svg += text(box.x0 - 10, y(v) + 6, tx.axisUsd(v, ticks.step, ticks.hi), { 'text-anchor': 'end', fill: THEME.muted, 'font-size': FONT.label });
  }
  svg += bars(buckets, bucketMs, box, x, y);
  return { svg, caption, summary: summaryOf(buckets, input.to - input.from, tx) };
}
