import { buildSummaryData, type SummaryExtras } from './build.js';
import { summaryDoc, summaryText } from './text.js';
import type { Summary, SummarySource } from './types.js';

/** buildSummary builds the crash summary (text and data) for the window [from, to] of the history and alerts. */
export function buildSummary(src: SummarySource, from: number, to: number, extras: SummaryExtras = {}): Summary {
  const data = buildSummaryData(src, from, to, extras);
  const doc = summaryDoc(data);
  return { ts: to, title: doc.title, text: summaryText(doc), data, doc };
}
