import type { AlertEvent } from '../alerts/types.js';
import type { HeldPosition } from '../market/positions.js';
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

/** VenueLeverage is one venue's open interest (base units) and funding (per 8h) for an asset, with the open interest's 1h and 24h change. */
export interface VenueLeverage {
  source: string;
  oi: number;
  oiTs: number;
  /** Its latest value is at most 10 minutes old (DESIGN §4): it counts toward the total. */
  fresh: boolean;
  change1hPct: number | null;
  change24hPct: number | null;
  funding: number | null;
  fundingTs: number | null;
}

/** LeverageTotal is open interest summed over the fresh venues, with each change over the venues seen at both ends. */
export interface LeverageTotal {
  oi: number;
  sources: string[];
  change1hPct: number | null;
  change24hPct: number | null;
}

/** LeverageView is an asset's open interest per venue and in total, and its funding per venue and on average. */
export interface LeverageView {
  symbol: string;
  venues: VenueLeverage[];
  total: LeverageTotal | null;
  fundingMean: number | null;
}

/** WhaleView is a tracked account's open position with who tracks it (for `/whales`: each chat sees the deployment's and its own). */
export interface WhaleView extends HeldPosition {
  label: string | null;
  deployment: boolean;
  chats: string[];
  /** Listed by an aggregator (CoinGlass), not configured by anyone. */
  discovered: boolean;
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
  /** leverage is an asset's open interest and funding (null when no venue has given any). */
  leverage(symbol: string): LeverageView | null;
  /** leverageAssets lists the assets with open interest or funding. */
  leverageAssets(): string[];
  /** whales are the tracked accounts' open positions, largest notional first. */
  whales(): WhaleView[];
}
