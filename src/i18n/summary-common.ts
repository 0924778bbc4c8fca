/** What the localized summary's parts share: its input (SummaryData plus the coming leverage and whales) and the asset order. */

import type { SummaryData } from '../summary/types.js';

/** LeverageStats is one asset's open interest (base units) and mean 8h funding over the window (DESIGN §3 summary.data.leverage). */
export interface LeverageStats {
  oiFrom: number;
  oiLow: number;
  oiTo: number;
  changePct: number;
  fundingFrom: number;
  fundingTo: number;
}

/** WhaleStats is one tracked account over the window (DESIGN §3 summary.data.whales). */
export interface WhaleStats {
  account: string;
  label: string | null;
  worstUnrealizedPnlUsd: number;
  liquidated: boolean;
}

/** LocalSummaryData is SummaryData with the optional leverage and whales parts DESIGN §3 adds when the window holds such events. */
export type LocalSummaryData = SummaryData & { leverage?: Record<string, LeverageStats>; whales?: WhaleStats[] };

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
