/** `--chart FILE`: a PNG of alerts per UTC day, stacked by kind (with `--compare`, the second rules file's bar beside the first's, paler). */
import { basename } from 'node:path';
import { ALERT_KINDS } from '../alerts/types.js';
import { svgToPng } from '../render/chart.js';
import { FONT, THEME } from '../render/chart-model.js';
import { linear, niceTicks } from '../render/scale.js';
import { el, text } from '../render/svg.js';
import type { Side } from './backtest-report.js';
import { sortedDays } from './backtest-tally.js';

const W = 1200, H = 700;
const BOX = { x0: 90, y0: 150, x1: W - 40, y1: H - 90 };
/** One colour per alert kind, in ALERT_KINDS order (the chart palette first, then the long/short hues). */
const KIND_COLOURS = [...THEME.series.slice(0, 5), THEME.long, THEME.short, '#8b949e'];

/** backtestChartSvg draws the stacked bars as an SVG document (title, legend, y axis, one bar, or two, per day). */
export function backtestChartSvg(sides: readonly Side[]): string {
  const days = [...new Set(sides.flatMap((s) => sortedDays(s.result.tally)))].sort();
  const kinds = ALERT_KINDS.filter((k) => sides.some((s) => Object.values(s.result.tally.days).some((d) => (d.alerts[k] ?? 0) > 0)));
  const max = Math.max(1, ...sides.flatMap((s) => days.map((d) => s.result.tally.days[d]?.total ?? 0)));
  const ticks = niceTicks(0, max, 5);
  const y = linear(0, ticks.hi, BOX.y1, BOX.y0);
  const slot = (BOX.x1 - BOX.x0) / Math.max(1, days.length);
  const barW = Math.max(1, (slot * 0.8) / sides.length);
  let svg = el('rect', { x: 0, y: 0, width: W, height: H, fill: THEME.background });
  svg += el('rect', { x: BOX.x0, y: BOX.y0, width: BOX.x1 - BOX.x0, height: BOX.y1 - BOX.y0, fill: THEME.panel });
  const [a, b] = sides.map((s) => basename(s.label));
  const title = b ? `Alerts per day: ${a} (solid) vs ${b} (pale)` : `Alerts per day: ${a}`;
  svg += text(BOX.x0, 48, title, { fill: THEME.text, 'font-size': FONT.title, 'font-weight': 'bold' }, 60);
  kinds.forEach((k, i) => {
    const lx = BOX.x0 + (i % 4) * 260, ly = 88 + Math.floor(i / 4) * 28;
    svg += el('rect', { x: lx, y: ly - 15, width: 18, height: 18, fill: KIND_COLOURS[ALERT_KINDS.indexOf(k)] });
    svg += text(lx + 26, ly, k, { fill: THEME.text, 'font-size': FONT.small });
  });
  for (const v of ticks.values) {
    svg += el('line', { x1: BOX.x0, x2: BOX.x1, y1: y(v), y2: y(v), stroke: THEME.grid, 'stroke-width': 1 });
    svg += text(BOX.x0 - 10, y(v) + 6, String(v), { fill: THEME.muted, 'font-size': FONT.small, 'text-anchor': 'end' });
  }
  const every = Math.max(1, Math.ceil(days.length / 12));
  days.forEach((d, i) => {
    const x0 = BOX.x0 + i * slot + slot * 0.1;
    sides.forEach((s, si) => {
      let base = 0;
      for (const k of kinds) {
        const n = s.result.tally.days[d]?.alerts[k] ?? 0;
        if (n === 0) continue;
        svg += el('rect', { x: x0 + si * barW, y: y(base + n), width: Math.max(1, barW - 1), height: y(base) - y(base + n), fill: KIND_COLOURS[ALERT_KINDS.indexOf(k)], opacity: si === 0 ? 1 : 0.5 });
        base += n;
      }
    });
    if (i % every === 0) svg += text(x0 + (slot * 0.8) / 2, BOX.y1 + 28, d.slice(5), { fill: THEME.muted, 'font-size': FONT.small, 'text-anchor': 'middle' });
  });
  if (days.length === 0) svg += text(W / 2, (BOX.y0 + BOX.y1) / 2, 'no data', { fill: THEME.muted, 'font-size': FONT.empty, 'text-anchor': 'middle' });
  svg += text(BOX.x0, H - 24, days.length > 0 ? `${days[0]} to ${days[days.length - 1]} (UTC days), alerts counted on the date of their time` : '', { fill: THEME.muted, 'font-size': FONT.small }, 100);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${svg}</svg>`;
}

/** backtestChartPng rasterises the chart with the crash chart's fonts and renderer. */
export function backtestChartPng(sides: readonly Side[]): Buffer {
  return svgToPng(backtestChartSvg(sides));
}
