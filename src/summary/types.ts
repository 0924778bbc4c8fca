import type { FeedName, IndexQuote, LargestLiquidation, LevelBroken } from '../market/records.js';
import type { AlertLog } from '../alerts/log.js';
import type { History } from '../market/history.js';

/** AccountInfo is what a summary may say about a tracked account: its label, and whether every chat may see it. */
export interface AccountInfo {
  label: string | null;
  /** Deployment accounts (and every account of a replay) are public; an account only chats watch is theirs alone. */
  public: boolean;
}

/** SummarySource is what a summary is built from: the market history and the alerts fired (an Engine is one). */
export interface SummarySource {
  readonly history: History;
  readonly alerts: AlertLog;
  /** accountInfo says who a tracked account is (null: no longer tracked, left out). */
  accountInfo?(account: string): AccountInfo | null;
}

/** PriceStats is one asset's composite-price path over the summary window. */
export interface PriceStats {
  open: number;
  low: number;
  high: number;
  last: number;
  changePct: number;
  lowTs: number;
  /** Per-venue lows, so a summary can give a range where venues disagree. */
  venueLows: Record<string, number>;
}

/** LiqTotals is a sum of liquidations split by position side. */
export interface LiqTotals {
  totalUsd: number;
  longUsd: number;
  shortUsd: number;
  count: number;
}

/** LiquidationSummary is the scale and structure of the window's liquidations. */
export interface LiquidationSummary extends LiqTotals {
  longShare: number;
  largest: LargestLiquidation | null;
  bySource: Record<string, LiqTotals>;
  bySymbol: Record<string, LiqTotals>;
  /** The busiest clock hour of the window, and the last hour's total: is the pressure easing? */
  peakHour: { ts: number; totalUsd: number } | null;
  lastHourUsd: number;
  /** The largest single liquidation per venue (the Whales section names Hyperliquid's). */
  largestBySource?: Record<string, LargestLiquidation>;
  /** Aggregator figure (e.g. CoinGlass) for the same window, when one was available. */
  aggregatorUsd?: { source: string; totalUsd: number; longUsd: number; shortUsd: number };
}

/** SourceCoverage says which venue fed which figures, and how complete that feed is. */
export interface SourceCoverage {
  source: string;
  feeds: FeedName[];
  events: number;
  notes: string[];
}

/** LiquidationCluster is one price band where the estimate puts liquidations of one side: its size relative to the largest band. */
export interface LiquidationCluster {
  side: 'long' | 'short';
  low: number;
  high: number;
  /** 1 for the largest band shown, the others as a fraction of it (relative sizes, never dollars). */
  relative: number;
}

/** LeverageStats is one asset's open interest (base units, summed over the venues seen at both ends) and funding over the window (DESIGN §3 summary.data.leverage). */
export interface LeverageStats {
  oiFrom: number;
  oiLow: number;
  oiTo: number;
  changePct: number;
  /** Mean 8h funding rate across venues (a fraction) at the start and the end of the window. */
  fundingFrom: number;
  fundingTo: number;
  /** The venues summed. */
  sources: string[];
  /** The peak before the low, and when each was (the reading: "−8.4% from 13:00 UTC"). */
  oiHigh: number;
  oiHighTs: number;
  oiLowTs: number;
  /** Each venue's funding at the start and the end (null when it had none then). */
  fundingBySource: Record<string, { from: number | null; to: number | null }>;
  /** Where liquidations would cluster, estimated from open-interest increases and an assumed leverage mix (DESIGN §3; positioning-and-whales.md §3). */
  clusters?: LiquidationCluster[];
}

/** WhaleStats is one tracked account over the window (DESIGN §3 summary.data.whales). */
export interface WhaleStats {
  account: string;
  label: string | null;
  worstUnrealizedPnlUsd: number;
  liquidated: boolean;
  /** The USD of its liquidations in the window (0 when none). */
  liquidatedUsd: number;
}

/** SummaryData is the machine-readable crash summary of DESIGN §3. */
export interface SummaryData {
  from: number;
  to: number;
  prices: Record<string, PriceStats>;
  levelsBroken: LevelBroken[];
  liquidations: LiquidationSummary;
  crossMarket: Record<string, number>;
  crossMarketDetail: Record<string, IndexQuote>;
  sources: SourceCoverage[];
  alerts: { total: number; byKind: Record<string, number>; cascades: number };
  /** Data gaps recorded by live collectors ("7 s gap on Bybit"), and the spans Cascade itself was stopped (`reason: 'stopped'`). Empty in replay. */
  gaps: Array<{ source: string; fromTs: number; toTs: number; reason?: 'stopped' | 'failover' }>;
  /** Open interest and funding per asset, when the window holds such events. */
  leverage?: Record<string, LeverageStats>;
  /** Tracked accounts, worst first, when the window holds their positions or liquidations. */
  whales?: WhaleStats[];
}

/** SummarySection is one headed part of the crash summary (a paragraph and/or bullet points), written in one language by src/i18n/summary.ts. */
export interface SummarySection {
  heading: string;
  paragraph?: string;
  items: string[];
}

/** SummaryDoc is the structured crash summary, shared by the terminal, Telegram and Discord. */
export interface SummaryDoc {
  title: string;
  lead: string;
  sections: SummarySection[];
}

/** Summary is a window's crash summary as facts: its end and its data (each chat reads it written in its own language by src/i18n/summary.ts). */
export interface Summary {
  ts: number;
  data: SummaryData;
}
