import { asRecord, excerpt, PRICE_MAX, pushChecked, Reader, shapeError } from '../normalize.js';
import type { ParseCtx, ParseResult } from '../types.js';

/**
 * parseCoinbaseTicker reads Coinbase Exchange `GET /products/{product}/ticker` for one product: the last
 * trade `price` (string) at `time` (ISO-8601 with nanoseconds, truncated to ms). An error comes back as
 * `{"message":"NotFound"}`.
 *
 * ```json
 * {"ask":"63212.98","bid":"63212.97","volume":"4916.94797396","trade_id":1040406588,"price":"63212.97",
 *  "size":"0.00782662","time":"2026-06-19T16:43:33.016274911Z","rfq_volume":"31.625279"}
 * ```
 */
export function parseCoinbaseTicker(payload: unknown, ctx: ParseCtx & { product: string }): ParseResult {
  const o = asRecord(payload);
  if (!o) return shapeError('ticker', `not an object: ${excerpt(payload)}`);
  if (typeof o.message === 'string' && o.price === undefined) return { events: [], rejected: [{ reason: 'venue_error', field: 'message', detail: excerpt(o.message) }] };
  const out: ParseResult = { events: [], rejected: [] };
  const r = new Reader(ctx);
  const symbol = r.symbol(ctx.product.split('-')[0].toUpperCase(), 'product');
  const price = r.positive(o, 'price', PRICE_MAX);
  const ts = r.iso(o, 'time');
  pushChecked(out, r, { kind: 'price', ts, source: 'coinbase', symbol, price });
  return out;
}
