import { resolveContract } from '../contract-units.js';
import type { BasisPoint } from '../leverage.js';
import { leverageCall, summaryCall, type LeverageStore } from '../leverage-store.js';
import type { RestCall } from '../poller.js';
import type { ParseCtx, ParseResult } from '../types.js';
import { binanceUsdtUnit, parseBinanceBasis, parseBinanceFundingInfo, parseBinanceOpenInterest, parseBinancePremiumIndex, parseBinanceTopLongShort } from './positioning-parse.js';

/** BINANCE_FUNDING_INFO_REFRESH_MS: fundingInfo (weight 0, shares 500 requests / 5 min / IP with fundingRate) changes rarely: hourly. */
export const BINANCE_FUNDING_INFO_REFRESH_MS = 3_600_000;
/** BINANCE_SUMMARY_PERIOD: the basis and long/short endpoints are polled for their latest 5-minute bar. */
export const BINANCE_SUMMARY_PERIOD = '5m';
/**
 * BINANCE_FUTURES_DATA_LIMIT_PER_5MIN: `/futures/data/*` (openInterestHist, basis, long/short ratios) share an
 * "IP rate limit 1000 requests/5min" (positioning-and-whales.md §2.1). We poll the current-value endpoints
 * instead of openInterestHist, and the summary calls (4 per asset) once per 5-minute bar: 12 of 1,000 for 3 assets.
 */
export const BINANCE_FUTURES_DATA_LIMIT_PER_5MIN = 1_000;
const CONTRACT_TYPES: readonly BasisPoint['contractType'][] = ['PERPETUAL', 'CURRENT_QUARTER', 'NEXT_QUARTER'];

/**
 * BinanceLeverage builds Binance USD-M's leverage calls: `premiumIndex` for every symbol (weight 10; it
 * also lists the contracts, so PEPE resolves to 1000PEPEUSDT), `openInterest` per followed asset (weight 1
 * each), and `fundingInfo` hourly for the adjusted funding intervals (default 8 h). The time-series
 * `openInterestHist` is not polled: the current values are cheaper and fresher.
 */
export class BinanceLeverage {
  private listed = new Set<string>();
  private intervals: ReadonlyMap<string, number> = new Map();
  private intervalsAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly base: string, private readonly symbols: readonly string[], private readonly store: LeverageStore, private readonly now: () => number) {}

  /** pairFor is the USDT perpetual of a base asset: the listed one (1000PEPEUSDT for PEPE) once known, else {ASSET}USDT. */
  pairFor(symbol: string): string {
    const name = resolveContract(symbol, this.listed);
    return `${name ?? symbol}USDT`;
  }

  /**
   * fundingInfoCalls is the hourly fundingInfo read, when due. A poll runs fundingInfo, then premiumCalls, then
   * openInterestCalls, each after the one before: premiumIndex needs the intervals, openInterest the pairs.
   */
  fundingInfoCalls(): RestCall[] {
    return this.now() - this.intervalsAt >= BINANCE_FUNDING_INFO_REFRESH_MS ? [this.fundingInfoCall()] : [];
  }

  /** premiumCalls is `premiumIndex` for every symbol: funding, and the contract list that resolves PEPE to 1000PEPEUSDT. */
  premiumCalls(): RestCall[] {
    const premium = leverageCall({ method: 'GET', url: `${this.base}/fapi/v1/premiumIndex` }, (p, ctx) => parseBinancePremiumIndex(p, { ...ctx, intervals: this.intervals }), this.store, new Set(this.symbols));
    return [{ req: premium.req, parse: (payload, ctx) => (this.learn(payload), premium.parse(payload, ctx)) }];
  }

  /** openInterestCalls are `openInterest` per followed asset, at the pairs `premiumCalls` listed. */
  openInterestCalls(): RestCall[] {
    const follow = new Set(this.symbols);
    return this.symbols.map((s) => leverageCall({ method: 'GET', url: `${this.base}/fapi/v1/openInterest?symbol=${this.pairFor(s)}` }, parseBinanceOpenInterest, this.store, follow));
  }

  /** summaryCalls are the term structure (perpetual and both quarters) and the top-trader ratio per asset, every 5 minutes. */
  summaryCalls(): RestCall[] {
    return this.symbols.flatMap((s) => {
      const pair = this.pairFor(s);
      const basis = CONTRACT_TYPES.map((ct) => summaryCall({ method: 'GET', url: `${this.base}/futures/data/basis?pair=${pair}&contractType=${ct}&period=${BINANCE_SUMMARY_PERIOD}&limit=1` }, parseBinanceBasis, (items) => this.store.recordBasis(items)));
      const ratio = summaryCall({ method: 'GET', url: `${this.base}/futures/data/topLongShortPositionRatio?symbol=${pair}&period=${BINANCE_SUMMARY_PERIOD}&limit=1` }, parseBinanceTopLongShort, (items) => this.store.recordRatios(items));
      return [...basis, ratio];
    });
  }

  private fundingInfoCall(): RestCall {
    return {
      req: { method: 'GET', url: `${this.base}/fapi/v1/fundingInfo` },
      parse: (payload: unknown, _ctx: ParseCtx): ParseResult => {
        const { intervals, rejected } = parseBinanceFundingInfo(payload);
        if (rejected.length === 0 || intervals.size > 0) (this.intervals = intervals), (this.intervalsAt = this.now());
        return { events: [], rejected };
      },
    };
  }

  private learn(payload: unknown): void {
    if (!Array.isArray(payload)) return;
    const pairs = payload.map((o) => (o as { symbol?: unknown } | null)?.symbol).filter((p): p is string => typeof p === 'string' && binanceUsdtUnit(p) !== null);
    if (pairs.length > 0) this.listed = new Set(pairs.map((p) => p.slice(0, -4)));
  }
}
