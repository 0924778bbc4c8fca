import type { MessagePort } from 'node:worker_threads';
import type { LineRejection } from './ndjson.js';
import type { MarketEvent } from './types.js';
import type { StringIds } from './fast-parse.js';
import { ScratchEvents, type ScannedFields } from './validate.js';

/**
 * A batch is a run of consecutive lines of a replay file, decoded by the reader thread into columns in
 * shared memory (no object per event crosses the thread boundary): per event its kind, ts, price, two
 * more numbers (qty and notional for a liquidation, prevClose for an index), the side, and the source and
 * symbol as numbers into a string table both threads grow in step (oi or rate in `a` for the leverage kinds). Lines the fast parser does not take
 * travel as objects (`objects`, kind OBJECT) and rejections with the event index they come before.
 */
export const KIND_PRICE = 0, KIND_LIQUIDATION = 1, KIND_INDEX = 2, KIND_OBJECT = 3, KIND_OPEN_INTEREST = 4, KIND_FUNDING = 5;

/** BYTES_PER_EVENT is the columns' size per event: four float64, two int32, two uint8. */
const BYTES_PER_EVENT = 4 * 8 + 2 * 4 + 2;

/** BatchColumns are the typed views of one batch slot in the shared ring. */
export class BatchColumns {
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly source: Int32Array;
  readonly symbol: Int32Array;
  readonly kind: Uint8Array;
  readonly side: Uint8Array;

  constructor(sab: SharedArrayBuffer, slot: number, readonly capacity: number) {
    const at = slot * capacity * BYTES_PER_EVENT; // capacity is a multiple of 8: every view stays aligned
    this.ts = new Float64Array(sab, at, capacity);
    this.price = new Float64Array(sab, at + 8 * capacity, capacity);
    this.a = new Float64Array(sab, at + 16 * capacity, capacity);
    this.b = new Float64Array(sab, at + 24 * capacity, capacity);
    this.source = new Int32Array(sab, at + 32 * capacity, capacity);
    this.symbol = new Int32Array(sab, at + 36 * capacity, capacity);
    this.kind = new Uint8Array(sab, at + 40 * capacity, capacity);
    this.side = new Uint8Array(sab, at + 41 * capacity, capacity);
  }

  /** put writes event `i` from a fast parser's checked fields, its strings numbered `source` and `symbol`. */
  put(i: number, f: ScannedFields, source: number, symbol: number): void {
    this.ts[i] = f.ts;
    this.source[i] = source;
    this.symbol[i] = symbol;
    switch (f.kind) {
      case 0:
        this.kind[i] = KIND_PRICE;
        this.price[i] = f.price;
        break;
      case 1:
        this.kind[i] = KIND_LIQUIDATION;
        this.price[i] = f.price;
        this.side[i] = f.side;
        this.a[i] = f.qty;
        this.b[i] = f.notional;
        break;
      case 2:
        this.kind[i] = KIND_INDEX;
        this.price[i] = f.price;
        this.a[i] = f.prevClose;
        break;
      case 3:
        this.kind[i] = KIND_OPEN_INTEREST;
        this.a[i] = f.value;
        break;
      default:
        this.kind[i] = KIND_FUNDING;
        this.a[i] = f.value;
    }
  }
}

/** ringBytes is the shared memory a ring of `slots` batches of `capacity` events needs. */
export function ringBytes(slots: number, capacity: number): number {
  return slots * capacity * BYTES_PER_EVENT;
}

/** ReaderJob is what the engine's thread hands the reader thread. */
export interface ReaderJob {
  file: string;
  ring: SharedArrayBuffer;
  /** Int32 cells: [batches produced, batches consumed, abort flag, reader ready, go]. */
  ctl: Int32Array;
  /** [0]: the byte offset the reader starts at (set before go). */
  start: Float64Array;
  slots: number;
  capacity: number;
  port: MessagePort;
}

export const CTL_PRODUCED = 0, CTL_CONSUMED = 1, CTL_ABORT = 2, CTL_READY = 3, CTL_GO = 4;

/** ReaderDone is the reader thread's last message: the lines it read and how it spent its time. */
export interface ReaderDone {
  type: 'done';
  lines: number;
  busyMs: number;
  waitMs: number;
}

