import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../src/market/validate.js';
import { normalizeAccount, parseClearinghouseState, parseLiquidationFills, parseUserFillsPush } from '../../src/sources/hyperliquid/accounts-parse.js';
import { HYPERLIQUID_LIQUIDATOR_VAULTS, parseHyperliquidTrades, parseVaultList } from '../../src/sources/hyperliquid/liquidations.js';
import { PositionBook } from '../../src/sources/hyperliquid/position-book.js';
import { HL_CLEARINGHOUSE_STATE, HL_TRADES } from '../fixtures/positioning.js';

const WHALE = '0x000000000000000000000000000000000000a11c';
const VAULT = HYPERLIQUID_LIQUIDATOR_VAULTS[0];
const vaults = new Set(HYPERLIQUID_LIQUIDATOR_VAULTS);
const T = 1769693520000;
const TID = 519283746501234;

/** The whale's own fills for the backstop liquidation of its BTC long (userFills schema), and its counterparty's. */
const WHALE_FILL = {
  coin: 'BTC', px: '84720.0', sz: '373.47', side: 'A', time: T, startPosition: '373.47', dir: 'Close Long', closedPnl: '-2988412.5',
  hash: '0x0000000000000000000000000000000000000000000000000000000000000000', oid: 90542681, crossed: false, fee: '0.0', tid: TID, feeToken: 'USDC',
  liquidation: { liquidatedUser: WHALE, markPx: '84731.0', method: 'backstop' },
};
const VAULT_FILL = { ...WHALE_FILL, side: 'B', startPosition: '0.0', dir: 'Open Long', closedPnl: '0.0', crossed: true };
/** The same print on the public `trades` stream: users is [buyer, seller]. */
const TRADE = { coin: 'BTC', side: 'A', px: '84720.0', sz: '373.47', time: T, hash: WHALE_FILL.hash, tid: TID, users: [VAULT, WHALE] };

describe('trades users order, checked against a known account\'s fills', () => {
  it('the liquidated account sold (its fill is side A, startPosition > 0) and sits at users[1]: users is [buyer, seller]', () => {
    expect(WHALE_FILL.tid).toBe(TRADE.tid);
    expect(TRADE.users.indexOf(WHALE)).toBe(1);
    expect(WHALE_FILL.side).toBe('A');
    expect(VAULT_FILL.side).toBe('B');
    expect(TRADE.users.indexOf(VAULT)).toBe(0);
  });

  it('the trade and the account\'s fill give the same liquidated side, size, price and notional', () => {
    const fromTrade = parseHyperliquidTrades({ channel: 'trades', data: [TRADE] }, { now: T + 500, vaults });
    const fromFill = parseLiquidationFills([WHALE_FILL], { now: T + 500, account: WHALE });
    expect(fromTrade.rejected).toEqual([]);
    expect(fromFill.rejected).toEqual([]);
    const base = { kind: 'liquidation', ts: T, source: 'hyperliquid', symbol: 'BTC', side: 'long', price: 84720, qty: 373.47, notionalUsd: 373.47 * 84720 };
    expect(fromTrade.events).toEqual([base]);
    expect(fromFill.events).toEqual([{ ...base, account: WHALE }]);
  });

  it('the vault selling (users[1]) took over a short', () => {
    const r = parseHyperliquidTrades({ channel: 'trades', data: [{ ...TRADE, side: 'B', users: [WHALE, VAULT] }] }, { now: T + 500, vaults });
    expect(r.events[0]).toMatchObject({ side: 'short' });
  });

  it('trades without a liquidator vault (the recorded push), or vault to vault, are not liquidations', () => {
    expect(parseHyperliquidTrades(HL_TRADES, { now: 1790358607000, vaults })).toEqual({ events: [], rejected: [] });
    expect(parseHyperliquidTrades({ data: [{ ...TRADE, users: [VAULT, HYPERLIQUID_LIQUIDATOR_VAULTS[1]] }] }, { now: T + 500, vaults }).events).toEqual([]);
  });

  it('a trade whose users are not two addresses is refused', () => {
    expect(parseHyperliquidTrades({ data: [{ ...TRADE, users: ['0xabc'] }] }, { now: T + 500, vaults }).rejected[0]).toMatchObject({ reason: 'bad_shape', field: 'data.users' });
  });
});

describe('tracked accounts\' fills', () => {
  it('the counterparty\'s fill (liquidatedUser is someone else) is skipped', () => {
    expect(parseLiquidationFills([VAULT_FILL], { now: T + 500, account: VAULT }).events).toEqual([]);
  });

  it('a side that contradicts startPosition is refused', () => {
    expect(parseLiquidationFills([{ ...WHALE_FILL, side: 'B' }], { now: T + 500, account: WHALE }).rejected[0]).toMatchObject({ reason: 'bad_side' });
  });

  it('the userFills snapshot is proof of life, a live push with a liquidation is an event', () => {
    expect(parseUserFillsPush({ user: WHALE, isSnapshot: true, fills: [WHALE_FILL] }, { now: T + 500 })).toEqual({ events: [], rejected: [], snapshot: true });
    const live = parseUserFillsPush({ user: WHALE.toUpperCase().replace('0X', '0x'), fills: [WHALE_FILL] }, { now: T + 500 });
    expect(live.events).toHaveLength(1);
    expect(live.events[0]).toMatchObject({ account: WHALE, side: 'long' });
  });
});

