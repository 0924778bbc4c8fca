import { contractUnit, type ContractUnit } from '../contract-units.js';
import {
  emptyPositioning, follows, FUNDING_DEFAULT_INTERVAL_H, readFunding8h, readOpenInterest,
  type BasisPoint, type LongShortRatio, type PositioningCtx, type PositioningResult, type SummaryResult,
} from '../leverage.js';
import { asRecord, excerpt, PRICE_MAX, pushChecked, Reader, toNumber } from '../normalize.js';
import type { Rejection } from '../types.js';

const SOURCE = 'binance';

/** binanceUsdtUnit reads a USD-M USDT perpetual (BTCUSDT, 1000PEPEUSDT) as its base asset and multiplier; null for other quotes and dated contracts. */
export function binanceUsdtUnit(pair: string): ContractUnit | null {
  if (!pair.endsWith('USDT') || pair.includes('_') || pair.length <= 4) return null;
  return contractUnit(pair.slice(0, -4));
}

function venueError(payload: unknown): Rejection[] | null {
  const o = asRecord(payload);
  if (!o || typeof o.code !== 'number' || typeof o.msg !== 'string') return null;
  return [{ reason: 'venue_error', field: 'code', detail: `${o.code} ${excerpt(o.msg)}` }];
}

function records(payload: unknown, what: string): { items: Record<string, unknown>[]; rejected: Rejection[] } {
  const err = venueError(payload);
  if (err) return { items: [], rejected: err };
  const list = Array.isArray(payload) ? payload : [payload];
  const items = list.map(asRecord).filter((o): o is Record<string, unknown> => o !== null);
  const rejected: Rejection[] = items.length === list.length ? [] : [{ reason: 'bad_shape', field: what, detail: `non-object item in ${excerpt(payload)}` }];
  return { items, rejected };
}

/**
 * parseBinanceOpenInterest reads `GET /fapi/v1/openInterest?symbol=`: `openInterest` is in the contract's
 * base asset (BTC for BTCUSDT; 1000PEPE for 1000PEPEUSDT, so × 1,000 to PEPE), at `time` (ms).
 *
 * ```json
 * {"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}
 * ```
 */
export function parseBinanceOpenInterest(payload: unknown, ctx: PositioningCtx): PositioningResult {
  const { items, rejected } = records(payload, 'openInterest');
  const out = emptyPositioning(rejected);
  for (const o of items) {
    const r = new Reader(ctx);
    const unit = binanceUsdtUnit(r.string(o, 'symbol'));
    if (!unit) r.fail('bad_symbol', 'symbol', excerpt(o.symbol));
    const symbol = r.symbol(unit?.base ?? '', 'symbol');
    const oi = readOpenInterest(r, o, 'openInterest', unit?.multiplier ?? 1);
    const ts = r.ms(o, 'time');
    pushChecked(out, r, { kind: 'open_interest', ts, source: SOURCE, symbol, oi });
    if (!r.rejection) out.readings.push({ source: SOURCE, symbol, oi, multiplier: unit!.multiplier, venueTs: ts, readAt: ctx.now });
  }
  return out;
}

/**
 * parseBinanceFundingInfo reads `GET /fapi/v1/fundingInfo`: the symbols whose funding interval or cap was
 * adjusted ("only returns symbols specially adjusted"; the rest settle every 8 h), as pair → hours.
 *
 * ```json
 * [{"symbol":"BLZUSDT","adjustedFundingRateCap":"0.02500000","adjustedFundingRateFloor":"-0.02500000",
 *   "fundingIntervalHours":8,"disclaimer":false}]
 * ```
 */
export function parseBinanceFundingInfo(payload: unknown): { intervals: Map<string, number>; rejected: Rejection[] } {
  const intervals = new Map<string, number>();
  if (!Array.isArray(payload)) return { intervals, rejected: venueError(payload) ?? [{ reason: 'bad_shape', field: 'fundingInfo', detail: excerpt(payload) }] };
  const rejected: Rejection[] = [];
  for (const item of payload) {
    const o = asRecord(item) ?? {};
    const h = toNumber(o.fundingIntervalHours);
    if (typeof o.symbol !== 'string' || h === null || !(h > 0 && h <= 24)) rejected.push({ reason: 'bad_shape', field: 'fundingIntervalHours', detail: `${excerpt(o.symbol)} ${excerpt(o.fundingIntervalHours)}` });
    else intervals.set(o.symbol, h);
  }
  return { intervals, rejected };
}

/** BinanceFundingCtx adds the adjusted funding intervals (pair → hours, from fundingInfo) to the context. */
export interface BinanceFundingCtx extends PositioningCtx {
  intervals: ReadonlyMap<string, number>;
}

