import { asRecord, excerpt, NOTIONAL_MAX, PRICE_MAX, pushChecked, QTY_MAX, Reader, shapeError, stripQuote, toNumber } from '../normalize.js';
import type { ParseCtx, ParseResult } from '../types.js';
import { contractUnit } from '../contract-units.js';

const SOURCE = 'binance';

/** venueError reads Binance's error envelope `{"code":-1121,"msg":"Invalid symbol."}`, or null. */
function venueError(payload: unknown): ParseResult | null {
  const o = asRecord(payload);
  if (!o || typeof o.code !== 'number' || typeof o.msg !== 'string') return null;
  return { events: [], rejected: [{ reason: 'venue_error', field: 'code', detail: `${o.code} ${excerpt(o.msg)}` }] };
}

/**
 * parseBinanceTicker reads USD-M `GET /fapi/v1/ticker/24hr` (one object with `symbol=`, an array without)
 * into price events: `lastPrice` (a decimal string) at `closeTime` (ms).
 *
 * ```json
 * {"symbol":"BTCUSDT","priceChange":"-94.99999800","priceChangePercent":"-95.960","lastPrice":"4.00000200",
 *  "openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000","volume":"8913.30000000",
 *  "openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}
 * ```
 */
export function parseBinanceTicker(payload: unknown, ctx: ParseCtx): ParseResult {
  const err = venueError(payload);
  if (err) return err;
  const items = Array.isArray(payload) ? payload : [payload];
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of items) {
    const o = asRecord(item);
    if (!o) {
      out.rejected.push({ reason: 'bad_shape', detail: `ticker is ${excerpt(item)}` });
      continue;
    }
    const r = new Reader(ctx);
    // 1000PEPEUSDT quotes 1,000 PEPE: the event is PEPE at the price of one (contract-units.ts).
    const unit = contractUnit(stripQuote(r.string(o, 'symbol')));
    const symbol = r.symbol(unit.base, 'symbol');
    const price = r.positive(o, 'lastPrice', PRICE_MAX) / unit.multiplier;
    const ts = r.ms(o, 'closeTime');
    pushChecked(out, r, { kind: 'price', ts, source: SOURCE, symbol, price });
  }
  return out;
}

/**
 * parseBinanceForceOrder reads one `!forceOrder@arr` message, raw or in the combined-stream wrapper
 * `{"stream":"!forceOrder@arr","data":{…}}`. `o.S` is the ORDER side: a SELL closes a long, so SELL ⇒
 * a long was liquidated (market-data-apis.md §2.3). Size is the filled `z` (else `q`) in base units, price
 * the average fill `ap` (else the order price `p`), notional their product in USD(T). The feed is sampled:
 * at most one liquidation per symbol per second, so totals are a floor.
 *
 * ```json
 * {"e":"forceOrder","E":1665523974222,
 *  "o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.009","p":"18917.15","ap":"18990.00",
 *       "X":"FILLED","l":"0.009","z":"0.009","T":1665523974217}}
 * ```
 */
export function parseBinanceForceOrder(payload: unknown, ctx: ParseCtx): ParseResult {
  const wrapped = asRecord(payload);
  const msg = wrapped && typeof wrapped.stream === 'string' ? wrapped.data : payload;
  const items = Array.isArray(msg) ? msg : [msg];
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of items) {
    const ev = asRecord(item);
    const o = asRecord(ev?.o);
    if (!ev || ev.e !== 'forceOrder' || !o) {
      out.rejected.push(...shapeError('e', `not a forceOrder event: ${excerpt(item)}`).rejected);
      continue;
    }
    readForceOrder(o, ctx, out);
  }
  return out;
}

function zeroOrAbsent(v: unknown): boolean {
  return v === undefined || toNumber(v) === 0;
}

function readForceOrder(o: Record<string, unknown>, ctx: ParseCtx, out: ParseResult): void {
  const r = new Reader(ctx, 'o.');
  const unit = contractUnit(stripQuote(r.string(o, 's')));
  const symbol = r.symbol(unit.base, 's');
  const side = o.S === 'SELL' ? 'long' : o.S === 'BUY' ? 'short' : undefined;
  if (!side) r.fail('bad_side', 'S', excerpt(o.S));
  // Fall back to the order's q/p only when the fill fields are absent or exactly 0; garbage in them is rejected.
  // Sizes of 1000PEPEUSDT are in contracts of 1,000 PEPE: base units are qty × 1,000 at price ÷ 1,000 (same notional).
  const qty = r.positive(o, zeroOrAbsent(o.z) ? 'q' : 'z', QTY_MAX) * unit.multiplier;
  const price = r.positive(o, zeroOrAbsent(o.ap) ? 'p' : 'ap', PRICE_MAX) / unit.multiplier;
  const ts = r.ms(o, 'T');
  const notionalUsd = qty * price;
  if (!r.rejection && !(notionalUsd < NOTIONAL_MAX)) r.fail('out_of_range', 'z×ap', `${notionalUsd}`);
  pushChecked(out, r, { kind: 'liquidation', ts, source: SOURCE, symbol, side: side ?? 'long', price, qty, notionalUsd });
}
