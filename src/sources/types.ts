import type { MarketEvent, MarketSessionState } from '../market/types.js';

/** SourceId is the `source` of every MarketEvent a venue adapter emits (one per venue). */
export type SourceId = 'binance' | 'bybit' | 'okx' | 'hyperliquid' | 'coinbase' | 'yahoo' | 'coinglass';

/**
 * FeedKind is what a feed carries: prices, liquidations, cross-market indices, aggregator totals,
 * leverage (open interest and funding), tracked accounts' positions, or a recorded file played back (REPLAY_FILE).
 */
export type FeedKind = 'price' | 'liquidation' | 'index' | 'aggregate' | 'leverage' | 'position' | 'replay';

/**
 * RejectReason is the counted, low-cardinality reason a payload or event was refused
 * (the field it concerns travels separately in `field`).
 */
export type RejectReason =
  | 'missing_field' | 'not_finite' | 'out_of_range' | 'bad_symbol' | 'bad_side' | 'bad_shape'
  | 'ts_seconds' | 'ts_future' | 'ts_too_old' | 'ts_out_of_range' | 'unknown_contract' | 'venue_error' | 'wrong_unit' | 'budget'
  | 'html_body' | 'empty_body' | 'bad_json' | 'body_too_large'
  | 'http_429' | 'http_418' | 'http_451' | 'http_4xx' | 'http_5xx' | 'timeout' | 'network'
  | 'ws_closed' | 'ws_silent' | 'ws_not_ready'
  | 'bad_line';

/** Rejection is one refused record or payload: why, which field, and a short safe excerpt. */
export interface Rejection {
  reason: RejectReason;
  field?: string;
  detail?: string;
  /** The HTTP status, for transport faults. */
  status?: number;
}

/** ParseCtx is what a pure parser needs besides the payload: the receive clock, in ms. */
export interface ParseCtx {
  now: number;
  /** Oldest accepted event age in ms (a far older timestamp is a venue or unit bug). */
  maxAgeMs?: number;
}

/** ParseResult is a parser's output: valid events, and one rejection per refused record. */
export interface ParseResult {
  events: MarketEvent[];
  rejected: Rejection[];
}

/** Gap is a span with no data from a source's stream ("data incomplete: 7 s gap on Bybit"). */
export interface Gap {
  source: string;
  fromTs: number;
  toTs: number;
}

/** SourceReject is a rejection as a sink sees it, with the venue it came from. */
export interface SourceReject extends Rejection {
  source: string;
}

/** Transition is a freshness change of one feed: exactly one `stale` and one `recovered` per incident. */
export interface Transition {
  source: string;
  feed: FeedKind;
  kind: 'stale' | 'recovered';
  at: number;
  /** How long the feed had been quiet when the transition fired. */
  quietMs: number;
}

/** SourceSink receives everything a collector produces; a throwing sink is logged, never fatal. */
export interface SourceSink {
  onEvent(ev: MarketEvent): void;
  onReject(r: SourceReject): void;
  onGap(g: Gap): void;
  onTransition?(t: Transition): void;
}

/** SourceLogger is the pino-compatible subset collectors log through. */
export interface SourceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * AggregatorLiquidations is an aggregator's liquidation total across all venues (CoinGlass), kept apart
 * from MarketEvents so summaries can give a coverage range ("$1.2B observed, $2.0B per CoinGlass").
 */
export interface AggregatorLiquidations {
  source: string;
  windowMs: number;
  totalUsd: number;
  longUsd: number;
  shortUsd: number;
  ts: number;
}

/** SessionState is whether a cross-market instrument's regular session is open right now (the market's own type). */
export type SessionState = MarketSessionState;

/** SessionQuote is a cross-market quote with its session state, so a closed market never reads as live. */
export interface SessionQuote {
  source: string;
  symbol: string;
  price: number;
  prevClose: number;
  changePct: number;
  marketState: SessionState;
  /** When the price was set (the regular session's last trade), epoch ms. */
  asOf: number;
}

/** SourceStatus is one venue's health for `/status`. */
export interface SourceStatus {
  source: string;
  lastEventTs: number | null;
  stale: boolean;
  rejected: Record<string, number>;
  rejectedTotal: number;
  gaps: number;
  /** Each feed: its freshness budget, and since when it has been quiet (receive clock). */
  feeds: Array<{ feed: FeedKind; lastEventTs: number | null; stale: boolean; budgetMs: number; quietSince: number }>;
}