describe('parseClearinghouseState', () => {
  const at = { now: 1708622399000, account: WHALE };
  const withPosition = (p: Record<string, unknown>) => ({ ...HL_CLEARINGHOUSE_STATE, assetPositions: [{ type: 'oneWay', position: { ...HL_CLEARINGHOUSE_STATE.assetPositions[0].position, ...p } }] });

  it('the docs example: a long, mark = positionValue / |szi|, at the answer time', () => {
    const r = parseClearinghouseState(HL_CLEARINGHOUSE_STATE, at);
    expect(r.rejected).toEqual([]);
    expect(r.events).toHaveLength(1);
    const ev = r.events[0];
    expect(ev).toMatchObject({ kind: 'position', ts: 1708622398623, source: 'hyperliquid', account: WHALE, symbol: 'ETH', size: 0.0335, entryPrice: 2986.3, liquidationPrice: 2866.26936529, unrealizedPnlUsd: -0.0134 });
    expect(ev.kind === 'position' && ev.markPrice).toBeCloseTo(2985.9, 6);
    expect(validateEvent(ev)).toEqual(ev);
  });

  it('a short, a null liquidation price, and kPEPE in PEPE', () => {
    const short = parseClearinghouseState(withPosition({ szi: '-0.0335', liquidationPx: '3100.5', unrealizedPnl: '0.0134' }), at).events[0];
    expect(short).toMatchObject({ size: -0.0335, liquidationPrice: 3100.5 });
    expect(parseClearinghouseState(withPosition({ liquidationPx: null }), at).events[0]).toMatchObject({ liquidationPrice: null });
    const pepe = parseClearinghouseState(withPosition({ coin: 'kPEPE', szi: '1000', entryPx: '0.01', positionValue: '10.0', liquidationPx: null, unrealizedPnl: '0.0' }), at).events[0];
    expect(pepe).toMatchObject({ symbol: 'PEPE', size: 1_000_000, entryPrice: 0.00001, markPrice: 0.00001 });
  });

  it.each([
    ['a long\'s liquidation price above its mark', { liquidationPx: '3000' }, 'out_of_range', 'position.liquidationPx'],
    ['a short\'s liquidation price below its mark', { szi: '-0.0335', liquidationPx: '2800' }, 'out_of_range', 'position.liquidationPx'],
    ['a missing entry price', { entryPx: undefined }, 'missing_field', 'position.entryPx'],
    ['a NaN size', { szi: 'NaN' }, 'not_finite', 'position.szi'],
  ])('refuses %s', (_n, patch, reason, field) => {
    const r = parseClearinghouseState(withPosition(patch), at);
    expect(r.events).toEqual([]);
    expect(r.rejected[0]).toMatchObject({ reason, field });
  });

  it('an account answering null, and seconds for milliseconds, are refused', () => {
    expect(parseClearinghouseState(null, at).rejected[0]).toMatchObject({ reason: 'venue_error', detail: expect.stringContaining('null') });
    expect(parseClearinghouseState({ ...HL_CLEARINGHOUSE_STATE, time: 1708622398 }, at).rejected[0]).toMatchObject({ reason: 'ts_seconds' });
  });
});

describe('addresses and the position book', () => {
  it('an address must be 0x + 40 hex (mixed case is lower-cased)', () => {
    expect(normalizeAccount('0x000000000000000000000000000000000000A11C')).toBe(WHALE);
    for (const bad of ['0x123', 'a11c', `${WHALE}00`, '0xZZ00000000000000000000000000000000000000', 42]) expect(normalizeAccount(bad)).toBeNull();
    expect(parseVaultList(`${VAULT}, 0xnope`).rejected).toHaveLength(1);
  });

  it('a position that disappears is closed (size 0) and flagged for confirmation; a partial snapshot infers nothing', () => {
    const book = new PositionBook();
    const [pos] = parseClearinghouseState(HL_CLEARINGHOUSE_STATE, { now: 1708622399000, account: WHALE }).events as never[];
    expect(book.apply(WHALE, [pos], 1708622399000)).toEqual({ closes: [], shrunk: [] });
    expect(book.apply(WHALE, [], 1708622409000, false)).toEqual({ closes: [], shrunk: [] });
    const gone = book.apply(WHALE, [], 1708622419000);
    expect(gone.shrunk).toEqual(['ETH']);
    expect(gone.closes).toEqual([expect.objectContaining({ kind: 'position', symbol: 'ETH', size: 0, ts: 1708622419000, unrealizedPnlUsd: 0 })]);
    expect(validateEvent(gone.closes[0])).toEqual(gone.closes[0]);
  });
});
