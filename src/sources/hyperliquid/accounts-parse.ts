import { ACCOUNT_RE } from '../../market/validate.js';
import { contractUnit } from '../contract-units.js';
import { asRecord, excerpt, NOTIONAL_MAX, PRICE_MAX, pushChecked, QTY_MAX, Reader, toNumber } from '../normalize.js';
import type { ParseCtx, ParseResult } from '../types.js';

const SOURCE = 'hyperliquid';

/** normalizeAccount lower-cases an address and checks it is 0x + 40 hex (DESIGN §2), or returns null. */
export function normalizeAccount(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const a = v.trim().toLowerCase();
  return ACCOUNT_RE.test(a) ? a : null;
}

/** AccountCtx names the account a per-user answer belongs to (the request's `user`, normalised). */
export interface AccountCtx extends ParseCtx {
  account: string;
}

/**
 * parseClearinghouseState reads `POST /info {"type":"clearinghouseState","user":…}` (weight 2) into one
 * `position` event per open position. The schema has no mark price, so mark = positionValue / |szi|;
 * `szi` is signed coins (× 1,000 for kPEPE, prices ÷ 1,000); `liquidationPx` may be null (ample cross
 * margin). A liquidation price on the wrong side of the mark (above it for a long, below for a short) is
 * refused, and so is an account that answers `null`. Events take the answer's `time`.
 *
 * ```json
 * {"assetPositions":[{"position":{"coin":"ETH","cumFunding":{"allTime":"514.085417","sinceChange":"0.0","sinceOpen":"0.0"},
 *   "entryPx":"2986.3","leverage":{"rawUsd":"-95.059824","type":"isolated","value":20},"liquidationPx":"2866.26936529",
 *   "marginUsed":"4.967826","maxLeverage":50,"positionValue":"100.02765","returnOnEquity":"-0.0026789","szi":"0.0335",
 *   "unrealizedPnl":"-0.0134"},"type":"oneWay"}],"crossMaintenanceMarginUsed":"0.0",
 *  "crossMarginSummary":{"accountValue":"13104.514502","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"13104.514502"},
 *  "marginSummary":{"accountValue":"13109.482328","totalMarginUsed":"4.967826","totalNtlPos":"100.02765","totalRawUsd":"13009.454678"},
 *  "time":1708622398623,"withdrawable":"13104.514502"}
 * ```
 */
export function parseClearinghouseState(payload: unknown, ctx: AccountCtx): ParseResult {
  if (payload === null) return { events: [], rejected: [{ reason: 'venue_error', field: 'clearinghouseState', detail: `account ${ctx.account} answered null` }] };
  const state = asRecord(payload);
  if (!state || !Array.isArray(state.assetPositions)) return { events: [], rejected: [{ reason: 'bad_shape', field: 'assetPositions', detail: excerpt(state?.assetPositions ?? payload) }] };
  const head = new Reader(ctx);
  const ts = state.time === undefined ? ctx.now : head.ms(state, 'time');
  if (head.rejection) return { events: [], rejected: [head.rejection] };
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of state.assetPositions) {
    const p = asRecord(asRecord(item)?.position);
    if (!p) out.rejected.push({ reason: 'bad_shape', field: 'assetPositions.position', detail: excerpt(item) });
    else if (toNumber(p.szi) !== 0) readPosition(p, ts, ctx, out);
  }
  return out;
}

function readPosition(p: Record<string, unknown>, ts: number, ctx: AccountCtx, out: ParseResult): void {
  const r = new Reader(ctx, 'position.');
  const unit = contractUnit(r.string(p, 'coin'));
  const symbol = r.symbol(unit.base, 'coin');
  const szi = r.number(p, 'szi');
  const entry = r.positive(p, 'entryPx', PRICE_MAX);
  const value = r.positive(p, 'positionValue', QTY_MAX);
  const pnl = r.number(p, 'unrealizedPnl');
  const liq = p.liquidationPx === null ? null : r.positive(p, 'liquidationPx', PRICE_MAX);
  const m = unit.multiplier;
  const markPrice = value / Math.abs(szi) / m;
  const liquidationPrice = liq === null ? null : liq / m;
  if (!r.rejection && liquidationPrice !== null && (szi > 0 ? liquidationPrice >= markPrice : liquidationPrice <= markPrice)) {
    r.fail('out_of_range', 'liquidationPx', `${szi > 0 ? 'long' : 'short'} liquidation price ${liquidationPrice} is on the wrong side of mark ${markPrice}`);
  }
  pushChecked(out, r, { kind: 'position', ts, source: SOURCE, account: ctx.account, symbol, size: szi * m, entryPrice: entry / m, markPrice, liquidationPrice, unrealizedPnlUsd: pnl });
}

