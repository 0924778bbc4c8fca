// The fan-out chart (docs/fanout.png): chats served over time, free vs paid broadcast, drawn with the project's own
// SVG helpers and resvg (src/render), no new dependency.
import { svgToPng } from '../src/render/chart.js';
import { el, num, pathThrough, text } from '../src/render/svg.js';

/** ChartRun is one fan-out to plot: its label, colour and the ms after publish each chat was served (sorted). */
export interface ChartRun {
  label: string;
  colour: string;
  served: readonly number[];
}

/** TICKS_S are the time-axis steps a panel may use (the first that gives at most six ticks). */
const TICKS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
/** BAR_S: DESIGN §6, with paid broadcast on the last of 10,000 chats is served within 15 s. */
const BAR_S = 15;
const W = 1200;
const H = 560;
const PANEL = { top: 90, bottom: 480, gap: 80, left: 90, right: 40 };

/** panel draws one time window of every run: chats served (y) against seconds after publish (x). */
function panel(x0: number, width: number, runs: readonly ChartRun[], spanS: number, maxChats: number, title: string, markS?: number): string {
  const { top, bottom } = PANEL;
  const sx = (s: number) => x0 + (Math.min(s, spanS) / spanS) * width;
  const sy = (n: number) => bottom - (n / maxChats) * (bottom - top);
  const parts = [text(x0, top - 20, title, { 'font-size': 18, 'font-weight': 'bold', fill: '#e6e6e6' })];
  for (let i = 0; i <= 5; i++) {
    const n = (maxChats / 5) * i;
    parts.push(el('line', { x1: x0, x2: x0 + width, y1: num(sy(n)), y2: num(sy(n)), stroke: '#333', 'stroke-width': 1 }));
    parts.push(text(x0 - 10, sy(n) + 5, Math.round(n).toLocaleString('en-US'), { 'font-size': 13, fill: '#aaa', 'text-anchor': 'end' }));
  }
  const tick = TICKS_S.find((t) => spanS / t <= 6) ?? spanS;
  for (let s = 0; s <= spanS + 1e-9; s += tick) {
    parts.push(el('line', { x1: num(sx(s)), x2: num(sx(s)), y1: bottom, y2: bottom + 5, stroke: '#555' }));
    parts.push(text(sx(s), bottom + 22, s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`, { 'font-size': 13, fill: '#aaa', 'text-anchor': 'middle' }));
  }
  if (markS !== undefined) {
    parts.push(el('line', { x1: num(sx(markS)), x2: num(sx(markS)), y1: top, y2: bottom, stroke: '#888', 'stroke-width': 1.5, 'stroke-dasharray': '6 5' }));
    parts.push(text(sx(markS) - 6, top + 18, `bar: all within ${markS} s`, { 'font-size': 13, fill: '#aaa', 'text-anchor': 'end' }));
  }
  for (const r of runs) {
    // The curve stops at the panel's edge: served[i] is when the (i+1)-th chat had the alert.
    const inside = r.served.filter((ms) => ms <= spanS * 1000);
    const pts: Array<[number, number]> = [[sx(0), sy(0)]];
    const step = Math.max(1, Math.floor(inside.length / 400));
    for (let i = 0; i < inside.length; i += step) pts.push([sx(inside[i] / 1000), sy(i + 1)]);
    if (inside.length > 0) pts.push([sx(inside[inside.length - 1] / 1000), sy(inside.length)]);
    if (inside.length < r.served.length) pts.push([sx(spanS), sy(inside.length)]);
    parts.push(el('path', { d: pathThrough(pts), fill: 'none', stroke: r.colour, 'stroke-width': 3 }));
  }
  parts.push(el('rect', { x: x0, y: top, width, height: bottom - top, fill: 'none', stroke: '#555' }));
  return parts.join('');
}

/** fanoutChartPng draws two panels (the first seconds, the whole run) of chats served over time. */
export function fanoutChartPng(runs: readonly ChartRun[], title: string): Buffer {
  const maxChats = Math.max(...runs.map((r) => r.served.length));
  const longest = Math.max(...runs.map((r) => (r.served[r.served.length - 1] ?? 0) / 1000));
  const wholeS = Math.ceil(longest / (TICKS_S.find((t) => longest / t <= 6) ?? 60)) * (TICKS_S.find((t) => longest / t <= 6) ?? 60);
  const firstS = 20;
  const width = (W - PANEL.left - PANEL.right - PANEL.gap) / 2;
  const legend = runs.map((r, i) => el('rect', { x: PANEL.left + i * 380, y: 515, width: 24, height: 6, fill: r.colour }) + text(PANEL.left + 32 + i * 380, 523, r.label, { 'font-size': 15, fill: '#e6e6e6' })).join('');
  const body = [
    el('rect', { x: 0, y: 0, width: W, height: H, fill: '#16181d' }),
    text(PANEL.left, 36, title, { 'font-size': 22, 'font-weight': 'bold', fill: '#ffffff' }),
    panel(PANEL.left, width, runs, firstS, maxChats, `First ${firstS} s`, BAR_S),
    panel(PANEL.left + width + PANEL.gap, width, runs, wholeS, maxChats, 'Whole run'),
    legend,
  ].join('');
  return svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`);
}
