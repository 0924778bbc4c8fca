/** The crash chart as an SVG document: title, legend, the two panels on one time axis (in the chart's zone), labels, footer. */

import type { Box, ChartInput, Label } from './chart-model.js';
import { CHART_HEIGHT, CHART_WIDTH, FONT, LIQ_BOX, PRICE_BOX, THEME, fitChars, spreadLabels, textWidth } from './chart-model.js';
import { liqPanel } from './chart-liq.js';
import { pricePanel } from './chart-price.js';
import { CHART_TEXT_EN_UTC, type ChartText } from './chart-text.js';
import { type Scale, linear, minorStep, timeTicks } from './scale.js';
import { el, text } from './svg.js';

const MARGIN = 24;
const TITLE_Y = 44;
const LEGEND_Y = 86;
const FOOTER_Y = CHART_HEIGHT - 16;
/** Room for the widest time label ("30 Jan") plus a gap: 3-hourly labels on a day, hourly gridlines between. */
const TIME_LABEL_GAP = textWidth('30 Jan', FONT.label) + 16;
const MINOR_GRID_GAP = 20;
/** Longest label in the right margin, in characters ("BTC 87,500 ↓ 13:05" is 18). */
const MARGIN_LABEL_CHARS = fitChars(CHART_WIDTH - PRICE_BOX.x1 - 12, FONT.small);
/** Longest title drawn, in characters: what fits across the picture at the title size. */
const TITLE_CHARS = fitChars(CHART_WIDTH - 2 * MARGIN, FONT.title, true);

function vline(xx: number, color: string): string {
  return [PRICE_BOX, LIQ_BOX].map((b) => el('line', { x1: xx, x2: xx, y1: b.y0, y2: b.y1, stroke: color, 'stroke-width': 1 })).join('');
}

/** timeAxis labels round times of the chart's zone: ticks are chosen on local time (shifted by the zone's offset at `from`). */
function timeAxis(from: number, to: number, x: Scale, tx: ChartText): string {
  const width = PRICE_BOX.x1 - PRICE_BOX.x0;
  const off = tx.offsetMs(from);
  const ticks = timeTicks(from + off, to + off, width, TIME_LABEL_GAP);
  const minor = minorStep(ticks.step, from, to, width, MINOR_GRID_GAP);
  let svg = '';
  if (minor) for (let t = Math.ceil((from + off) / minor) * minor; t <= to + off; t += minor) if (t % ticks.step !== 0) svg += vline(x(t - off), THEME.gridMinor);
  for (const t of ticks.values.map((v) => v - off)) {
    const xx = x(t);
    svg += vline(xx, THEME.grid);
    svg += el('line', { x1: xx, x2: xx, y1: LIQ_BOX.y1, y2: LIQ_BOX.y1 + 6, stroke: THEME.axis, 'stroke-width': 1.5 });
    svg += text(xx, LIQ_BOX.y1 + 28, tx.tickLabel(t), { 'text-anchor': 'middle', fill: THEME.muted, 'font-size': FONT.label });
  }
  return svg;
}

function panelFrame(b: Box): string {
  return el('rect', { x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0, fill: THEME.panel });
}

function caption(b: Box, left: string, right = ''): string {
  const y = b.y0 - 12;
  const attrs = { fill: THEME.muted, 'font-size': FONT.small };
  return text(b.x0, y, left, attrs, 70) + (right ? text(b.x1, y, right, { ...attrs, 'text-anchor': 'end' }, 70) : '');
}

/** The legend names what colour alone cannot: the bars and the dashed level lines (each line is named at its end). */
function legend(withLevels: boolean, tx: ChartText, withBands = false): string {
  const items: Array<{ mark: string; label: string }> = [
    { mark: el('rect', { y: -16, width: 18, height: 18, fill: THEME.long }), label: tx.legend.longs },
    { mark: el('rect', { y: -16, width: 18, height: 18, fill: THEME.short }), label: tx.legend.shorts },
  ];
  const dash = el('line', { x2: 28, y1: -7, y2: -7, stroke: THEME.text, 'stroke-width': 2, 'stroke-dasharray': '7 5' });
  if (withLevels) items.push({ mark: dash + el('circle', { cx: 14, cy: -7, r: 5, fill: THEME.text }), label: tx.legend.level });
  const band = (x: number, fill: string) => el('rect', { x, y: -16, width: 14, height: 18, fill, opacity: 0.35 });
  if (withBands) items.push({ mark: band(0, THEME.long) + band(14, THEME.short), label: tx.legend.clusters });
  let svg = '';
  let at = MARGIN;
  for (const it of items) {
    svg += el('g', { transform: `translate(${at} ${LEGEND_Y})` }, it.mark + text(38, 0, it.label, { fill: THEME.text, 'font-size': FONT.label }));
    at += 38 + textWidth(it.label, FONT.label) + 24;
  }
  return svg;
}