/**
 * parseLiquidationFills reads a user's fills (`userFills`/`userFillsByTime` answers, the `fills` of a
 * `userFills` push) and turns each fill that liquidated THAT user into a `liquidation` event carrying
 * `account`. A fill's `liquidation.liquidatedUser` names the liquidated account: when it is someone else,
 * the owner was the counterparty, and the fill is skipped. The owner's fill side gives the position: `A`
 * (sold) closed a long, `B` (bought) a short, cross-checked with the sign of `startPosition`.
 *
 * ```json
 * {"coin":"BTC","px":"60000.0","sz":"2.0","side":"A","time":1749513660000,"startPosition":"2.0","dir":"Close Long",
 *  "closedPnl":"-50000.0","hash":"0xb","oid":90542681,"crossed":true,"fee":"5.0","tid":118906512037719,"feeToken":"USDC",
 *  "liquidation":{"liquidatedUser":"0xabc…","markPx":"60000.0","method":"market"}}
 * ```
 */
export function parseLiquidationFills(fills: unknown, ctx: AccountCtx): ParseResult {
  if (!Array.isArray(fills)) return { events: [], rejected: [{ reason: 'bad_shape', field: 'fills', detail: excerpt(fills) }] };
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of fills) {
    const f = asRecord(item) ?? {};
    const liq = asRecord(f.liquidation);
    if (!liq) continue;
    const victim = liq.liquidatedUser === undefined ? null : normalizeAccount(liq.liquidatedUser);
    if (victim !== ctx.account) continue;
    readFill(f, ctx, out);
  }
  return out;
}

function readFill(f: Record<string, unknown>, ctx: AccountCtx, out: ParseResult): void {
  const r = new Reader(ctx, 'fills.');
  const unit = contractUnit(r.string(f, 'coin'));
  const symbol = r.symbol(unit.base, 'coin');
  const start = f.startPosition === undefined ? null : toNumber(f.startPosition);
  const side = f.side === 'A' ? 'long' : f.side === 'B' ? 'short' : null;
  if (!side || (start !== null && start !== 0 && (start > 0) !== (side === 'long'))) r.fail('bad_side', 'side', `${excerpt(f.side)} with startPosition ${excerpt(f.startPosition)}`);
  const sz = r.positive(f, 'sz', QTY_MAX);
  const px = r.positive(f, 'px', PRICE_MAX);
  const ts = r.ms(f, 'time');
  const notionalUsd = sz * px;
  if (!r.rejection && !(notionalUsd < NOTIONAL_MAX)) r.fail('out_of_range', 'sz×px', `${notionalUsd}`);
  pushChecked(out, r, { kind: 'liquidation', ts, source: SOURCE, symbol, side: side ?? 'long', price: px / unit.multiplier, qty: sz * unit.multiplier, notionalUsd, account: ctx.account });
}

/**
 * parseUserFillsPush reads one `userFills` WebSocket push `{user, fills, isSnapshot?}`. The first push after
 * subscribing is a snapshot of past fills (`isSnapshot: true`): it proves the subscription, and is not
 * replayed as new liquidations (a reconnect would re-announce old ones).
 */
export function parseUserFillsPush(data: unknown, ctx: ParseCtx): ParseResult & { snapshot: boolean } {
  const d = asRecord(data);
  const account = normalizeAccount(d?.user);
  if (!d || !account) return { events: [], rejected: [{ reason: 'bad_shape', field: 'data.user', detail: excerpt(d?.user ?? data) }], snapshot: false };
  if (d.isSnapshot === true) return { events: [], rejected: [], snapshot: true };
  return { ...parseLiquidationFills(d.fills, { ...ctx, account }), snapshot: false };
}
