import { QTY_MAX, type Reader } from './normalize.js';
import type { ParseCtx, ParseResult, Rejection } from './types.js';

/**
 * Shared shapes and readers of the leverage feeds (issue 12): open interest in base units, funding
 * normalised to 8 hours (DESIGN §2), and the summary-only figures (term structure, top-trader ratio)
 * that are not MarketEvents.
 */

/** FUNDING_DEFAULT_INTERVAL_H: Binance, Bybit and OKX settle every 8 h unless the symbol says otherwise (positioning-and-whales.md §2.2). */
export const FUNDING_DEFAULT_INTERVAL_H = 8;
/** FUNDING_MAX_8H: DESIGN §2 bounds `funding.rate` to (−1, 1) per 8 h; a venue rate outside it (5 = 500%) is a unit bug. */
export const FUNDING_MAX_8H = 1;
/** FUNDING_INTERVALS_H are the settlement intervals venues use (OKX: "8 hours, may be adjusted to 6, 4, 2 or 1"; Binance 4 h symbols). */
export const FUNDING_INTERVALS_H: ReadonlySet<number> = new Set([1, 2, 4, 6, 8, 12, 24]);

/** LeverageReading is what a venue said about one asset's leverage and when we read it (for `/leverage` and `/status`). */
export interface LeverageReading {
  source: string;
  symbol: string;
  /** Open interest in base units, when this read carried it. */
  oi?: number;
  /** Funding per 8 h as a fraction, when this read carried it. */
  rate8h?: number;
  /** The venue's own rate per its interval, and that interval in hours. */
  rawRate?: number;
  intervalHours?: number;
  /** Base units per contract unit (1,000 for 1000PEPEUSDT and kPEPE). */
  multiplier: number;
  /** The venue's time for the figure (its response time when it gives no other). */
  venueTs: number;
  /** When we read it (our clock). */
  readAt: number;
  /** A caveat a reader should see next to the figure. */
  note?: string;
}

/** BasisPoint is one term-structure point: a contract's premium over the index (Binance `/futures/data/basis`). */
export interface BasisPoint {
  source: string;
  symbol: string;
  contractType: 'PERPETUAL' | 'CURRENT_QUARTER' | 'NEXT_QUARTER';
  futuresPrice: number;
  indexPrice: number;
  basis: number;
  basisRate: number;
  /** Annualised basis rate; null for the perpetual (the venue sends ""). */
  annualizedBasisRate: number | null;
  ts: number;
}

/** LongShortRatio is the top traders' long/short position ratio ("top 20% users with the highest margin balance"). */
export interface LongShortRatio {
  source: string;
  symbol: string;
  kind: 'top_position';
  ratio: number;
  longShare: number;
  shortShare: number;
  ts: number;
}

/** PositioningCtx adds the followed assets to the parse context: records of other assets are skipped silently. */
export interface PositioningCtx extends ParseCtx {
  symbols?: ReadonlySet<string>;
}

/** PositioningResult is a leverage parser's output: events, rejections, and the readings behind the events. */
export interface PositioningResult extends ParseResult {
  readings: LeverageReading[];
}

/** SummaryResult is a summary-only parser's output (basis, long/short ratio): figures and rejections. */
export interface SummaryResult<T> {
  items: T[];
  rejected: Rejection[];
}

/** emptyPositioning is a PositioningResult with nothing in it. */
export function emptyPositioning(rejected: Rejection[] = []): PositioningResult {
  return { events: [], rejected, readings: [] };
}

/** follows says whether a record of `symbol` is wanted under `ctx` (every symbol when none are configured). */
export function follows(ctx: PositioningCtx, symbol: string): boolean {
  return !ctx.symbols || ctx.symbols.has(symbol);
}

/** readOpenInterest reads an open interest in contract units and returns it in base units (> 0, below QTY_MAX). */
export function readOpenInterest(r: Reader, o: Record<string, unknown>, key: string, multiplier: number): number {
  const raw = r.positive(o, key, QTY_MAX);
  const oi = raw * multiplier;
  if (!Number.isNaN(raw) && !(oi < QTY_MAX)) return r.fail('out_of_range', key, `${oi} base units`);
  return oi;
}

/**
 * readFunding8h reads a venue funding rate per `intervalHours` and returns it per 8 h: rate × 8 / interval.
 * A rate that is not a fraction of the position (|rate| ≥ 1 per interval or per 8 h, e.g. 5 = 500%) is refused.
 */
export function readFunding8h(r: Reader, o: Record<string, unknown>, key: string, intervalHours: number): number {
  const raw = r.number(o, key);
  if (Number.isNaN(raw)) return raw;
  const rate8h = (raw * 8) / intervalHours;
  if (!(Math.abs(raw) < FUNDING_MAX_8H && Math.abs(rate8h) < FUNDING_MAX_8H)) {
    return r.fail('out_of_range', key, `${raw} per ${intervalHours} h is ${rate8h} per 8 h, outside (−1, 1)`);
  }
  return rate8h;
}

/** intervalFromTimes is the settlement interval in hours between two settlement times (ms), or null when it is not a known interval. */
export function intervalFromTimes(fromMs: number, toMs: number): number | null {
  const h = (toMs - fromMs) / 3_600_000;
  return FUNDING_INTERVALS_H.has(h) ? h : null;
}
