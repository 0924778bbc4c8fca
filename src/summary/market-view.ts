import type { AlertEvent } from '../alerts/types.js';
import type { IndexQuote } from '../market/records.js';
import type { Summary, SummaryData } from './types.js';

/** PriceView is one asset's composite with each venue's quote and its recent moves. */
export interface PriceView {
  symbol: string;
  composite: number;
  ts: number;
  venues: Array<{ source: string; price: number; ts: number; fresh: boolean }>;
  change1hPct: number | null;
  change24hPct: number | null;
}

/** MarketView is what chat commands and jobs may ask of the market (a seam over the engine; the app's EngineView answers it). */
export interface MarketView {
  now(): number;
  knownAssets(): string[];
  price(symbol: string): PriceView | null;
  liquidations(windowMs: number): SummaryData['liquidations'];
  markets(): Record<string, IndexQuote>;
  summary(windowMs: number): Summary;
  recentAlerts(n: number): AlertEvent[];
}
