/** The crash chart's input, geometry and colours, shared by its panels. */

import type { ChartText } from './chart-text.js';

/** ChartLevel is a level the composite broke: where, which way, when. */
export interface ChartLevel {
  level: number;
  direction: 'down' | 'up';
  ts: number;
}

/** ChartBand is an estimated liquidation cluster: a price band, the side it would liquidate, its size relative to the largest (0..1]. */
export interface ChartBand {
  low: number;
  high: number;
  side: 'long' | 'short';
  relative: number;
}

/** ChartSeries is one asset's composite price path ([ts, price], ascending), its broken levels and, optionally, estimated liquidation clusters. */
export interface ChartSeries {
  symbol: string;
  points: Array<[number, number]>;
  levels: ChartLevel[];
  bands?: ChartBand[];
}

/** ChartBucket is the liquidations of one time bucket, split by the side of the position. */
export interface ChartBucket {
  ts: number;
  longUsd: number;
  shortUsd: number;
}

/** ChartInput is what the crash chart draws (built by src/summary/chart-data.ts). */
export interface ChartInput {
  /** e.g. "BTC crash, 2026-01-29 (UTC)"; may come from user input, so it is cleaned and escaped. */
  title: string;
  /** The x range, epoch ms. */
  from: number;
  to: number;
  series: ChartSeries[];
  /** Buckets, ascending. */
  liquidations: ChartBucket[];
  /** The width of a liquidation bucket, ms. */
  bucketMs: number;
  /** The chart's words, formats and time zone (default: English on UTC, src/render/chart-text.ts). */
  text?: ChartText;
}

/** Box is a rectangle in pixels. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** CHART_WIDTH and CHART_HEIGHT are the picture's size: wide enough for a day, tall enough for a phone. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 700;

/** PLOT_X0 and PLOT_X1 bound both panels: price labels to the left, level labels to the right. */
export const PLOT_X0 = 92;
export const PLOT_X1 = CHART_WIDTH - 210;

/** PRICE_BOX and LIQ_BOX are the two panels (price on top, liquidations below, same time axis). */
export const PRICE_BOX: Box = { x0: PLOT_X0, y0: 128, x1: PLOT_X1, y1: 430 };
export const LIQ_BOX: Box = { x0: PLOT_X0, y0: 488, x1: PLOT_X1, y1: 624 };

/** THEME is the dark palette; long/short follow the usual red-for-longs-liquidated convention. */
export const THEME = {
  background: '#0d1117',
  panel: '#151b23',
  grid: '#2d333b',
  gridMinor: '#1f252d',
  axis: '#545d68',
  text: '#e6edf3',
  muted: '#9198a1',
  long: '#f85149',
  short: '#3fb950',
  series: ['#f7931a', '#58a6ff', '#d2a8ff', '#e3b341', '#56d4dd', '#f0f6fc'],
} as const;

/** FONT sizes in px: the 1200 px picture is shown about a third of that wide on a phone. */
export const FONT = { title: 32, label: 20, small: 17, empty: 30 } as const;

/** Average DejaVu Sans advance in em, regular and bold (digits are 0.636, lower case about 0.6). */
const EM_ADVANCE = 0.62;
const EM_ADVANCE_BOLD = 0.68;

/** Wide characters (CJK ideographs, kana, hangul, full-width forms) are about 1 em across in any CJK font. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;

/** textWidth estimates a string's width in px (DejaVu Sans advances; wide CJK characters 1 em). */
export function textWidth(s: string, size: number, bold = false): number {
  let narrow = 0;
  let wide = 0;
  for (const c of s) {
    if (WIDE.test(c)) wide++;
    else narrow++;
  }
  return narrow * size * (bold ? EM_ADVANCE_BOLD : EM_ADVANCE) + wide * size; // same arithmetic as before for Latin text
}

/** fitChars is how many characters of DejaVu Sans at `size` fit in `px`. */
export function fitChars(px: number, size: number, bold = false): number {
  return Math.floor(px / (size * (bold ? EM_ADVANCE_BOLD : EM_ADVANCE)));
}

/** Label is a one-line label pinned to a y (its centre), moved apart from the others by spreadLabels. */
export interface Label {
  y: number;
  text: string;
  color: string;
  bold?: boolean;
  /** The y the label points at; a short leader joins them when the label had to move. */
  anchorY: number;
}

/**
 * spreadLabels moves labels vertically so none overlap (at least `gap` px between centres) while
 * staying within [top, bottom]; where they cannot all fit, the ones listed first are kept.
 */
export function spreadLabels(labels: Label[], gap: number, top: number, bottom: number): Label[] {
  const fit = Math.max(1, Math.floor((bottom - top) / gap) + 1);
  const kept = labels.slice(0, fit).map((l) => ({ ...l, y: Math.min(bottom, Math.max(top, l.y)) }));
  kept.sort((a, b) => a.y - b.y);
  for (let i = 1; i < kept.length; i++) kept[i].y = Math.max(kept[i].y, kept[i - 1].y + gap);
  const over = kept.length > 0 ? kept[kept.length - 1].y - bottom : 0;
  if (over > 0) {
    kept[kept.length - 1].y = bottom;
    for (let i = kept.length - 2; i >= 0; i--) kept[i].y = Math.min(kept[i].y, kept[i + 1].y - gap);
  }
  return kept;
}
