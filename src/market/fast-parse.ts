import type { MarketEvent } from './types.js';
import { hashBytes, latin1, longNumber, scanTemplate } from './fast-template.js';
import { acceptEvent, acceptLeverageEvent, scannedOk, ScratchEvents, SOURCE_RE, SYMBOL_RE, type ScannedFields } from './validate.js';

/** RowSink is where parseInto writes a line it takes (the reader thread's batch columns): row `i`, from the checked fields, with the source and symbol as their numbers. */
export interface RowSink {
  put(i: number, f: ScannedFields, source: number, symbol: number): void;
}

// Byte codes.
const QUOTE = 34, COMMA = 44, MINUS = 45, DOT = 46, COLON = 58, LBRACE = 123, RBRACE = 125, BACKSLASH = 92;
const D0 = 48, D9 = 57, SPACE = 32, TAB = 9, CR = 13, LF = 10;
/** Exact powers of ten: mantissa ≤ 15 digits / 10^k is correctly rounded (Clinger's fast path). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_DIGITS = 15;

/**
 * StringIds numbers the distinct strings a reader meets (0, 1, 2, … in order of first sight), so a batch
 * can carry a symbol as an integer; `fresh` lists the ones added since the last `takeFresh`.
 */
export class StringIds {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  private fresh: string[] = [];
  id(s: string): number {
    let n = this.ids.get(s);
    if (n === undefined) {
      n = this.ids.size;
      this.ids.set(s, n);
      this.list.push(s);
      this.fresh.push(s);
    }
    return n;
  }
  /** canonical returns the string object this table holds equal to `s` (or `s`): Map keys and === then compare by identity. */
  canonical(s: string): string {
    const n = this.ids.get(s);
    return n === undefined ? s : this.list[n];
  }
  /** takeFresh returns the strings numbered since the last call (their ids follow on from the previous ones). */
  takeFresh(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

/**
 * Interner returns one shared string per distinct ASCII byte run, so the hot path allocates none, and
 * remembers whether it matched its pattern, so the regex runs once per string. The caller passes the
 * bytes' hashBytes (the template scan computes it while it looks for the closing quote).
 */
class Interner {
  private static readonly SLOTS = 4096;
  /** Bytes kept per slot for the exact compare: longer strings (none matches either pattern) are never a hit. */
  private static readonly WIDTH = 32;
  private readonly slots: Array<string | undefined> = new Array(Interner.SLOTS);
  /** Each slot's bytes and their count (-1: empty), compared as bytes: faster here than the string's characters. */
  private readonly bytes = new Uint8Array(Interner.SLOTS * Interner.WIDTH);
  private readonly lens = new Int32Array(Interner.SLOTS).fill(-1);
  /** The string's number in `ids`, or -1 when it does not match the pattern. */
  private readonly slotIds = new Int32Array(Interner.SLOTS);
  constructor(private readonly re: RegExp, private readonly ids: StringIds) {}

  /** id returns the number of buf[a, b) in `ids`, or -1 when it does not match the pattern. */
  id(buf: Uint8Array, a: number, b: number, hash: number): number {
    return this.slotIds[this.slot(buf, a, b, hash)];
  }

  /** get returns the string buf[a, b), or null when it does not match the pattern. */
  get(buf: Uint8Array, a: number, b: number, hash: number): string | null {
    const slot = this.slot(buf, a, b, hash);
    return this.slotIds[slot] < 0 ? null : (this.slots[slot] as string);
  }

  private slot(buf: Uint8Array, a: number, b: number, hash: number): number {
    const slot = hash & (Interner.SLOTS - 1);
    const len = b - a, bytes = this.bytes, at = slot * Interner.WIDTH;
    if (this.lens[slot] === len) {
      let i = 0;
      while (i < len && bytes[at + i] === buf[a + i]) i++;
      if (i === len) return slot;
    }
    const s = latin1(buf, a, b);
    this.slots[slot] = s; // direct-mapped: a collision just replaces the entry
    this.slotIds[slot] = this.re.test(s) ? this.ids.id(s) : -1;
    const kept = len <= Interner.WIDTH;
    this.lens[slot] = kept ? len : -1;
    if (kept) bytes.set(buf.subarray(a, b), at);
    return slot;
  }
}

/** Fields collects what a scanner found in one line; NaN / -1 mean absent. */
class Fields {
  kind = -1; // 0 price, 1 liquidation, 2 index, 3 open_interest, 4 funding (these two: template lines only)
  ts = NaN; price = NaN; qty = NaN; notional = NaN; prevClose = NaN; value = NaN;
  srcA = -1; srcB = -1; symA = -1; symB = -1;
  srcHash = 0; symHash = 0;
  side = -1; // 0 long, 1 short
  v = NaN; h = 0; // scratch of the scanners
  /** reset is for the general scanner, which may meet any subset of the keys (a template match sets all its kind reads). */
  reset(): void {
    this.kind = this.side = this.srcA = this.srcB = this.symA = this.symB = -1;
    this.ts = this.price = this.qty = this.notional = this.prevClose = this.value = NaN;
  }
}

/**
 * FastLineParser decodes a MarketEvent line straight from the file's bytes, without JSON.parse or
 * per-line strings. It handles the common shape (a flat object of plain strings and numbers) and
 * declines anything else (escapes, non-ASCII, exponents, nesting, literals, a missing or invalid field):
 * the caller then takes the exact slow path (JSON.parse + validateEvent), so results and rejection
 * reasons are the same either way.
 */
export class FastLineParser {
  private readonly f = new Fields();
  /** The numbers of the sources and symbols met so far (a batch carries them as integers). */
  readonly ids = new StringIds();
  private readonly sources = new Interner(SOURCE_RE, this.ids);
  private readonly symbols = new Interner(SYMBOL_RE, this.ids);
  private buf: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.buf.buffer);
  private i = 0;
  private end = 0;
  private readonly scratch: ScratchEvents | undefined;

  /** With `reuse`, parse returns the same object per kind each time: valid only until the next call. */
  constructor(reuse = false) {
    this.scratch = reuse ? new ScratchEvents() : undefined;
  }

  /** parse returns the event on the line buf[a, b), or null when the slow path must decide. */
  parse(buf: Uint8Array, a: number, b: number): MarketEvent | null {
    if (!this.scan(buf, a, b)) return null;
    const f = this.f;
    const source = this.sources.get(buf, f.srcA, f.srcB, f.srcHash);
    const symbol = this.symbols.get(buf, f.symA, f.symB, f.symHash);
    if (source === null || symbol === null) return null;
    return f.kind >= 3 ? acceptLeverageEvent(f, source, symbol, this.scratch) : acceptEvent(f, source, symbol, this.scratch, true);
  }

  /**
   * parseInto is parse for the reader thread: the line's event goes straight into row `n` of `cols` (no
   * event object), with its source and symbol as their numbers in `ids`. False (nothing written) exactly
   * when parse would return null.
   */
  parseInto(cols: RowSink, n: number, buf: Uint8Array, a: number, b: number): boolean {
    if (!this.scan(buf, a, b)) return false;
    const f = this.f;
    if (!scannedOk(f)) return false;
    const source = this.sources.id(buf, f.srcA, f.srcB, f.srcHash);
    const symbol = this.symbols.id(buf, f.symA, f.symB, f.symHash);
    if (source < 0 || symbol < 0) return false;
    cols.put(n, f, source, symbol);
    return true;
  }

  /** scan fills `f` from the line, by the template when it fits, else by the general scanner; false when neither can. */
  private scan(buf: Uint8Array, a: number, b: number): boolean {
    if (buf !== this.buf) {
      this.buf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const f = this.f;
    if (scanTemplate(buf, this.view, a, b, f)) return true;
    f.reset();
    this.i = a;
    this.end = b;
    if (!this.object() || f.kind < 0 || f.srcA < 0 || f.symA < 0) return false;
    f.srcHash = hashBytes(buf, f.srcA, f.srcB);
    f.symHash = hashBytes(buf, f.symA, f.symB);
    return true;
  }

  private ws(): void {
    const buf = this.buf;
    while (this.i < this.end) {
      const c = buf[this.i];
      if (c !== SPACE && c !== TAB && c !== CR && c !== LF) return;
      this.i++;
    }
  }

  private object(): boolean {
    this.ws();
    if (this.buf[this.i] !== LBRACE) return false;
    this.i++;
    this.ws();
    if (this.buf[this.i] === RBRACE) return false;
    for (;;) {
      if (!this.member()) return false;
      this.ws();
      const c = this.buf[this.i++];
      if (c === COMMA) { this.ws(); continue; }
      if (c !== RBRACE) return false;
      this.ws();
      return this.i === this.end;
    }
  }

  /** member reads `"key": value`, storing the value when the key is one of ours. */
  private member(): boolean {
    const ka = this.i + 1;
    const kb = this.str();
    if (kb < 0) return false;
    this.ws();
    if (this.buf[this.i++] !== COLON) return false;
    this.ws();
    const key = keyId(this.buf, ka, kb);
    const c = this.buf[this.i];
    if (c === QUOTE) {
      const va = this.i + 1;
      const vb = this.str();
      if (vb < 0) return false;
      return this.stringValue(key, va, vb);
    }
    if (c === MINUS || (c >= D0 && c <= D9)) return this.num() && this.numberValue(key, this.v);
    return false; // literals, nested objects and arrays: the slow path decides
  }

  private stringValue(key: number, a: number, b: number): boolean {
    const f = this.f;
    switch (key) {
      case K_KIND: f.kind = kindId(this.buf, a, b); return f.kind >= 0;
      case K_SOURCE: f.srcA = a; f.srcB = b; return true;
      case K_SYMBOL: f.symA = a; f.symB = b; return true;
      case K_SIDE: f.side = sideId(this.buf, a, b); return f.side >= 0;
      case K_OTHER: return true;
      default: return false; // a string where a number belongs, or a field (account) the slow path keeps
    }
  }

  private numberValue(key: number, v: number): boolean {
    const f = this.f;
    switch (key) {
      case K_TS: f.ts = v; return true;
      case K_PRICE: f.price = v; return true;
      case K_QTY: f.qty = v; return true;
      case K_NOTIONAL: f.notional = v; return true;
      case K_PREV: f.prevClose = v; return true;
      case K_OTHER: return true;
      default: return false; // a number where a string belongs
    }
  }

  /** str scans a plain ASCII string without escapes; returns the index of its closing quote or -1. */
  private str(): number {
    const buf = this.buf;
    if (buf[this.i] !== QUOTE) return -1;
    for (let j = this.i + 1; j < this.end; j++) {
      const c = buf[j];
      if (c === QUOTE) { this.i = j + 1; return j; }
      if (c === BACKSLASH || c >= 0x80 || c < 0x20) return -1;
    }
    return -1;
  }

  /** The number the last successful `num` read (a field, not a return value: a returned double is boxed). */
  private v = NaN;

  /** num parses a JSON number with no exponent into `v` (more than 15 significant digits as numberAt reads them); false otherwise. */
  private num(): boolean {
    const buf = this.buf;
    const from = this.i;
    let j = this.i;
    let neg = false;
    if (buf[j] === MINUS) { neg = true; j++; }
    let m = 0, digits = 0, frac = 0;
    if (buf[j] === D0) { j++; if (buf[j] >= D0 && buf[j] <= D9) return false; }
    else {
      const start = j;
      while (j < this.end && buf[j] >= D0 && buf[j] <= D9) { m = m * 10 + (buf[j] - D0); j++; }
      digits = j - start;
      if (digits === 0) return false;
    }
    if (buf[j] === DOT) {
      j++;
      const start = j;
      while (j < this.end && buf[j] >= D0 && buf[j] <= D9) { m = m * 10 + (buf[j] - D0); j++; }
      frac = j - start;
      if (frac === 0) return false;
    }
    const c = buf[j];
    if (c === 101 || c === 69) return false; // an exponent: JSON.parse decides
    this.i = j;
    if (digits + frac > MAX_DIGITS) {
      this.v = longNumber(buf, from, j);
      return true;
    }
    const v = frac === 0 ? m : m / POW10[frac];
    this.v = neg ? -v : v;
    return true;
  }
}

const K_OTHER = 0, K_KIND = 1, K_TS = 2, K_SOURCE = 3, K_SYMBOL = 4, K_PRICE = 5, K_SIDE = 6, K_QTY = 7, K_NOTIONAL = 8, K_PREV = 9, K_ACCOUNT = 10;

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const B = { ts: bytes('ts'), qty: bytes('qty'), kind: bytes('kind'), side: bytes('side'), price: bytes('price'), source: bytes('source'), symbol: bytes('symbol'), prevClose: bytes('prevClose'), notionalUsd: bytes('notionalUsd'), account: bytes('account'), liquidation: bytes('liquidation'), index: bytes('index'), long: bytes('long'), short: bytes('short') };

function is(buf: Uint8Array, a: number, b: number, k: Uint8Array): boolean {
  if (b - a !== k.length) return false;
  for (let i = 0; i < k.length; i++) if (buf[a + i] !== k[i]) return false;
  return true;
}

function keyId(buf: Uint8Array, a: number, b: number): number {
  switch (b - a) {
    case 2: return is(buf, a, b, B.ts) ? K_TS : K_OTHER;
    case 3: return is(buf, a, b, B.qty) ? K_QTY : K_OTHER;
    case 4: return is(buf, a, b, B.kind) ? K_KIND : is(buf, a, b, B.side) ? K_SIDE : K_OTHER;
    case 5: return is(buf, a, b, B.price) ? K_PRICE : K_OTHER;
    case 6: return is(buf, a, b, B.source) ? K_SOURCE : is(buf, a, b, B.symbol) ? K_SYMBOL : K_OTHER;
    case 7: return is(buf, a, b, B.account) ? K_ACCOUNT : K_OTHER;
    case 9: return is(buf, a, b, B.prevClose) ? K_PREV : K_OTHER;
    case 11: return is(buf, a, b, B.notionalUsd) ? K_NOTIONAL : K_OTHER;
    default: return K_OTHER;
  }
}

function kindId(buf: Uint8Array, a: number, b: number): number {
  return is(buf, a, b, B.price) ? 0 : is(buf, a, b, B.liquidation) ? 1 : is(buf, a, b, B.index) ? 2 : -1;
}

function sideId(buf: Uint8Array, a: number, b: number): number {
  return is(buf, a, b, B.long) ? 0 : is(buf, a, b, B.short) ? 1 : -1;
}