/** BatchMessage is what the reader thread posts for each filled slot. */
export interface BatchMessage {
  type: 'batch';
  slot: number;
  n: number;
  /** Strings numbered since the previous batch, in order. */
  strings: string[];
  /** The events of the KIND_OBJECT rows, in order. */
  objects: MarketEvent[];
  /** Rejected lines as [index of the event they come before, line, reason], in order. */
  rejects: Array<[number, number, string]>;
}

/**
 * BatchDecoder turns batches back into MarketEvents on the engine's thread, in file order, interleaving
 * the rejections where they were. With `reuse`, the event objects are reused (one per kind).
 */
export class BatchDecoder {
  private readonly strings: string[] = [];
  private readonly scratch: ScratchEvents | null;

  /** `known`: the strings the engine's thread already met (the head it read), so the same string objects are handed on. */
  constructor(reuse: boolean, private readonly known?: StringIds) {
    this.scratch = reuse ? new ScratchEvents() : null;
  }

  /** deliver hands every event and rejection of the batch on, in order; `lineBase` is added to line numbers. */
  deliver(m: BatchMessage, c: BatchColumns, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, lineBase: number): void {
    // The rows go through `run`, which reads nothing of the message: the engine is inlined into its loop, and
    // that optimized loop was thrown away each time the message's lists (empty, then not) changed shape.
    if (m.strings.length > 0) this.learn(m.strings);
    const { n, rejects, objects } = m;
    if (rejects.length === 0 && objects.length === 0) {
      this.run(c, 0, n, onEvent);
      return;
    }
    // Runs of rows between the events that travel as objects and the rejections (each before the row it names).
    let r = 0;
    let o = 0;
    let from = 0;
    for (let i = 0; i <= n; i++) {
      const rejected = r < rejects.length && rejects[r][0] === i;
      const object = i < n && c.kind[i] === KIND_OBJECT;
      if (!rejected && !object && i < n) continue;
      this.run(c, from, i, onEvent);
      for (; r < rejects.length && rejects[r][0] === i; r++) onReject({ line: rejects[r][1] + lineBase, reason: rejects[r][2] });
      if (object) onEvent(objects[o++]);
      from = object ? i + 1 : i;
    }
  }

  /** run hands on the events of rows [from, to), none of them an object row. */
  private run(c: BatchColumns, from: number, to: number, onEvent: (ev: MarketEvent) => void): void {
    const strings = this.strings;
    for (let i = from; i < to; i++) onEvent(this.event(c, i, c.kind[i], strings));
  }

  /** learn numbers the strings a batch met first, after the ones before. */
  private learn(fresh: readonly string[]): void {
    for (const s of fresh) this.strings.push(this.known ? this.known.canonical(s) : s);
  }

  private event(c: BatchColumns, i: number, k: number, strings: string[]): MarketEvent {
    const ts = c.ts[i], source = strings[c.source[i]], symbol = strings[c.symbol[i]], price = c.price[i];
    const s = this.scratch;
    if (k === KIND_PRICE) {
      if (s === null) return { kind: 'price', ts, source, symbol, price };
      const e = s.price;
      e.ts = ts; e.source = source; e.symbol = symbol; e.price = price;
      return e;
    }
    if (k === KIND_LIQUIDATION) {
      const side = c.side[i] === 0 ? 'long' : 'short';
      if (s === null) return { kind: 'liquidation', ts, source, symbol, price, side, qty: c.a[i], notionalUsd: c.b[i] };
      const e = s.liquidation;
      e.ts = ts; e.source = source; e.symbol = symbol; e.price = price; e.side = side; e.qty = c.a[i]; e.notionalUsd = c.b[i];
      return e;
    }
    if (k === KIND_INDEX) {
      if (s === null) return { kind: 'index', ts, source, symbol, price, prevClose: c.a[i] };
      const e = s.index;
      e.ts = ts; e.source = source; e.symbol = symbol; e.price = price; e.prevClose = c.a[i];
      return e;
    }
    return this.leverageEvent(k, ts, source, symbol, c.a[i]);
  }

  private leverageEvent(k: number, ts: number, source: string, symbol: string, value: number): MarketEvent {
    const s = this.scratch;
    if (k === KIND_OPEN_INTEREST) {
      if (s === null) return { kind: 'open_interest', ts, source, symbol, oi: value };
      const e = s.openInterest;
      e.ts = ts; e.source = source; e.symbol = symbol; e.oi = value;
      return e;
    }
    if (s === null) return { kind: 'funding', ts, source, symbol, rate: value };
    const e = s.funding;
    e.ts = ts; e.source = source; e.symbol = symbol; e.rate = value;
    return e;
  }
}
