import { buildSummaryData, type SummaryExtras } from './build.js';
import type { Summary, SummarySource } from './types.js';

/** buildSummary builds the crash summary's data for the window [from, to] of the history and alerts (its words: src/i18n/summary.ts). */
export function buildSummary(src: SummarySource, from: number, to: number, extras: SummaryExtras = {}): Summary {
  return { ts: to, data: buildSummaryData(src, from, to, extras) };
}