/**
 * parseBinancePremiumIndex reads `GET /fapi/v1/premiumIndex` (one object with `symbol=`, every symbol
 * without): `lastFundingRate` is per the symbol's funding interval (8 h unless fundingInfo says otherwise),
 * normalised here to 8 h. Dated contracts (`BTCUSDT_250328`, no funding) and other quotes are skipped.
 *
 * ```json
 * {"symbol":"BTCUSDT","markPrice":"11793.63104562","indexPrice":"11781.80495970","estimatedSettlePrice":"11781.16138815",
 *  "lastFundingRate":"0.00038246","interestRate":"0.00010000","nextFundingTime":1597392000000,"time":1597370495002}
 * ```
 */
export function parseBinancePremiumIndex(payload: unknown, ctx: BinanceFundingCtx): PositioningResult {
  const { items, rejected } = records(payload, 'premiumIndex');
  const out = emptyPositioning(rejected);
  for (const o of items) {
    const pair = typeof o.symbol === 'string' ? o.symbol : '';
    const unit = binanceUsdtUnit(pair);
    if (!unit || !follows(ctx, unit.base)) continue;
    const r = new Reader(ctx);
    const symbol = r.symbol(unit.base, 'symbol');
    const intervalHours = ctx.intervals.get(pair) ?? FUNDING_DEFAULT_INTERVAL_H;
    const rate = readFunding8h(r, o, 'lastFundingRate', intervalHours);
    const ts = r.ms(o, 'time');
    pushChecked(out, r, { kind: 'funding', ts, source: SOURCE, symbol, rate });
    if (!r.rejection) out.readings.push({ source: SOURCE, symbol, rate8h: rate, rawRate: (rate * intervalHours) / 8, intervalHours, multiplier: unit.multiplier, venueTs: ts, readAt: ctx.now });
  }
  return out;
}

const CONTRACT_TYPES = new Set(['PERPETUAL', 'CURRENT_QUARTER', 'NEXT_QUARTER']);

/**
 * parseBinanceBasis reads `GET /futures/data/basis?pair=&contractType=&period=5m&limit=`: the contract's
 * premium over the index (`annualizedBasisRate` is "" for the perpetual). Summary data, not a MarketEvent.
 *
 * ```json
 * [{"indexPrice":"34400.15945055","contractType":"PERPETUAL","basisRate":"0.0004","futuresPrice":"34414.10",
 *   "annualizedBasisRate":"","basis":"13.94054945","pair":"BTCUSDT","timestamp":1698742800000}]
 * ```
 */
export function parseBinanceBasis(payload: unknown, ctx: PositioningCtx): SummaryResult<BasisPoint> {
  const { items, rejected } = records(payload, 'basis');
  const out: SummaryResult<BasisPoint> = { items: [], rejected };
  for (const o of items) {
    const r = new Reader(ctx);
    const unit = binanceUsdtUnit(r.string(o, 'pair'));
    const symbol = r.symbol(unit?.base ?? '', 'pair');
    const contractType = CONTRACT_TYPES.has(o.contractType as string) ? (o.contractType as BasisPoint['contractType']) : (r.fail('bad_shape', 'contractType', excerpt(o.contractType)), 'PERPETUAL');
    const m = unit?.multiplier ?? 1;
    const point: BasisPoint = {
      source: SOURCE, symbol, contractType,
      futuresPrice: r.positive(o, 'futuresPrice', PRICE_MAX) / m, indexPrice: r.positive(o, 'indexPrice', PRICE_MAX) / m,
      basis: r.number(o, 'basis') / m, basisRate: r.number(o, 'basisRate'),
      annualizedBasisRate: o.annualizedBasisRate === '' ? null : r.number(o, 'annualizedBasisRate'), ts: r.ms(o, 'timestamp'),
    };
    if (r.rejection) out.rejected.push(r.rejection);
    else out.items.push(point);
  }
  return out;
}

/**
 * parseBinanceTopLongShort reads `GET /futures/data/topLongShortPositionRatio?symbol=&period=5m&limit=`: the
 * top 20% of accounts by margin, their long/short position ratio and shares (`timestamp` may be a string).
 *
 * ```json
 * [{"symbol":"BTCUSDT","longShortRatio":"1.4342","longAccount":"0.5891","shortAccount":"0.4108","timestamp":"1583139600000"}]
 * ```
 */
export function parseBinanceTopLongShort(payload: unknown, ctx: PositioningCtx): SummaryResult<LongShortRatio> {
  const { items, rejected } = records(payload, 'longShortRatio');
  const out: SummaryResult<LongShortRatio> = { items: [], rejected };
  for (const o of items) {
    const r = new Reader(ctx);
    const unit = binanceUsdtUnit(r.string(o, 'symbol'));
    const symbol = r.symbol(unit?.base ?? '', 'symbol');
    const ratio = r.positive(o, 'longShortRatio', 1e6);
    const longShare = r.positive(o, 'longAccount', 1.000001);
    const shortShare = r.positive(o, 'shortAccount', 1.000001);
    const ts = r.ms(o, 'timestamp');
    if (r.rejection) out.rejected.push(r.rejection);
    else out.items.push({ source: SOURCE, symbol, kind: 'top_position', ratio, longShare, shortShare, ts });
  }
  return out;
}
