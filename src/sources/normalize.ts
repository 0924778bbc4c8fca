import { validateEvent } from '../market/validate.js';
import type { MarketEvent } from '../market/types.js';
import type { ParseCtx, ParseResult, RejectReason, Rejection } from './types.js';

/** TS_MIN_MS is the earliest valid event time (DESIGN §2: ts in [1e12, 4.1e12) ms, years 2001–2099). */
export const TS_MIN_MS = 1e12;
/** TS_MAX_MS is the exclusive upper bound of event times (DESIGN §2). */
export const TS_MAX_MS = 4.1e12;
/** PRICE_MAX bounds price and prevClose: (0, 1e9) (DESIGN §2). */
export const PRICE_MAX = 1e9;
/** QTY_MAX bounds a liquidation's size in base units: (0, 1e12) (DESIGN §2). */
export const QTY_MAX = 1e12;
/** NOTIONAL_MAX bounds a liquidation's USD notional: (0, 1e12) (DESIGN §2). */
export const NOTIONAL_MAX = 1e12;
const SYMBOL_RE = /^[A-Z0-9]{1,20}$/;

/** FUTURE_TOLERANCE_MS is how far ahead of our clock a venue timestamp may be (reliability-and-limits.md §6.3 F1: "> now+5 s"). */
export const FUTURE_TOLERANCE_MS = 5_000;
/** DEFAULT_MAX_AGE_MS is the oldest a live crypto event may be; anything older is a unit or venue bug. */
export const DEFAULT_MAX_AGE_MS = 3_600_000;

// Plain decimals only: no hex, no whitespace, no thousands separators, no "12abc" (Number() would take some of these).
const DECIMAL_RE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
// Quote assets stripped from venue symbols (BTCUSDT → BTC); longest first so FDUSD wins over USD.
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'USD'];

/** excerpt renders a raw value for a log line: short, and never more than 40 characters. */
export function excerpt(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : String(JSON.stringify(v));
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** toNumber reads a venue number (a JSON number or a plain decimal string), or null when it is not a finite number. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !DECIMAL_RE.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** checkMs says why an epoch-ms timestamp is unusable (seconds, future, too old, out of range), or null when it is fine. */
export function checkMs(ms: number, ctx: ParseCtx): { reason: RejectReason; detail: string } | null {
  if (!Number.isInteger(ms)) return { reason: 'ts_out_of_range', detail: `not an integer: ${ms}` };
  if (ms >= 1e9 && ms < TS_MAX_MS / 1000) return { reason: 'ts_seconds', detail: `${ms} looks like seconds, not milliseconds` };
  if (ms < TS_MIN_MS || ms >= TS_MAX_MS) return { reason: 'ts_out_of_range', detail: `${ms} is outside [1e12, 4.1e12)` };
  if (ms > ctx.now + FUTURE_TOLERANCE_MS) return { reason: 'ts_future', detail: `${ms - ctx.now} ms ahead of now` };
  if (ms < ctx.now - (ctx.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return { reason: 'ts_too_old', detail: `${ctx.now - ms} ms old` };
  return null;
}

/** stripQuote turns a venue pair into its base asset: BTCUSDT → BTC, BTCUSDT_260327 → BTC, ETHUSDC → ETH. */
export function stripQuote(pair: string): string {
  const head = pair.toUpperCase().split('_')[0];
  for (const q of QUOTES) if (head.length > q.length && head.endsWith(q)) return head.slice(0, -q.length);
  return head;
}

/**
 * Reader pulls typed fields out of one venue record and keeps the first problem, so a parser can read
 * every field, then emit either one event or one rejection naming the field.
 */
export class Reader {
  private first: Rejection | null = null;
  constructor(private readonly ctx: ParseCtx, private readonly prefix = '') {}

  /** rejection is the first problem met, or null when every field read so far was good. */
  get rejection(): Rejection | null {
    return this.first;
  }

  /** fail records a problem with a field (only the first one is kept). */
  fail(reason: RejectReason, field: string, detail?: string): number {
    this.first ??= { reason, field: this.prefix + field, ...(detail !== undefined ? { detail } : {}) };
    return NaN;
  }

  /** positive reads a number in (0, max): a price, a size or a notional. */
  positive(o: Record<string, unknown>, key: string, max: number): number {
    const n = this.number(o, key);
    if (Number.isNaN(n)) return n;
    return n > 0 && n < max ? n : this.fail('out_of_range', key, `${n} is outside (0, ${max.toExponential(0)})`);
  }

  /** number reads any finite number. */
  number(o: Record<string, unknown>, key: string): number {
    const v = o[key];
    if (v === undefined || v === null) return this.fail('missing_field', key);
    const n = toNumber(v);
    return n === null ? this.fail('not_finite', key, excerpt(v)) : n;
  }

  /** ms reads an epoch-millisecond timestamp (a number or a numeric string). */
  ms(o: Record<string, unknown>, key: string): number {
    return this.checked(key, this.number(o, key));
  }

  /** seconds reads an epoch-seconds timestamp (Yahoo) and returns it in ms. */
  seconds(o: Record<string, unknown>, key: string): number {
    const s = this.number(o, key);
    if (Number.isNaN(s)) return s;
    if (s >= TS_MIN_MS) return this.fail('ts_out_of_range', key, `${s} looks like milliseconds, not seconds`);
    return this.checked(key, Math.round(s * 1000));
  }

  /** iso reads an ISO-8601 time (Coinbase, with up to ns precision) and returns ms. */
  iso(o: Record<string, unknown>, key: string): number {
    const v = o[key];
    if (typeof v !== 'string') return this.fail(v === undefined ? 'missing_field' : 'bad_shape', key, excerpt(v));
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? this.fail('not_finite', key, excerpt(v)) : this.checked(key, ms);
  }

  /** string reads a non-empty string. */
  string(o: Record<string, unknown>, key: string): string {
    const v = o[key];
    if (typeof v === 'string' && v !== '') return v;
    this.fail(v === undefined || v === '' ? 'missing_field' : 'bad_shape', key, excerpt(v));
    return '';
  }

  /** symbol validates a normalized base asset against DESIGN §2's symbol pattern. */
  symbol(base: string, field: string): string {
    if (SYMBOL_RE.test(base)) return base;
    this.fail('bad_symbol', field, excerpt(base));
    return '';
  }

  private checked(key: string, ms: number): number {
    if (Number.isNaN(ms)) return ms;
    const bad = checkMs(ms, this.ctx);
    return bad ? this.fail(bad.reason, key, bad.detail) : ms;
  }
}

/** asRecord returns a plain object, or null for arrays, primitives and null. */
export function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** emptyResult is a ParseResult with nothing in it. */
export function emptyResult(): ParseResult {
  return { events: [], rejected: [] };
}

/** shapeError is a ParseResult with one `bad_shape` rejection: the payload is not what the venue documents. */
export function shapeError(field: string, detail: string): ParseResult {
  return { events: [], rejected: [{ reason: 'bad_shape', field, detail }] };
}

/**
 * pushChecked adds a record's event to `out`, or its rejection: the Reader's first problem, else whatever
 * DESIGN §2's validator finds (the last gate, so nothing out of contract leaves a parser).
 */
export function pushChecked(out: ParseResult, r: Reader, ev: MarketEvent): void {
  if (r.rejection) {
    out.rejected.push(r.rejection);
    return;
  }
  const v = validateEvent(ev);
  if (typeof v === 'string') out.rejected.push({ reason: 'out_of_range', detail: v });
  else out.events.push(v);
}
