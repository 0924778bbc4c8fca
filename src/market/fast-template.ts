/**
 * The common line layout, as JSON.stringify writes a MarketEvent:
 *   {"kind":"price","ts":N,"source":"S","symbol":"S","price":N}
 *   {"kind":"liquidation","ts":N,"source":"S","symbol":"S","side":"S","price":N,"qty":N,"notionalUsd":N}
 *   {"kind":"index","ts":N,"source":"S","symbol":"S","price":N,"prevClose":N}
 *   {"kind":"open_interest","ts":N,"source":"S","symbol":"S","oi":N}
 *   {"kind":"funding","ts":N,"source":"S","symbol":"S","rate":N}
 * scanTemplate reads such a line in one pass over its bytes (literals four at a time, strings hashed as they
 * are scanned) with no per-line calls left after inlining: on this VM every extra touch of a byte or call
 * per line shows in the replay. Any other layout (whitespace, another key order, extra keys) is left to the
 * general scanner, so results are the same either way.
 */

/** TemplateFields is what a template scan fills in (the same fields the general scanner fills). */
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
  /** hashBytes of the source's bytes. */
  srcHash: number;
  symA: number;
  symB: number;
  /** hashBytes of the symbol's bytes. */
  symHash: number;
  side: number;
  /** The number the last numberAt read (a field, not a return value: a returned double is boxed). */
  v: number;
  /** The hash of the string the last stringAt read. */
  h: number;
}

const QUOTE = 34, BACKSLASH = 92, MINUS = 45, DOT = 46, D0 = 48, D9 = 57, RBRACE = 125;
/** Exact powers of ten: mantissa ≤ 15 digits / 10^k is correctly rounded (Clinger's fast path). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_DIGITS = 15;
const FNV_OFFSET = 2166136261, FNV_PRIME = 16777619;

/**
 * SMI_BITS keeps a hash to 30 bits: a small integer to V8 on every platform. A larger one is a heap number,
 * allocated each time it is passed to a call (the string table's lookup, twice per line).
 */
const SMI_BITS = 0x3fffffff;

