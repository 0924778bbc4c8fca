import { normalizeAccount } from '../hyperliquid/accounts-parse.js';
import { contractUnit } from '../contract-units.js';
import type { HttpRequest } from '../http.js';
import { asRecord, excerpt, PRICE_MAX, pushChecked, QTY_MAX, Reader, shapeError } from '../normalize.js';
import type { RestCall } from '../poller.js';
import type { ParseCtx, ParseResult } from '../types.js';

/** COINGLASS_WHALE_MIN_USD: CoinGlass lists Hyperliquid "positions with a notional value over $1 million" (positioning-and-whales.md §1.4). */
export const COINGLASS_WHALE_MIN_USD = 1_000_000;
/** COINGLASS_WHALE_PATH needs the Startup plan or above (not Hobbyist): without it the answer is an error envelope, logged. */
export const COINGLASS_WHALE_PATH = '/api/hyperliquid/whale-position';
const SOURCE = 'coinglass';

/**
 * parseWhalePositions reads CoinGlass v4 `GET /api/hyperliquid/whale-position` (Hyperliquid positions over $1M,
 * about the 200 most recent) into `position` events with `source: coinglass`: accounts nobody configured,
 * shown by `/whales`, never alerted on. `position_size` is signed coins; `liq_price` 0 or absent means none.
 *
 * ```json
 * {"code":"0","msg":"success","data":[{"user":"0x3fd4444154242720c0d0c61c74a240d90c127d33","symbol":"ETH",
 *  "position_size":12700,"entry_price":1611.62,"mark_price":2614.48,"liq_price":7240.47,"leverage":25,
 *  "margin_balance":1327406.9,"position_value_usd":33201675.2,"unrealized_pnl":-12736871.99,
 *  "funding_fee":-1006985.97,"margin_mode":"cross","create_time":1741680802000,"update_time":1745219966000}]}
 * ```
 */
export function parseWhalePositions(payload: unknown, ctx: ParseCtx): ParseResult {
  const env = asRecord(payload);
  if (!env) return shapeError('code', `envelope is ${excerpt(payload)}`);
  if (env.code !== '0') return { events: [], rejected: [{ reason: 'venue_error', field: 'code', detail: `${excerpt(env.code)} ${excerpt(env.msg)}` }] };
  if (!Array.isArray(env.data)) return shapeError('data', excerpt(env.data));
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of env.data) {
    const o = asRecord(item) ?? {};
    const r = new Reader({ ...ctx, maxAgeMs: 7 * 86_400_000 }, 'data.');
    const account = normalizeAccount(o.user);
    if (!account) r.fail('bad_shape', 'user', excerpt(o.user));
    const unit = contractUnit(r.string(o, 'symbol'));
    const symbol = r.symbol(unit.base, 'symbol');
    const size = r.number(o, 'position_size');
    const value = r.positive(o, 'position_value_usd', QTY_MAX);
    const entry = r.positive(o, 'entry_price', PRICE_MAX);
    const mark = r.positive(o, 'mark_price', PRICE_MAX);
    const pnl = r.number(o, 'unrealized_pnl');
    const liqRaw = o.liq_price === undefined || o.liq_price === null || Number(o.liq_price) === 0 ? null : r.positive(o, 'liq_price', PRICE_MAX);
    const ts = r.ms(o, 'update_time');
    if (!r.rejection && size === 0) continue;
    if (!r.rejection && value < COINGLASS_WHALE_MIN_USD) continue;
    const m = unit.multiplier;
    const liq = liqRaw === null ? null : liqRaw / m;
    if (!r.rejection && liq !== null && (size > 0 ? liq >= mark / m : liq <= mark / m)) r.fail('out_of_range', 'liq_price', `${size > 0 ? 'long' : 'short'} liquidation price ${liq} is on the wrong side of mark ${mark / m}`);
    pushChecked(out, r, { kind: 'position', ts, source: SOURCE, account: account ?? '', symbol, size: size * m, entryPrice: entry / m, markPrice: mark / m, liquidationPrice: liq, unrealizedPnlUsd: pnl });
  }
  return out;
}

/** coinglassWhaleCalls is the one call for the whale positions, with the key as the `CG-API-KEY` header (never logged). */
export function coinglassWhaleCalls(base: string, key: string): RestCall[] {
  const req: HttpRequest = { method: 'GET', url: `${base}${COINGLASS_WHALE_PATH}`, headers: { 'CG-API-KEY': key } };
  return [{ req, parse: (payload, ctx) => parseWhalePositions(payload, ctx) }];
}