function marginLabels(labels: Label[]): string {
  const half = FONT.small * 0.75;
  let svg = '';
  for (const l of spreadLabels(labels, FONT.small + 6, PRICE_BOX.y0 + half, PRICE_BOX.y1 - half)) {
    svg += el('path', { d: `M${PRICE_BOX.x1} ${l.anchorY}L${PRICE_BOX.x1 + 8} ${l.y}`, stroke: l.color, 'stroke-width': 1.5, fill: 'none' });
    svg += text(PRICE_BOX.x1 + 12, l.y + 6, l.text, { fill: l.color, 'font-size': FONT.small, 'font-weight': l.bold ? 'bold' : undefined }, MARGIN_LABEL_CHARS);
  }
  return svg;
}

function header(title: string, tx: ChartText): string {
  const attrs = { fill: THEME.text, 'font-size': FONT.title, 'font-weight': 'bold', 'font-family': tx.titleFontFamily };
  return el('rect', { width: CHART_WIDTH, height: CHART_HEIGHT, fill: THEME.background }) + text(MARGIN, TITLE_Y, title, attrs, TITLE_CHARS);
}

function footer(from: number, to: number, tx: ChartText): string {
  return text(MARGIN, FOOTER_Y, tx.footer(from, to), { fill: THEME.muted, 'font-size': FONT.small }) + text(CHART_WIDTH - MARGIN, FOOTER_Y, 'Cascade', { fill: THEME.muted, 'font-size': FONT.small, 'text-anchor': 'end' });
}

function svgDocument(body: string, tx: ChartText): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${tx.fontFamily}">${body}</svg>`;
}

/** noDataSvg is the chart for a window with nothing to draw: the title and a clear "no data" notice. */
export function noDataSvg(input: ChartInput): string {
  const box: Box = { x0: PRICE_BOX.x0, y0: PRICE_BOX.y0, x1: CHART_WIDTH - PRICE_BOX.x0, y1: LIQ_BOX.y1 };
  const mid = (box.y0 + box.y1) / 2;
  const validRange = Number.isFinite(input.from) && Number.isFinite(input.to);
  const tx = input.text ?? CHART_TEXT_EN_UTC;
  return svgDocument(
    header(input.title, tx) +
      panelFrame(box) +
      text((box.x0 + box.x1) / 2, mid, tx.noDataTitle, { 'text-anchor': 'middle', fill: THEME.text, 'font-size': FONT.empty, 'font-weight': 'bold' }) +
      text((box.x0 + box.x1) / 2, mid + 40, tx.noDataDetail, { 'text-anchor': 'middle', fill: THEME.muted, 'font-size': FONT.label }) +
      (validRange ? footer(input.from, input.to, tx) : ''),
    tx,
  );
}

/** buildChartSvg lays out the crash chart for `input` (an empty or invalid input gives the "no data" chart). */
export function buildChartSvg(input: ChartInput): string {
  const { from, to } = input;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) return noDataSvg(input);
  const x = linear(from, to, PRICE_BOX.x0, PRICE_BOX.x1);
  const price = pricePanel(input, PRICE_BOX, x);
  const liq = liqPanel(input, LIQ_BOX, x);
  if (!price && !liq.summary) return noDataSvg(input);
  const mid = (PRICE_BOX.y0 + PRICE_BOX.y1) / 2;
  const tx = input.text ?? CHART_TEXT_EN_UTC;
  const noPrice = text((PRICE_BOX.x0 + PRICE_BOX.x1) / 2, mid + 7, tx.noPrice, { 'text-anchor': 'middle', fill: THEME.muted, 'font-size': FONT.label });
  return svgDocument(
    header(input.title, tx) +
      legend(price?.hasLevels ?? false, tx, price?.hasBands ?? false) +
      panelFrame(PRICE_BOX) +
      panelFrame(LIQ_BOX) +
      timeAxis(from, to, x, tx) +
      caption(PRICE_BOX, price?.caption ?? tx.compositeCaption) +
      caption(LIQ_BOX, liq.caption, liq.summary) +
      (price ? price.svg + marginLabels(price.labels) : noPrice) +
      liq.svg +
      footer(from, to, tx),
    tx,
  );
}
