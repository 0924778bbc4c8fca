import { contractUnit, type ContractUnit } from '../contract-units.js';
import {
  emptyPositioning, follows, FUNDING_DEFAULT_INTERVAL_H, FUNDING_INTERVALS_H, readFunding8h, readOpenInterest,
  type PositioningCtx, type PositioningResult,
} from '../leverage.js';
import { asRecord, excerpt, PRICE_MAX, pushChecked, Reader, toNumber } from '../normalize.js';

const SOURCE = 'bybit';

/** BYBIT_OI_NOTE: "During periods of extreme market volatility, this interface may experience increased latency" (v5 open-interest docs). */
export const BYBIT_OI_NOTE = 'Bybit says its open interest may lag in extreme volatility';
/** OI_VALUE_TOLERANCE: openInterest × markPrice must match openInterestValue within 5%, else the size is not in coins. */
export const OI_VALUE_TOLERANCE = 0.05;

/** bybitUsdtUnit reads a linear USDT perpetual (BTCUSDT, 1000PEPEUSDT) as base and multiplier; null for USDC perps (BTCPERP) and dated futures. */
export function bybitUsdtUnit(pair: string): ContractUnit | null {
  return /^[0-9A-Z]+USDT$/.test(pair) && pair.length > 4 ? contractUnit(pair.slice(0, -4)) : null;
}

/**
 * parseBybitLeverage reads v5 `GET /v5/market/tickers?category=linear` into open interest and funding.
 * For linear contracts `openInterest` is in the base coin ("BTCUSDT(linear) is BTC"; 1000PEPE for
 * 1000PEPEUSDT, so × 1,000), checked against `openInterestValue` (USD) / `markPrice`: a size that does not
 * match is not in coins and is refused. `fundingRate` is per `fundingIntervalHour` (8 when absent),
 * normalised to 8 h. Both take the envelope's `time`; Bybit warns the figure may lag in extreme
 * volatility, so each reading keeps when we read it.
 *
 * ```json
 * {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","lastPrice":"107089.20",
 *  "indexPrice":"107135.27","markPrice":"107084.00","prevPrice1h":"106668.50","openInterest":"50923.331",
 *  "openInterestValue":"5453073976.80","fundingRate":"0.00001938","nextFundingTime":"1762243200000",
 *  "basis":"","fundingIntervalHour":"8","basisRateYear":"","fundingCap":"0.005"}]},"retExtInfo":{},"time":1762220791908}
 * ```
 */
export function parseBybitLeverage(payload: unknown, ctx: PositioningCtx): PositioningResult {
  const env = asRecord(payload);
  if (!env) return emptyPositioning([{ reason: 'bad_shape', field: 'retCode', detail: `envelope is ${excerpt(payload)}` }]);
  if (env.retCode !== 0) return emptyPositioning([{ reason: 'venue_error', field: 'retCode', detail: `${excerpt(env.retCode)} ${excerpt(env.retMsg)}` }]);
  const result = asRecord(env.result);
  if (!Array.isArray(result?.list)) return emptyPositioning([{ reason: 'bad_shape', field: 'result.list', detail: excerpt(result?.list) }]);
  if (result.category !== 'linear') return emptyPositioning([{ reason: 'wrong_unit', field: 'result.category', detail: `${excerpt(result.category)}: open interest is in coins only for linear` }]);
  const out = emptyPositioning();
  for (const item of result.list) {
    const o = asRecord(item) ?? {};
    const unit = bybitUsdtUnit(typeof o.symbol === 'string' ? o.symbol : '');
    if (!unit || !follows(ctx, unit.base)) continue;
    readOi(env, o, unit, ctx, out);
    readFunding(env, o, unit, ctx, out);
  }
  return out;
}

function readOi(env: Record<string, unknown>, o: Record<string, unknown>, unit: ContractUnit, ctx: PositioningCtx, out: PositioningResult): void {
  const r = new Reader(ctx, 'list.');
  const symbol = r.symbol(unit.base, 'symbol');
  const oi = readOpenInterest(r, o, 'openInterest', unit.multiplier);
  const ts = r.ms(env, 'time');
  const mark = toNumber(o.markPrice);
  const value = toNumber(o.openInterestValue);
  if (!r.rejection && mark !== null && mark > 0 && mark < PRICE_MAX && value !== null && value > 0) {
    const implied = (oi / unit.multiplier) * mark;
    if (Math.abs(implied / value - 1) > OI_VALUE_TOLERANCE) r.fail('wrong_unit', 'openInterest', `${excerpt(o.openInterest)} × mark ${mark} = ${implied.toPrecision(4)} USD, but openInterestValue is ${value}`);
  }
  pushChecked(out, r, { kind: 'open_interest', ts, source: SOURCE, symbol, oi });
  if (!r.rejection) out.readings.push({ source: SOURCE, symbol, oi, multiplier: unit.multiplier, venueTs: ts, readAt: ctx.now, note: BYBIT_OI_NOTE });
}

function readFunding(env: Record<string, unknown>, o: Record<string, unknown>, unit: ContractUnit, ctx: PositioningCtx, out: PositioningResult): void {
  const r = new Reader(ctx, 'list.');
  const symbol = r.symbol(unit.base, 'symbol');
  const given = o.fundingIntervalHour === undefined || o.fundingIntervalHour === '' ? FUNDING_DEFAULT_INTERVAL_H : toNumber(o.fundingIntervalHour);
  const intervalHours = given !== null && FUNDING_INTERVALS_H.has(given) ? given : r.fail('bad_shape', 'fundingIntervalHour', excerpt(o.fundingIntervalHour));
  const rate = readFunding8h(r, o, 'fundingRate', intervalHours);
  const ts = r.ms(env, 'time');
  pushChecked(out, r, { kind: 'funding', ts, source: SOURCE, symbol, rate });
  if (!r.rejection) out.readings.push({ source: SOURCE, symbol, rate8h: rate, rawRate: (rate * intervalHours) / 8, intervalHours, multiplier: unit.multiplier, venueTs: ts, readAt: ctx.now });
}
