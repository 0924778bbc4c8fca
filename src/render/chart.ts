/**
 * The crash chart as a PNG: an SVG laid out by chart-svg.ts, rasterised in-process by resvg with the
 * bundled DejaVu Sans, so it needs no system fonts, no browser and no network.
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { ChartInput } from './chart-model.js';
import { THEME } from './chart-model.js';
import { FONT_FAMILY } from './chart-text.js';
import { buildChartSvg } from './chart-svg.js';
import { CJK_FONT_FILES, needsCjkFont } from './cjk-font.js';

export type { ChartBucket, ChartInput, ChartLevel, ChartSeries } from './chart-model.js';
export type { ChartText } from './chart-text.js';
export { CHART_HEIGHT, CHART_WIDTH } from './chart-model.js';
export { buildChartSvg } from './chart-svg.js';

/** FONT_FILES are the DejaVu Sans faces the chart uses, from the `dejavu-fonts-ttf` package. */
export const FONT_FILES: readonly string[] = (() => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
})();

const OPTIONS: ResvgRenderOptions = {
  font: { loadSystemFonts: false, fontFiles: [...FONT_FILES], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  background: THEME.background,
  fitTo: { mode: 'original' },
  logLevel: 'off',
};

/** With CJK text, the CJK faces are loaded too (a DejaVu-only chart stays as fast and byte-identical as before). */
const OPTIONS_CJK: ResvgRenderOptions = { ...OPTIONS, font: { ...OPTIONS.font, fontFiles: [...FONT_FILES, ...CJK_FONT_FILES] } };

/** ChartRenderError is a failure to rasterise the chart's SVG (a bug here, never the caller's input). */
export class ChartRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartRenderError';
  }
}

/** svgToPng rasterises an SVG document with the chart's fonts (DejaVu Sans, plus the CJK faces when it has CJK text) and background. */
export function svgToPng(svg: string): Buffer {
  try {
    return new Resvg(svg, needsCjkFont(svg) ? OPTIONS_CJK : OPTIONS).render().asPng();
  } catch (err) {
    throw new ChartRenderError('could not render the chart SVG', { cause: err });
  }
}

/**
 * renderCrashChart draws the crash chart (price panel over liquidation bars, time axis in the zone of
 * `input.text`, UTC by default) as a
 * 1200×700 PNG. Empty input gives a "no data" chart, never an error. Synchronous: about 0.1 s of CPU.
 */
export function renderCrashChart(input: ChartInput): Buffer {
  return svgToPng(buildChartSvg(input));
}
