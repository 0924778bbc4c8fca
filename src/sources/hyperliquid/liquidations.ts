import { contractUnit } from '../contract-units.js';
import { asRecord, excerpt, NOTIONAL_MAX, PRICE_MAX, pushChecked, QTY_MAX, Reader } from '../normalize.js';
import type { ParseCtx, ParseResult, Rejection } from '../types.js';
import { normalizeAccount } from './accounts-parse.js';

const SOURCE = 'hyperliquid';

/**
 * HYPERLIQUID_LIQUIDATOR_VAULTS are the vaults that take over positions in a backstop liquidation
 * (positioning-and-whales.md §1.4, from tradingstrategy-ai/web3-ethereum-defi `eth_defi/hyperliquid/constants.py`,
 * read from the `vaultDetails` API): HLP Liquidator 1–4 and the standalone Liquidator vault. The HLP parent and
 * Strategy A/B/X vaults are left out on purpose: they market-make, so their trades are not liquidations.
 * Whether Hyperliquid adds or rotates these is unconfirmed, so the list is configurable.
 */
export const HYPERLIQUID_LIQUIDATOR_VAULTS: readonly string[] = [
  '0x2e3d94f0562703b25c83308a05046ddaf9a8dd14',
  '0xb0a55f13d22f66e6d495ac98113841b2326e9540',
  '0x5e177e5e39c0f4e421f5865a6d8beed8d921cb70',
  '0x2ed5c4484ea3ff8b57d5f2fb152a40d9f2b68308',
  '0x63c621a33714ec48660e32f2374895c8026a3a00',
];

/** HYPERLIQUID_LIQUIDATION_COVERAGE is the coverage note summaries show for Hyperliquid liquidations (issue 13). */
export const HYPERLIQUID_LIQUIDATION_COVERAGE =
  'Hyperliquid: backstop liquidations and tracked accounts only; market liquidations through the book are not public: a floor';

/** parseVaultList reads a comma-separated vault list (HYPERLIQUID_LIQUIDATOR_VAULTS), refusing any entry that is not 0x + 40 hex. */
export function parseVaultList(text: string): { vaults: Set<string>; rejected: Rejection[] } {
  const vaults = new Set<string>();
  const rejected: Rejection[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const a = normalizeAccount(part);
    if (a) vaults.add(a);
    else rejected.push({ reason: 'bad_shape', field: 'HYPERLIQUID_LIQUIDATOR_VAULTS', detail: `${excerpt(part)} is not 0x + 40 hex` });
  }
  return { vaults, rejected };
}

/** TradesCtx adds the liquidator vaults to the parse context. */
export interface TradesCtx extends ParseCtx {
  vaults: ReadonlySet<string>;
}

/**
 * parseHyperliquidTrades reads one `trades` push and turns each trade with a liquidator vault on one
 * side into a `liquidation` of the position that vault took over. Every other trade is skipped.
 *
 * The order of `users` is [buyer, seller], NOT [maker, taker]:
 * - the official WsTrade type says `users: [string, string] // [buyer, seller]` (positioning-and-whales.md
 *   §1.2), while nktkas/hyperliquid labels it `[Maker, Taker]`;
 * - a published live cross-check (an API-findings note probed on mainnet 2026-09-24, found through the code
 *   search; it pulled each counterparty's `userFills` for the same `tid`) found users[0]'s fill always
 *   `side: "B"` and users[1]'s always `"A"`, whichever side crossed: the order is by direction, and the
 *   trade's `side` is the aggressor's;
 * - our fixtures check it again: a tracked account's own liquidation fill (`side: "A"`, `startPosition` > 0:
 *   a long sold off) carries the same `tid` as the trade where it sits at users[1] and the vault at users[0]
 *   (test/sources/hyperliquid-liquidations.test.ts).
 * So the vault at users[0] BOUGHT: it absorbed a long being closed, a LONG was liquidated; at users[1] it
 * sold, absorbing a short. Size is `sz` coins (× 1,000 for kPEPE), price `px`, notional sz × px USD.
 * The counterparty is not given as `account`: the vault also trades out of what it took over, so the other
 * side of a vault trade is not always the liquidated account.
 *
 * ```json
 * {"channel":"trades","data":[{"coin":"BTC","side":"B","px":"83770.0","sz":"0.00819","time":1790358604045,
 *  "hash":"0x0000000000000000000000000000000000000000000000000000000000000000","tid":437413095582311,
 *  "users":["0x10d944a35f99c141b9121ec3693000531825bef8","0x1a2e6afa298b1cc50939b4b2b0b430e3c1ef3459"]}]}
 * ```
 */
export function parseHyperliquidTrades(payload: unknown, ctx: TradesCtx): ParseResult {
  const msg = asRecord(payload);
  if (!msg || !Array.isArray(msg.data)) return { events: [], rejected: [{ reason: 'bad_shape', field: 'data', detail: `not an array: ${excerpt(msg?.data)}` }] };
  const out: ParseResult = { events: [], rejected: [] };
  for (const item of msg.data) {
    const t = asRecord(item) ?? {};
    const users = Array.isArray(t.users) && t.users.length === 2 ? t.users.map(normalizeAccount) : null;
    if (!users || !users[0] || !users[1]) {
      out.rejected.push({ reason: 'bad_shape', field: 'data.users', detail: excerpt(t.users) });
      continue;
    }
    const buyerIsVault = ctx.vaults.has(users[0]);
    if (buyerIsVault === ctx.vaults.has(users[1])) continue; // no vault, or vault to vault: not a liquidation
    readTrade(t, buyerIsVault ? 'long' : 'short', ctx, out);
  }
  return out;
}

function readTrade(t: Record<string, unknown>, side: 'long' | 'short', ctx: TradesCtx, out: ParseResult): void {
  const r = new Reader(ctx, 'data.');
  const unit = contractUnit(r.string(t, 'coin'));
  const symbol = r.symbol(unit.base, 'coin');
  const sz = r.positive(t, 'sz', QTY_MAX);
  const px = r.positive(t, 'px', PRICE_MAX);
  const ts = r.ms(t, 'time');
  const notionalUsd = sz * px;
  if (!r.rejection && !(notionalUsd < NOTIONAL_MAX)) r.fail('out_of_range', 'sz×px', `${notionalUsd}`);
  pushChecked(out, r, { kind: 'liquidation', ts, source: SOURCE, symbol, side, price: px / unit.multiplier, qty: sz * unit.multiplier, notionalUsd });
}
