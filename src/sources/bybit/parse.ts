import { asRecord, excerpt, NOTIONAL_MAX, PRICE_MAX, pushChecked, QTY_MAX, Reader, shapeError, stripQuote } from '../normalize.js';
import type { ParseCtx, ParseResult } from '../types.js';
import { contractUnit } from '../contract-units.js';

const SOURCE = 'bybit';

/**
 * parseBybitTickers reads v5 `GET /v5/market/tickers?category=linear[&symbol=]` into price events:
 * `lastPrice` (string) at the envelope's `time` (ms). A non-zero `retCode` is a venue error.
 *
 * ```json
 * {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","lastPrice":"16597.00",
 *  "indexPrice":"16598.54","markPrice":"16596.00","prevPrice24h":"16464.50","price24hPcnt":"0.008047",
 *  "fundingRate":"-0.001034","nextFundingTime":"1672387200000","bid1Price":"16596.00","ask1Price":"16597.50"}]},
 *  "retExtInfo":{},"time":1672376496682}
 * ```
 */
export function parseBybitTickers(payload: unknown, ctx: ParseCtx): ParseResult {
  const env = asRecord(payload);
  if (!env) return shapeError('retCode', `envelope is ${excerpt(payload)}`);
  if (env.retCode !== 0) return { events: [], rejected: [{ reason: 'venue_error', field: 'retCode', detail: `${excerpt(env.retCode)} ${excerpt(env.retMsg)}` }] };
  const list = asRecord(env.result)?.list;
  if (!Array.isArray(list)) return shapeError('result.list', excerpt(asRecord(env.result)?.list));
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of list) {
    const o = asRecord(item) ?? {};
    const r = new Reader(ctx);
    const unit = contractUnit(stripQuote(r.string(o, 'symbol'))); // 1000PEPEUSDT → PEPE, price ÷ 1,000
    const symbol = r.symbol(unit.base, 'symbol');
    const price = r.positive(o, 'lastPrice', PRICE_MAX) / unit.multiplier;
    const ts = r.ms(env, 'time');
    pushChecked(out, r, { kind: 'price', ts, source: SOURCE, symbol, price });
  }
  return out;
}

/**
 * parseBybitLiquidation reads one v5 `allLiquidation.{symbol}` push (linear). `S` is the POSITION side:
 * "Buy" means a long was liquidated (the opposite of Binance's order side; market-data-apis.md §4.3).
 * `v` is the size in base coin, `p` the bankruptcy price, so notional = v × p. Not sampled: every
 * liquidation, batched every 500 ms.
 *
 * ```json
 * {"topic":"allLiquidation.ROSEUSDT","type":"snapshot","ts":1739502303204,
 *  "data":[{"T":1739502302929,"s":"ROSEUSDT","S":"Sell","v":"20000","p":"0.04499"}]}
 * ```
 */
export function parseBybitLiquidation(payload: unknown, ctx: ParseCtx): ParseResult {
  const msg = asRecord(payload);
  if (!msg || !Array.isArray(msg.data)) return shapeError('data', `not an array: ${excerpt(msg?.data)}`);
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of msg.data) {
    const o = asRecord(item) ?? {};
    const r = new Reader(ctx, 'data.');
    const unit = contractUnit(stripQuote(r.string(o, 's'))); // 1000PEPEUSDT: v in lots of 1,000 PEPE, p per lot
    const symbol = r.symbol(unit.base, 's');
    const side = o.S === 'Buy' ? 'long' : o.S === 'Sell' ? 'short' : undefined;
    if (!side) r.fail('bad_side', 'S', excerpt(o.S));
    const qty = r.positive(o, 'v', QTY_MAX) * unit.multiplier;
    const price = r.positive(o, 'p', PRICE_MAX) / unit.multiplier;
    const ts = r.ms(o, 'T');
    const notionalUsd = qty * price;
    if (!r.rejection && !(notionalUsd < NOTIONAL_MAX)) r.fail('out_of_range', 'v×p', `${notionalUsd}`);
    pushChecked(out, r, { kind: 'liquidation', ts, source: SOURCE, symbol, side: side ?? 'long', price, qty, notionalUsd });
  }
  return out;
}
