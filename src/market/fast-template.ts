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
  /** A view of `buf`'s bytes: a literal is compared four bytes at a time. */
  view: DataView;
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

/**
 * Lit is a literal of at least four bytes as the little-endian 32-bit words that cover it: one every four
 * bytes, the last flush with its end (it may overlap the one before). A line's bytes are compared a word at
 * a time: reading them one by one cost more than the rest of the line.
 */
interface Lit {
  readonly len: number;
  readonly offs: Int32Array;
  readonly words: Int32Array;
}

function literal(s: string): Lit {
  const b = Uint8Array.from(s, (c) => c.charCodeAt(0));
  if (b.length < 4) throw new Error(`template literal ${s} is under four bytes`);
  const offs: number[] = [];
  for (let o = 0; o + 4 <= b.length; o += 4) offs.push(o);
  if (b.length % 4 !== 0) offs.push(b.length - 4);
  const words = offs.map((o) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
  return { len: b.length, offs: Int32Array.from(offs), words: Int32Array.from(words) };
}

const HEAD = literal('{"kind":"');
/** The kinds after HEAD, by their first letter (p, l, i, o, f): 0 price, 1 liquidation, 2 index, 3 open_interest, 4 funding. */
const PRICE_K = literal('price"'), LIQUIDATION_K = literal('liquidation"'), INDEX_K = literal('index"'), OI_K = literal('open_interest"'), FUNDING_K = literal('funding"');
const P = 112, L = 108, I = 105, O = 111, F = 102;
const TS = literal(',"ts":');
const SOURCE = literal(',"source":');
const SYMBOL = literal(',"symbol":');
const SIDE = literal(',"side":');
const PRICE = literal(',"price":');
const QTY = literal(',"qty":');
const NOTIONAL = literal(',"notionalUsd":');
const PREV = literal(',"prevClose":');
const OI = literal(',"oi":');
const RATE = literal(',"rate":');
const LONG = literal('"long"');
const SHORT = literal('"short"');
const RBRACE = 125;

function lit(c: TemplateCursor, k: Lit): boolean {
  const at = c.i;
  if (at + k.len > c.end) return false;
  const view = c.view, offs = k.offs, words = k.words;
  for (let j = 0; j < words.length; j++) if (view.getInt32(at + offs[j], true) !== words[j]) return false;
  c.i = at + k.len;
  return true;
}

/** num reads `key` then a number into c.v; false when either is not there. */
function num(c: TemplateCursor, key: Lit): boolean {
  return lit(c, key) && c.num();
}

/** strAt reads a plain string value after `key`; returns the index of its closing quote (its bytes start at the key's end + 1) or -1. */
function strAt(c: TemplateCursor, key: Lit): number {
  return lit(c, key) ? c.str() : -1;
}

/** kindAt reads the kind after HEAD (its closing quote included); -1 when it is not one of the five. */
function kindAt(c: TemplateCursor): number {
  switch (c.buf[c.i]) {
    case P: return lit(c, PRICE_K) ? 0 : -1;
    case L: return lit(c, LIQUIDATION_K) ? 1 : -1;
    case I: return lit(c, INDEX_K) ? 2 : -1;
    case O: return lit(c, OI_K) ? 3 : -1;
    case F: return lit(c, FUNDING_K) ? 4 : -1;
    default: return -1;
  }
}

/** matchTemplate fills `f` from a line in the common layout and returns true, or returns false. Allocates nothing. */
export function matchTemplate(c: TemplateCursor, f: TemplateFields): boolean {
  if (!lit(c, HEAD)) return false;
  const kind = kindAt(c);
  if (kind < 0) return false;
  f.kind = kind;
  if (!num(c, TS)) return false;
  f.ts = c.v;
  f.srcA = c.i + SOURCE.len + 1;
  if ((f.srcB = strAt(c, SOURCE)) < 0) return false;
  f.symA = c.i + SYMBOL.len + 1;
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
