import { asRecord, excerpt, NOTIONAL_MAX, PRICE_MAX, pushChecked, QTY_MAX, Reader, shapeError, toNumber } from '../normalize.js';
import type { ParseCtx, ParseResult, Rejection } from '../types.js';

const SOURCE = 'okx';

/** OkxContract is what converts an OKX size in contracts to coins: linear `coins = sz × ctVal × ctMult`, inverse `usd = sz × ctVal × ctMult`. */
export interface OkxContract {
  ctVal: number;
  ctMult: number;
  /** true when ctVal is in the base coin (BTC-USDT-SWAP), false when in USD (BTC-USD-SWAP). */
  linear: boolean;
}

/** OkxLiqCtx adds the contract table (from `public/instruments`) to the parse context. */
export interface OkxLiqCtx extends ParseCtx {
  contracts: ReadonlyMap<string, OkxContract>;
}

/** okxBase is the base asset of an instrument id: BTC-USDT-SWAP → BTC. */
export function okxBase(instId: string): string {
  return instId.split('-')[0].toUpperCase();
}

function envelope(payload: unknown): { data: unknown[] } | ParseResult {
  const env = asRecord(payload);
  if (!env) return shapeError('code', `envelope is ${excerpt(payload)}`);
  if (env.code !== '0') return { events: [], rejected: [{ reason: 'venue_error', field: 'code', detail: `${excerpt(env.code)} ${excerpt(env.msg)}` }] };
  return Array.isArray(env.data) ? { data: env.data } : shapeError('data', excerpt(env.data));
}

/**
 * parseOkxTicker reads v5 `GET /api/v5/market/ticker?instId=` (or `tickers?instType=`) into price events:
 * `last` at `ts`, both strings; `code` is a string and "0" means OK.
 *
 * ```json
 * {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","last":"56956.1","lastSz":"3",
 *  "askPx":"56959.1","bidPx":"56959","open24h":"55926","high24h":"57641.1","low24h":"54570.1",
 *  "volCcy24h":"81137.755","vol24h":"46258703","ts":"1620289117764","sodUtc0":"55926","sodUtc8":"55926"}]}
 * ```
 */
export function parseOkxTicker(payload: unknown, ctx: ParseCtx): ParseResult {
  const env = envelope(payload);
  if ('events' in env) return env;
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of env.data) {
    const o = asRecord(item) ?? {};
    const r = new Reader(ctx, 'data.');
    const symbol = r.symbol(okxBase(r.string(o, 'instId')), 'instId');
    const price = r.positive(o, 'last', PRICE_MAX);
    const ts = r.ms(o, 'ts');
    pushChecked(out, r, { kind: 'price', ts, source: SOURCE, symbol, price });
  }
  return out;
}

/**
 * parseOkxInstruments reads `GET /api/v5/public/instruments?instType=SWAP` into the contract table.
 *
 * ```json
 * {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctVal":"0.01","ctMult":"1",
 *  "ctValCcy":"BTC","ctType":"linear","settleCcy":"USDT","lotSz":"0.01","tickSz":"0.1"}]}
 * ```
 */
export function parseOkxInstruments(payload: unknown): { contracts: Map<string, OkxContract>; rejected: Rejection[] } {
  const contracts = new Map<string, OkxContract>();
  const env = envelope(payload);
  if ('events' in env) return { contracts, rejected: env.rejected };
  const rejected: Rejection[] = [];
  for (const item of env.data) {
    const o = asRecord(item) ?? {};
    const ctVal = toNumber(o.ctVal);
    const ctMult = o.ctMult === undefined || o.ctMult === '' ? 1 : toNumber(o.ctMult);
    if (typeof o.instId !== 'string' || !ctVal || ctVal <= 0 || !ctMult || ctMult <= 0) {
      rejected.push({ reason: 'bad_shape', field: 'data.ctVal', detail: `${excerpt(o.instId)} ctVal ${excerpt(o.ctVal)}` });
      continue;
    }
    contracts.set(o.instId, { ctVal, ctMult, linear: o.ctType !== 'inverse' && o.ctValCcy !== 'USD' });
  }
  return { contracts, rejected };
}

/**
 * parseOkxLiquidations reads one `liquidation-orders` push. `sz` is in CONTRACTS, converted with the
 * instrument's ctVal (BTC-USDT-SWAP: 0.01 BTC each); an instrument without a known contract is rejected,
 * never guessed. `posSide` is the position when long/short; in net mode (`net`) the order `side` tells it:
 * `sell` closes a long. `bkPx` is the bankruptcy price. The channel is not the full total: a floor.
 *
 * ```json
 * {"arg":{"channel":"liquidation-orders","instType":"SWAP"},
 *  "data":[{"details":[{"bkLoss":"0","bkPx":"0.007831","ccy":"","posSide":"short","side":"buy","sz":"13","ts":"1692266434010"}],
 *           "instFamily":"IOST-USDT","instId":"IOST-USDT-SWAP","instType":"SWAP","uly":"IOST-USDT"}]}
 * ```
 */
export function parseOkxLiquidations(payload: unknown, ctx: OkxLiqCtx): ParseResult {
  const msg = asRecord(payload);
  if (!msg || !Array.isArray(msg.data)) return shapeError('data', `not an array: ${excerpt(msg?.data)}`);
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of msg.data) {
    const o = asRecord(item);
    if (!o || typeof o.instId !== 'string' || !Array.isArray(o.details)) {
      out.rejected.push({ reason: 'bad_shape', field: 'data', detail: excerpt(item) });
      continue;
    }
    for (const d of o.details) readDetail(o.instId, asRecord(d) ?? {}, ctx, out);
  }
  return out;
}

function readDetail(instId: string, d: Record<string, unknown>, ctx: OkxLiqCtx, out: ParseResult): void {
  const r = new Reader(ctx, 'details.');
  const symbol = r.symbol(okxBase(instId), 'instId');
  const side = d.posSide === 'long' || d.posSide === 'short' ? d.posSide : d.side === 'sell' ? 'long' : d.side === 'buy' ? 'short' : undefined;
  if (!side) r.fail('bad_side', 'side', `${excerpt(d.posSide)}/${excerpt(d.side)}`);
  const sz = r.positive(d, 'sz', QTY_MAX);
  const price = r.positive(d, 'bkPx', PRICE_MAX);
  const ts = r.ms(d, 'ts');
  const c = ctx.contracts.get(instId);
  if (!c) r.fail('unknown_contract', 'instId', instId);
  const size = c ? sz * c.ctVal * c.ctMult : NaN;
  const qty = c?.linear ? size : size / price;
  const notionalUsd = c?.linear ? size * price : size;
  if (!r.rejection && !(qty < QTY_MAX && notionalUsd < NOTIONAL_MAX)) r.fail('out_of_range', 'sz×ctVal', `${notionalUsd}`);
  pushChecked(out, r, { kind: 'liquidation', ts, source: SOURCE, symbol, side: side ?? 'long', price, qty, notionalUsd });
}
