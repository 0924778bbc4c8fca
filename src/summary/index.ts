import { buildSummaryData, type SummaryExtras } from './build.js';
import { summaryDoc, summaryText } from './text.js';
import type { Summary, SummaryData, SummaryDoc, SummarySource } from './types.js';

/** DocWriter writes a summary's words from its data (the app and the replay pass the catalogue's, src/i18n/summary.ts). */
export type DocWriter = (data: SummaryData) => SummaryDoc;

/**
 * buildSummary builds the crash summary (text and data) for the window [from, to] of the history and alerts;
 * `write` words it (default: the English desk note of text.ts, which has no Leverage or Whales section).
 */
export function buildSummary(src: SummarySource, from: number, to: number, extras: SummaryExtras = {}, write: DocWriter = summaryDoc): Summary {
  const data = buildSummaryData(src, from, to, extras);
  const doc = write(data);
  return { ts: to, title: doc.title, text: summaryText(doc), data, doc };
}
