import type { FundingEvent, IndexEvent, LiquidationEvent, MarketEvent, OpenInterestEvent, PositionEvent, PriceEvent } from './types.js';

// DESIGN §2 ranges.
const TS_MIN = 1e12;
const TS_MAX = 4.1e12;
const PRICE_MAX = 1e9;
const QTY_MAX = 1e12;
const NOTIONAL_MAX = 1e12;
/** SYMBOL_RE and SOURCE_RE are DESIGN §2's patterns for `symbol` and `source`. */
export const SYMBOL_RE = /^[A-Z0-9]{1,20}$/;
export const SOURCE_RE = /^[a-z0-9_-]{1,32}$/;

/** A bounded cache of strings already known to match a pattern: the hot path skips the regex. */
class ValidStrings {
  private readonly seen = new Set<string>();
  constructor(private readonly re: RegExp, private readonly cap = 10_000) {}
  ok(s: unknown): s is string {
    if (typeof s !== 'string') return false;
    if (this.seen.has(s)) return true;
    if (!this.re.test(s)) return false;
    if (this.seen.size < this.cap) this.seen.add(s);
    return true;
  }
}

const symbols = new ValidStrings(SYMBOL_RE);
const sources = new ValidStrings(SOURCE_RE);

function badNumber(field: string, v: unknown, max: number): string | null {
  if (typeof v !== 'number') return v === undefined ? `missing ${field}` : `${field} is not a number`;
  if (!(v > 0 && v < max)) return `${field} out of range (0, ${max.toExponential(0)}): ${v}`;
  return null;
}

function badHead(o: Record<string, unknown>): string | null {
  const ts = o.ts;
  if (typeof ts !== 'number') return ts === undefined ? 'missing ts' : 'ts is not a number';
  if (!Number.isInteger(ts)) return `ts is not an integer: ${ts}`;
  if (ts < TS_MIN || ts >= TS_MAX) return ts > 1e9 && ts < 4.1e9 ? `ts looks like seconds, not milliseconds: ${ts}` : `ts out of range: ${ts}`;
  if (!sources.ok(o.source)) return o.source === undefined ? 'missing source' : 'source must match ^[a-z0-9_-]{1,32}$';
  if (!symbols.ok(o.symbol)) return o.symbol === undefined ? 'missing symbol' : 'symbol must match ^[A-Z0-9]{1,20}$';
  return null;
}

/** badFinite checks a signed number whose magnitude must stay below `max` (position size, PnL). */
function badFinite(field: string, v: unknown, max: number): string | null {
  if (typeof v !== 'number') return v === undefined ? `missing ${field}` : `${field} is not a number`;
  if (!(Math.abs(v) < max)) return `${field} out of range (−${max.toExponential(0)}, ${max.toExponential(0)}): ${v}`;
  return null;
}

/** ACCOUNT_RE is DESIGN §2's pattern for an account address (Hyperliquid: 0x + 40 lower-case hex). */
export const ACCOUNT_RE = /^0x[0-9a-f]{40}$/;
const KINDS = new Set(['price', 'liquidation', 'index', 'open_interest', 'funding', 'position']);

function badAccount(v: unknown): string | null {
  if (typeof v !== 'string') return v === undefined ? 'missing account' : 'account is not a string';
  return ACCOUNT_RE.test(v) ? null : 'account must match ^0x[0-9a-f]{40}$';
}

/**
 * validateEvent checks one decoded JSON value against DESIGN §2 and returns a fresh MarketEvent
 * (extra fields dropped, so a `__proto__` key changes nothing) or the reason it is rejected.
 */
