import type { IndexQuote, LargestLiquidation, LevelBroken } from '../market/records.js';
import type { AlertLog } from '../alerts/log.js';
import type { History } from '../market/history.js';

/** SummarySource is what a summary is built from: the market history and the alerts fired (an Engine is one). */
export interface SummarySource {
  readonly history: History;
  readonly alerts: AlertLog;
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
  /** Aggregator figure (e.g. CoinGlass) for the same window, when one was available. */
  aggregatorUsd?: { source: string; totalUsd: number; longUsd: number; shortUsd: number };
}

/** SourceCoverage says which venue fed which figures, and how complete that feed is. */
export interface SourceCoverage {
  source: string;
  feeds: Array<'price' | 'liquidation' | 'index'>;
  events: number;
  notes: string[];
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
  gaps: Array<{ source: string; fromTs: number; toTs: number; reason?: 'stopped' }>;
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