/** hashBytes is the 32-bit FNV-1a hash of buf[a, b), its low 30 bits: the one scanTemplate computes while it scans a string. */
export function hashBytes(buf: Uint8Array, a: number, b: number): number {
  let h = FNV_OFFSET;
  for (let i = a; i < b; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h & SMI_BITS;
}

/**
 * Lit is a literal of at least four bytes as the little-endian 32-bit words that cover it: one every four
 * bytes, the last flush with its end (it may overlap the one before).
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

/** Each kind's head through its ts key (the ts's digits follow), by kind: 0 price, 1 liquidation, 2 index, 3 open_interest, 4 funding. */
const HEADS = ['price', 'liquidation', 'index', 'open_interest', 'funding'].map((k) => literal(`{"kind":"${k}","ts":`));
/** The kind by the first letter of its name (at KIND_AT), -1 for none. */
const KIND_BY_LETTER = new Int8Array(128).fill(-1);
HEADS.forEach((_, k) => (KIND_BY_LETTER['pliof'.charCodeAt(k)] = k));
const KIND_AT = '{"kind":"'.length;
const SOURCE = literal(',"source":"');
/** From the source's closing quote to the symbol's first byte. */
const SYMBOL = literal('","symbol":"');
/** A liquidation's side, from the symbol's closing quote to the side's closing quote. */
const LONG = literal('","side":"long'), SHORT = literal('","side":"short');
const SIDE_AT = '","side":"'.length, LETTER_L = 108;
/** The key before each number after the symbol (or a liquidation's side), by kind; their values go to `f` in this order. */
const VALUE_KEYS = [
  [literal('","price":')],
  [literal('","price":'), literal(',"qty":'), literal(',"notionalUsd":')],
  [literal('","price":'), literal(',"prevClose":')],
  [literal('","oi":')],
  [literal('","rate":')],
];
/** The numbers after the symbol, in line order (a module scratch: typed-array stores box nothing). */
const values = new Float64Array(3);

/** lit returns the index after literal `k` at buf[at] (the line ends at `end`), or -1. */
function lit(view: DataView, at: number, end: number, k: Lit): number {
  if (at + k.len > end) return -1;
  const offs = k.offs, words = k.words;
  for (let j = 0; j < words.length; j++) if (view.getInt32(at + offs[j], true) !== words[j]) return -1;
  return at + k.len;
}

/**
 * numberAt parses a JSON number with no fraction-less leading zero at buf[j] into f.v; returns the index after
 * it or -1. An exponent is refused by the literal that must follow. Up to 15 significant digits it computes the
 * value itself; more (JSON.stringify writes up to 17 for a double) go through Number, exact as JSON.parse.
 */
function numberAt(buf: Uint8Array, j: number, end: number, f: TemplateFields): number {
  const from = j;
  const neg = buf[j] === MINUS;
  if (neg) j++;
  let m = 0, digits = 0, c = buf[j];
  if (c === D0) {
    c = buf[++j];
    if (c >= D0 && c <= D9) return -1;
  } else {
    const start = j;
    while (c >= D0 && c <= D9 && j < end) { m = m * 10 + (c - D0); c = buf[++j]; }
    digits = j - start;
    if (digits === 0) return -1;
  }
  let frac = 0;
  if (c === DOT) {
    const start = ++j;
    c = buf[j];
    while (c >= D0 && c <= D9 && j < end) { m = m * 10 + (c - D0); c = buf[++j]; }
    frac = j - start;
    if (frac === 0) return -1;
  }
  if (digits + frac > MAX_DIGITS) {
    f.v = longNumber(buf, from, j);
    return j;
  }
  const v = frac === 0 ? m : m / POW10[frac];
  f.v = neg ? -v : v;
  return j;
}

/** longNumber is the value of the JSON number buf[a, b) (already checked) of more than 15 significant digits. */
export function longNumber(buf: Uint8Array, a: number, b: number): number {
  return Number(latin1(buf, a, b));
}

/** latin1 is the string of the bytes buf[a, b), one character per byte. */
export function latin1(buf: Uint8Array, a: number, b: number): string {
  return String.fromCharCode.apply(null, buf.subarray(a, b) as unknown as number[]);
}

/** stringAt scans a plain ASCII string without escapes from buf[j] (just after its opening quote), its hashBytes into f.h; returns its closing quote's index or -1. */
function stringAt(buf: Uint8Array, j: number, end: number, f: TemplateFields): number {
  let h = FNV_OFFSET;
  for (; j < end; j++) {
    const c = buf[j];
    if (c === QUOTE) {
      f.h = h & SMI_BITS;
      return j;
    }
    if (c === BACKSLASH || c >= 0x80 || c < 0x20) return -1;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return -1;
}

/**
 * scanTemplate fills `f` from the line buf[a, b) in the common layout and returns true, or returns false.
 * Allocates nothing. Each helper has one call site (numbers after the symbol go through one loop), so the
 * compiler inlines them all.
 */
export function scanTemplate(buf: Uint8Array, view: DataView, a: number, b: number, f: TemplateFields): boolean {
  const kind = KIND_BY_LETTER[buf[a + KIND_AT] & 127];
  let j: number;
  if (kind < 0 || (j = lit(view, a, b, HEADS[kind])) < 0) return false;
  // The ts as plain digits, read here: a second call site of numberAt would keep it from being inlined.
  let ts = 0, c = buf[j];
  const start = j;
  if (c === D0) return false; // a leading zero (or 0 itself): the general scanner decides
  while (c >= D0 && c <= D9 && j < b) { ts = ts * 10 + (c - D0); c = buf[++j]; }
  if (j === start || j - start > MAX_DIGITS) return false;
  f.kind = kind;
  f.ts = ts;
  if ((j = lit(view, j, b, SOURCE)) < 0) return false;
  f.srcA = j;
  if ((j = f.srcB = stringAt(buf, j, b, f)) < 0) return false;
  f.srcHash = f.h;
  if ((j = lit(view, j, b, SYMBOL)) < 0) return false;
  f.symA = j;
  if ((j = f.symB = stringAt(buf, j, b, f)) < 0) return false;
  f.symHash = f.h;
  if (kind === 1) {
    f.side = buf[j + SIDE_AT] === LETTER_L ? 0 : 1;
    if ((j = lit(view, j, b, f.side === 0 ? LONG : SHORT)) < 0) return false;
  }
  const keys = VALUE_KEYS[kind];
  for (let k = 0; k < keys.length; k++) {
    if ((j = lit(view, j, b, keys[k])) < 0 || (j = numberAt(buf, j, b, f)) < 0) return false;
    values[k] = f.v;
  }
  if (kind >= 3) f.value = values[0];
  else {
    f.price = values[0];
    if (kind === 1) { f.qty = values[1]; f.notional = values[2]; }
    if (kind === 2) f.prevClose = values[1];
  }
  return j + 1 === b && buf[j] === RBRACE;
}