export function validateEvent(v: unknown): MarketEvent | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const kind = o.kind;
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    return kind === undefined ? 'missing kind' : `unknown kind: ${JSON.stringify(kind)?.slice(0, 40)}`;
  }
  const head = badHead(o);
  if (head) return head;
  // Objects written out field by field, in DESIGN §2's key order (the recorder writes them as they are, and the
  // replay's byte scanner reads that order fastest): spreading a shared head into each was a tenth of the live
  // collector's time.
  const ts = o.ts as number, source = o.source as string, symbol = o.symbol as string;
  switch (kind) {
    case 'open_interest': {
      const bad = badNumber('oi', o.oi, QTY_MAX);
      return bad ?? { kind, ts, source, symbol, oi: o.oi as number };
    }
    case 'funding': {
      const bad = badFinite('rate', o.rate, 1);
      return bad ?? { kind, ts, source, symbol, rate: o.rate as number };
    }
    case 'position':
      return validatePosition(o, { ts, source, symbol });
  }
  const badPrice = badNumber('price', o.price, PRICE_MAX);
  if (badPrice) return badPrice;
  const price = o.price as number;
  if (kind === 'price') return { kind, ts, source, symbol, price };
  if (kind === 'index') {
    const bad = badNumber('prevClose', o.prevClose, PRICE_MAX);
    return bad ?? { kind, ts, source, symbol, price, prevClose: o.prevClose as number };
  }
  if (o.side !== 'long' && o.side !== 'short') return o.side === undefined ? 'missing side' : 'side must be "long" or "short"';
  const bad = badNumber('qty', o.qty, QTY_MAX) ?? badNumber('notionalUsd', o.notionalUsd, NOTIONAL_MAX) ?? (o.account === undefined ? null : badAccount(o.account));
  if (bad) return bad;
  const liq: LiquidationEvent = { kind: 'liquidation', ts, source, symbol, side: o.side, price, qty: o.qty as number, notionalUsd: o.notionalUsd as number };
  if (o.account !== undefined) liq.account = o.account as string;
  return liq;
}

function validatePosition(o: Record<string, unknown>, base: { ts: number; source: string; symbol: string }): PositionEvent | string {
  const bad =
    badAccount(o.account) ??
    badFinite('size', o.size, QTY_MAX) ??
    badNumber('entryPrice', o.entryPrice, PRICE_MAX) ??
    badNumber('markPrice', o.markPrice, PRICE_MAX) ??
    (o.liquidationPrice === null ? null : badNumber('liquidationPrice', o.liquidationPrice, PRICE_MAX)) ??
    badFinite('unrealizedPnlUsd', o.unrealizedPnlUsd, NOTIONAL_MAX);
  if (bad) return bad;
  return {
    kind: 'position',
    ...base,
    account: o.account as string,
    size: o.size as number,
    entryPrice: o.entryPrice as number,
    markPrice: o.markPrice as number,
    liquidationPrice: o.liquidationPrice as number | null,
    unrealizedPnlUsd: o.unrealizedPnlUsd as number,
  };
}

/**
 * ScannedFields are the fields a byte scanner found on a line: kind 0 price, 1 liquidation, 2 index,
 * 3 open_interest, 4 funding; side 0 long, 1 short; `value` the oi or the rate; NaN or -1 for absent.
 */
export interface ScannedFields {
  readonly kind: number;
  readonly ts: number;
  readonly price: number;
  readonly side: number;
  readonly qty: number;
  readonly notional: number;
  readonly prevClose: number;
  readonly value: number;
}

const inRange = (v: number, max: number) => v > 0 && v < max;

/**
 * scannedOk runs the DESIGN §2 checks of validateEvent on already-scanned fields (source and symbol are
 * checked where they are interned): true when the line is an event, false when validateEvent must give the
 * reason. The one definition for acceptEvent, acceptLeverageEvent and the reader thread's columns.
 */
