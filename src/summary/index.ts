import type { History } from './history.js';
import { buildSummaryData, type SummaryExtras } from './build.js';
import { summaryDoc, summaryText } from './text.js';
import type { Summary } from './types.js';

/** buildSummary builds the crash summary (text and data) for the window [from, to] of the history. */
export function buildSummary(h: History, from: number, to: number, extras: SummaryExtras = {}): Summary {
  const data = buildSummaryData(h, from, to, extras);
  const doc = summaryDoc(data);
  return { ts: to, title: doc.title, text: summaryText(doc), data, doc };
}
