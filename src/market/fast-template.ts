/**
 * The common line layout, as JSON.stringify writes a MarketEvent:
 *   {"kind":"price","ts":N,"source":"S","symbol":"S","price":N}
 *   {"kind":"liquidation","ts":N,"source":"S","symbol":"S","side":"S","price":N,"qty":N,"notionalUsd":N}
 *   {"kind":"index","ts":N,"source":"S","symbol":"S","price":N,"prevClose":N}
 *   {"kind":"open_interest","ts":N,"source":"S","symbol":"S","oi":N}
 *   {"kind":"funding","ts":N,"source":"S","symbol":"S","rate":N}
 * matchTemplate reads such a line with fixed byte comparisons instead of a key-by-key scan. Any other
 * layout (whitespace, another key order, extra keys) is left to the general scanner, so results are the
 * same either way.
 */

/** TemplateCursor is the scanner state a template match reads and advances. */
export interface TemplateCursor {
  buf: Uint8Array;
  i: number;
  end: number;
  /** str scans a plain string at i; returns the closing quote's index (i moves past it) or -1. */
  str(): number;
  /** num parses a number at i into `v` (i moves past it); false when there is none (a boolean, so no number is boxed on return). */
  num(): boolean;
  /** The number the last successful `num` read. */
  v: number;
}

/** TemplateFields is what a template match fills in (the same fields the general scanner fills). */
export interface TemplateFields {
  kind: number;
  ts: number;
  price: number;
  qty: number;
  notional: number;
  prevClose: number;
  /** open_interest's oi, or funding's rate. */
  value: number;
  srcA: number;
  srcB: number;
  symA: number;
  symB: number;
  side: number;
}

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const HEAD = bytes('{"kind":"');
const KINDS = [bytes('price"'), bytes('liquidation"'), bytes('index"'), bytes('open_interest"'), bytes('funding"')];
const TS = bytes(',"ts":');
const SOURCE = bytes(',"source":');
const SYMBOL = bytes(',"symbol":');
const SIDE = bytes(',"side":');
const PRICE = bytes(',"price":');
const QTY = bytes(',"qty":');
const NOTIONAL = bytes(',"notionalUsd":');
const PREV = bytes(',"prevClose":');
const OI = bytes(',"oi":');
const RATE = bytes(',"rate":');
const LONG = bytes('"long"');
const SHORT = bytes('"short"');
const RBRACE = 125;

function lit(c: TemplateCursor, k: Uint8Array): boolean {
  const buf = c.buf;
  const at = c.i;
  if (at + k.length > c.end) return false;
  for (let j = 0; j < k.length; j++) if (buf[at + j] !== k[j]) return false;
  c.i = at + k.length;
  return true;
}

/** num reads `key` then a number into c.v; false when either is not there. */
function num(c: TemplateCursor, key: Uint8Array): boolean {
  return lit(c, key) && c.num();
}

/** strAt reads a plain string value after `key`; returns the index of its closing quote (its bytes start at the key's end + 1) or -1. */
function strAt(c: TemplateCursor, key: Uint8Array): number {
  return lit(c, key) ? c.str() : -1;
}

/** matchTemplate fills `f` from a line in the common layout and returns true, or returns false. Allocates nothing. */
export function matchTemplate(c: TemplateCursor, f: TemplateFields): boolean {
  if (!lit(c, HEAD)) return false;
  let kind = -1;
  for (let k = 0; k < KINDS.length && kind < 0; k++) if (lit(c, KINDS[k])) kind = k;
  if (kind < 0) return false;
  f.kind = kind;
  if (!num(c, TS)) return false;
  f.ts = c.v;
  f.srcA = c.i + SOURCE.length + 1;
  if ((f.srcB = strAt(c, SOURCE)) < 0) return false;
  f.symA = c.i + SYMBOL.length + 1;
  if ((f.symB = strAt(c, SYMBOL)) < 0) return false;
  if (kind === 1) {
    if (!lit(c, SIDE)) return false;
    if (lit(c, LONG)) f.side = 0;
    else if (lit(c, SHORT)) f.side = 1;
    else return false;
  }
  if (kind >= 3) {
    if (!num(c, kind === 3 ? OI : RATE)) return false;
    f.value = c.v;
    return c.i + 1 === c.end && c.buf[c.i] === RBRACE;
  }
  if (!num(c, PRICE)) return false;
  f.price = c.v;
  if (kind === 1) {
    if (!num(c, QTY)) return false;
    f.qty = c.v;
    if (!num(c, NOTIONAL)) return false;
    f.notional = c.v;
  }
  if (kind === 2) {
    if (!num(c, PREV)) return false;
    f.prevClose = c.v;
  }
  return c.i + 1 === c.end && c.buf[c.i] === RBRACE;
}