export function scannedOk(f: ScannedFields): boolean {
  const ts = f.ts;
  if (!(Number.isInteger(ts) && ts >= TS_MIN && ts < TS_MAX)) return false;
  switch (f.kind) {
    case 0: return inRange(f.price, PRICE_MAX);
    case 1: return inRange(f.price, PRICE_MAX) && f.side >= 0 && inRange(f.qty, QTY_MAX) && inRange(f.notional, NOTIONAL_MAX);
    case 2: return inRange(f.price, PRICE_MAX) && inRange(f.prevClose, PRICE_MAX);
    case 3: return inRange(f.value, QTY_MAX);
    case 4: return Math.abs(f.value) < 1;
    default: return false;
  }
}

/**
 * acceptEvent builds a MarketEvent of kind 0–2 from already-scanned fields when every DESIGN §2 check
 * passes, else returns null so the caller can fall back to validateEvent for the exact reason. Objects have
 * the same shape as validateEvent's. The numbers are read from `f` (passed as arguments, each would be
 * boxed on every line).
 */
export function acceptEvent(f: ScannedFields, source: string, symbol: string, into?: ScratchEvents, stringsChecked = false): MarketEvent | null {
  if (f.kind > 2 || !scannedOk(f)) return null;
  if (!stringsChecked && (!sources.ok(source) || !symbols.ok(symbol))) return null;
  const kind = f.kind, ts = f.ts, price = f.price;
  if (kind === 0) {
    if (!into) return { kind: 'price', ts, source, symbol, price };
    const e = into.price;
    e.ts = ts; e.source = source; e.symbol = symbol; e.price = price;
    return e;
  }
  if (kind === 2) {
    const prevClose = f.prevClose;
    if (!into) return { kind: 'index', ts, source, symbol, price, prevClose };
    const e = into.index;
    e.ts = ts; e.source = source; e.symbol = symbol; e.price = price; e.prevClose = prevClose;
    return e;
  }
  const side = f.side === 0 ? 'long' : 'short', qty = f.qty, notionalUsd = f.notional;
  if (!into) return { kind: 'liquidation', ts, source, symbol, price, side, qty, notionalUsd };
  const e = into.liquidation;
  e.ts = ts; e.source = source; e.symbol = symbol; e.price = price; e.side = side; e.qty = qty; e.notionalUsd = notionalUsd;
  return e;
}

/**
 * acceptLeverageEvent is acceptEvent for the two leverage kinds (3 open_interest with `f.value` its oi, 4
 * funding with `f.value` its rate; source and symbol already checked): the event, or null for validateEvent
 * to give the reason. Same checks, same object shape as validateEvent's.
 */
export function acceptLeverageEvent(f: ScannedFields, source: string, symbol: string, into?: ScratchEvents): OpenInterestEvent | FundingEvent | null {
  if (f.kind < 3 || !scannedOk(f)) return null;
  const ts = f.ts, value = f.value;
  if (f.kind === 3) {
    if (!into) return { kind: 'open_interest', ts, source, symbol, oi: value };
    const e = into.openInterest;
    e.ts = ts; e.source = source; e.symbol = symbol; e.oi = value;
    return e;
  }
  if (!into) return { kind: 'funding', ts, source, symbol, rate: value };
  const e = into.funding;
  e.ts = ts; e.source = source; e.symbol = symbol; e.rate = value;
  return e;
}

/** ScratchEvents are reused event objects (one per kind) for a reader whose consumer keeps no reference. */
export class ScratchEvents {
  readonly price: PriceEvent = { kind: 'price', ts: 0, source: '', symbol: '', price: 0 };
  readonly index: IndexEvent = { kind: 'index', ts: 0, source: '', symbol: '', price: 0, prevClose: 0 };
  readonly liquidation: LiquidationEvent = { kind: 'liquidation', ts: 0, source: '', symbol: '', price: 0, side: 'long', qty: 0, notionalUsd: 0 };
  readonly openInterest: OpenInterestEvent = { kind: 'open_interest', ts: 0, source: '', symbol: '', oi: 0 };
  readonly funding: FundingEvent = { kind: 'funding', ts: 0, source: '', symbol: '', rate: 0 };
}
