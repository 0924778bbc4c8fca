/**
 * Every word and time label the crash chart draws, as one replaceable value: English on UTC by default
 * (exactly today's chart), any language and zone through src/i18n/chart-text.ts.
 */

import { formatDuration, formatNumber, formatShare, formatUsd, formatUtc, formatUtcClock } from './format.js';
import { DAY_MS, decimalsOf, isMidnightUtc } from './scale.js';

/** FONT_FAMILY is the one font the renderer loads for Latin text (bundled DejaVu Sans, no system fonts). */
export const FONT_FAMILY = 'DejaVu Sans';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** dayMonth writes the UTC date of an epoch-ms time as "29 Jan" (unambiguous in every locale). */
export function dayMonth(ts: number): string {
  const d = new Date(ts);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** whenIn writes a moment as precisely as the chart's span needs: "13:34" within a day, "29 Jan" beyond. */
export function whenIn(ts: number, spanMs: number): string {
  return spanMs > DAY_MS ? dayMonth(ts) : formatUtcClock(ts);
}

/** LiqSummary is what the liquidation panel's one-line summary says: total, long share, the peak bucket. */
export interface LiqSummary {
  total: number;
  longShare: number;
  peak: number;
  peakTs: number;
  spanMs: number;
}

/** ChartText is the chart's words, number and time formats for one language and zone. */
export interface ChartText {
  /** The SVG font family list: DejaVu Sans, then a CJK family for Chinese (see src/render/cjk-font.ts). */
  fontFamily: string;
  /** The title's own family when it differs (Chinese: the CJK family, whose bold face resvg's fallback would not pick). */
  titleFontFamily?: string;
  legend: { longs: string; shorts: string; level: string; clusters: string };
  compositeCaption: string;
  pctCaption: string;
  noPrice: string;
  noLiquidations: string;
  noDataTitle: string;
  noDataDetail: string;
  priceCaption(symbol: string): string;
  liqCaption(bucketMs: number): string;
  liqSummary(s: LiqSummary): string;
  /** A tick label of the liquidation axis (a USD amount in the unit the top tick calls for). */
  axisUsd(v: number, step: number, top: number): string;
  /** The footer: the zone the times are in and the window. */
  footer(from: number, to: number): string;
  /** A time-axis label: the date at local midnight, else the clock. */
  tickLabel(ts: number): string;
  /** A moment as precisely as the span needs: the clock within a day, the date beyond. */
  when(ts: number, spanMs: number): string;
  /** The zone's offset from UTC at `ts` in ms, so time ticks fall on round local hours. */
  offsetMs(ts: number): number;
}

/** CHART_TEXT_EN_UTC is the chart in English with UTC times: what the chart has always drawn. */
export const CHART_TEXT_EN_UTC: ChartText = {
  fontFamily: FONT_FAMILY,
  legend: { longs: 'Longs liquidated', shorts: 'Shorts liquidated', level: 'Level broken (when)', clusters: 'Est. liquidation clusters' },
  compositeCaption: 'Composite price',
  pctCaption: "% change from each asset's first price in the window",
  noPrice: 'No price data in this window',
  noLiquidations: 'No liquidations recorded in this window',
  noDataTitle: 'No data for this window',
  noDataDetail: 'No prices or liquidations were recorded.',
  priceCaption: (symbol) => `${symbol} composite price (USD)`,
  liqCaption: (bucketMs) => `Liquidations per ${formatDuration(bucketMs)} (USD)`,
  liqSummary: (s) => `${formatUsd(s.total)} · ${formatShare(s.longShare)} longs · peak ${formatUsd(s.peak)} ${s.spanMs > DAY_MS ? 'on' : 'at'} ${whenIn(s.peakTs, s.spanMs)}`,
  axisUsd: (v, step, top) => {
    if (v === 0) return '$0';
    const [unit, suffix] = top >= 1e9 ? [1e9, 'B'] : top >= 1e6 ? [1e6, 'M'] : top >= 1e3 ? [1e3, 'K'] : [1, ''];
    return `$${formatNumber(v / unit, decimalsOf(step / unit))}${suffix}`;
  },
  footer: (from, to) => `Times in UTC · ${formatUtc(from).replace(' UTC', '')} – ${formatUtc(to)}`,
  tickLabel: (ts) => (isMidnightUtc(ts) ? dayMonth(ts) : formatUtcClock(ts)),
  when: whenIn,
  offsetMs: () => 0,
};
