import { contractUnit } from '../contract-units.js';
import { emptyPositioning, follows, readFunding8h, readOpenInterest, type PositioningCtx, type PositioningResult } from '../leverage.js';
import { asRecord, excerpt, pushChecked, Reader } from '../normalize.js';

const SOURCE = 'hyperliquid';

/** HYPERLIQUID_FUNDING_INTERVAL_H: "Funding is accrued and paid every hour" (positioning-and-whales.md §2.1), so × 8 for 8 h. */
export const HYPERLIQUID_FUNDING_INTERVAL_H = 1;
/** HYPERLIQUID_OI_NOTE: whether Hyperliquid counts open interest on one side or both is disputed (positioning-and-whales.md §2.2). */
export const HYPERLIQUID_OI_NOTE = 'Hyperliquid open interest may count both sides (unconfirmed): compare its changes, not its level';

/** isPerpName says whether a universe name is a main-dex perpetual (not a HIP-3 `dex:COIN` market). */
function isPerpName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !name.includes(':') && !name.includes('/') && !name.startsWith('@');
}

/**
 * hyperliquidUniverse lists the live perpetual names of a `metaAndAssetCtxs` or `meta` answer (kPEPE, BTC, …),
 * delisted ones left out; empty when the payload is not one.
 */
export function hyperliquidUniverse(payload: unknown): string[] {
  const meta = Array.isArray(payload) ? asRecord(payload[0]) : asRecord(payload);
  const universe = meta?.universe;
  if (!Array.isArray(universe)) return [];
  return universe.map((u) => asRecord(u) ?? {}).filter((u) => u.isDelisted !== true && isPerpName(u.name)).map((u) => u.name as string);
}

/**
 * parseHyperliquidLeverage reads `POST /info {"type":"metaAndAssetCtxs"}` (`[meta, assetCtxs]`, zipped by
 * index) into open interest and funding: `openInterest` is in coins (× 1,000 for kPEPE), `funding` is the
 * current HOURLY rate, × 8 for 8 h. The answer has no time of its own, so events take the receive time.
 * Delisted assets and assets nobody follows are skipped.
 *
 * ```json
 * [{"universe":[{"szDecimals":5,"name":"BTC","maxLeverage":50,"onlyIsolated":false}],"marginTables":[],"collateralToken":0},
 *  [{"funding":"-0.000025387","openInterest":"33193.39724","prevDayPx":"92661.0","dayNtlVlm":"2621135493.3779191971",
 *    "premium":"-0.0006674644","oraclePx":"91091.0","markPx":"91029.0","midPx":"91026.5",
 *    "impactPxs":["91026.0","91030.2"],"dayBaseVlm":"28387.92009"}]]
 * ```
 */
export function parseHyperliquidLeverage(payload: unknown, ctx: PositioningCtx): PositioningResult {
  const universe = Array.isArray(payload) ? asRecord(payload[0])?.universe : undefined;
  const ctxs = Array.isArray(payload) ? payload[1] : undefined;
  if (!Array.isArray(universe) || !Array.isArray(ctxs)) return emptyPositioning([{ reason: 'bad_shape', field: 'metaAndAssetCtxs', detail: `not [meta, assetCtxs]: ${excerpt(payload)}` }]);
  const out = emptyPositioning();
  universe.forEach((u, i) => {
    const meta = asRecord(u) ?? {};
    if (meta.isDelisted === true || !isPerpName(meta.name)) return;
    const unit = contractUnit(meta.name);
    if (!follows(ctx, unit.base)) return;
    const a = asRecord(ctxs[i]) ?? {};
    const ro = new Reader(ctx, `assetCtxs[${i}].`);
    const symbol = ro.symbol(unit.base, 'name');
    const oi = readOpenInterest(ro, a, 'openInterest', unit.multiplier);
    pushChecked(out, ro, { kind: 'open_interest', ts: ctx.now, source: SOURCE, symbol, oi });
    if (!ro.rejection) out.readings.push({ source: SOURCE, symbol, oi, multiplier: unit.multiplier, venueTs: ctx.now, readAt: ctx.now, note: HYPERLIQUID_OI_NOTE });
    const rf = new Reader(ctx, `assetCtxs[${i}].`);
    const rate = readFunding8h(rf, a, 'funding', HYPERLIQUID_FUNDING_INTERVAL_H);
    pushChecked(out, rf, { kind: 'funding', ts: ctx.now, source: SOURCE, symbol, rate });
    if (!rf.rejection) out.readings.push({ source: SOURCE, symbol, rate8h: rate, rawRate: rate / 8, intervalHours: 1, multiplier: unit.multiplier, venueTs: ctx.now, readAt: ctx.now });
  });
  return out;
}
