import { asRecord, excerpt, PRICE_MAX, pushChecked, Reader, shapeError } from '../normalize.js';
import type { ParseCtx, ParseResult } from '../types.js';
import { contractUnit } from '../contract-units.js';

const SOURCE = 'hyperliquid';

/** isPerp says whether an allMids key is a perpetual ("BTC"), not a spot pair ("@107", "PURR/USDC") or a HIP-3 market ("dex:COIN"). */
function isPerp(coin: string): boolean {
  return !coin.startsWith('@') && !coin.includes('/') && !coin.includes(':');
}

/**
 * parseHyperliquidMids reads `POST /info {"type":"allMids"}`: a flat map of coin to mid price (string).
 * It carries no timestamp, so events take the receive time `ctx.now`. Spot and HIP-3 keys are skipped.
 *
 * ```json
 * {"BTC":"65000.5","ETH":"3120.1","SOL":"142.35","@107":"38.2","PURR/USDC":"0.21"}
 * ```
 */
export function parseHyperliquidMids(payload: unknown, ctx: ParseCtx): ParseResult {
  const mids = asRecord(payload);
  if (!mids) return shapeError('allMids', `not an object: ${excerpt(payload)}`);
  const out: ParseResult = { events: [], rejected: [] };
  for (const coin of Object.keys(mids)) {
    if (!isPerp(coin)) continue;
    const r = new Reader(ctx, 'allMids.');
    const unit = contractUnit(coin); // kPEPE is 1,000 PEPE: PEPE at a thousandth of the mid
    const symbol = r.symbol(unit.base, coin);
    const price = r.positive(mids, coin, PRICE_MAX) / unit.multiplier;
    pushChecked(out, r, { kind: 'price', ts: ctx.now, source: SOURCE, symbol, price });
  }
  return out;
}

/**
 * parseHyperliquidAssetCtxs reads `POST /info {"type":"metaAndAssetCtxs"}`: `[meta, assetCtxs]`, zipped by
 * index (`meta.universe[i]` ↔ `assetCtxs[i]`). Price is `midPx`, else `markPx` (midPx is null on a thin
 * book); delisted assets are skipped; events take the receive time.
 *
 * ```json
 * [{"universe":[{"szDecimals":5,"name":"BTC","maxLeverage":50}]},
 *  [{"funding":"-0.000025387","openInterest":"33193.39724","prevDayPx":"92661.0","oraclePx":"91091.0",
 *    "markPx":"91029.0","midPx":"91026.5","impactPxs":["91026.0","91030.2"],"dayBaseVlm":"28387.92009"}]]
 * ```
 */
export function parseHyperliquidAssetCtxs(payload: unknown, ctx: ParseCtx): ParseResult {
  const universe = Array.isArray(payload) ? asRecord(payload[0])?.universe : undefined;
  const ctxs = Array.isArray(payload) ? payload[1] : undefined;
  if (!Array.isArray(universe) || !Array.isArray(ctxs)) return shapeError('metaAndAssetCtxs', `not [meta, assetCtxs]: ${excerpt(payload)}`);
  const out: ParseResult = { events: [], rejected: [] };
  universe.forEach((u, i) => {
    const meta = asRecord(u) ?? {};
    if (meta.isDelisted === true) return;
    const a = asRecord(ctxs[i]) ?? {};
    const r = new Reader(ctx, `assetCtxs[${i}].`);
    const unit = contractUnit(String(meta.name ?? ''));
    const symbol = r.symbol(unit.base, 'name');
    const price = r.positive(a, a.midPx === null || a.midPx === undefined ? 'markPx' : 'midPx', PRICE_MAX) / unit.multiplier;
    pushChecked(out, r, { kind: 'price', ts: ctx.now, source: SOURCE, symbol, price });
  });
  return out;
}
