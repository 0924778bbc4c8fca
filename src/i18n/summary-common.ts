/** What the localized summary's parts share: its input (SummaryData plus the coming leverage and whales) and the asset order. */

import type { SummaryData } from '../summary/types.js';

export type { LeverageStats, WhaleStats } from '../summary/types.js';

/** LocalSummaryData is the summary data a localized summary reads (SummaryData, leverage and whales included). */
export type LocalSummaryData = SummaryData;

/** MAJOR assets lead every list, in this order; the rest follow alphabetically. */
const MAJOR = ['BTC', 'ETH', 'SOL'];

/** orderedAssets lists the window's assets, majors first. */
export function orderedAssets(d: SummaryData): string[] {
  const rest = Object.keys(d.prices).filter((s) => !MAJOR.includes(s)).sort();
  return [...MAJOR.filter((s) => d.prices[s]), ...rest];
}

/** firstUpper capitalises a clause that opens a sentence (a no-op for Chinese). */
export function firstUpper(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
