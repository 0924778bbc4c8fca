import { closeSync, openSync, readSync } from 'node:fs';
import { FastLineParser } from './fast-parse.js';
import type { MarketEvent } from './types.js';
import { validateEvent } from './validate.js';

/** CHUNK_BYTES is how much of the file is read per system call. */
const CHUNK_BYTES = 1 << 20;
const LF = 10, CR = 13, SPACE = 32, TAB = 9;

/** LineRejection is one refused line: its 1-based line number in the file and why. */
export interface LineRejection {
  line: number;
  reason: string;
}

/** ReadStats counts what a read saw: valid events and rejected lines (blank lines are neither). */
export interface ReadStats {
  events: number;
  rejected: number;
  lines: number;
}

/** parseLine decodes and validates one NDJSON line: an event, a rejection reason, or null if blank. */
export function parseLine(line: string): MarketEvent | string | null {
  if (line.trim().length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message.slice(0, 80)}`;
  }
  return validateEvent(value);
}

function blank(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = buf[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** LineHandler takes one line: bytes buf[a, b) (its CR and, on line 1, a byte-order mark removed) and its 1-based number. */
export type LineHandler = (buf: Buffer, a: number, b: number, line: number) => void;

/** LineRange is where forEachLine starts (a byte offset at a line start; line numbers count from there) and when it may stop early. */
export interface LineRange {
  from?: number;
  /** Asked after each read chunk with the offset of the next unread line: true stops the read there. */
  stopAt?: (next: number) => boolean;
  /** Bytes read per system call (default CHUNK_BYTES): smaller, stopAt is asked more often. */
  chunkBytes?: number;
}

/** LinesRead is how many lines forEachLine read and the byte offset just past them (the file's size when it read to the end). */
export interface LinesRead {
  lines: number;
  next: number;
}

/**
 * forEachLine reads `file` in chunks and hands every line to `onLine` straight from the read buffer (valid
 * only during the call); a line longer than a chunk grows the buffer. A byte-order mark is dropped only
 * at offset 0. With `range`, it starts at a line start and may stop after any chunk (two readers split a file so).
 */
export function forEachLine(file: string, onLine: LineHandler, range: LineRange = {}): LinesRead {
  const fd = openSync(file, 'r');
  let buf: Buffer = Buffer.allocUnsafe(range.chunkBytes ?? CHUNK_BYTES);
  let pos = range.from ?? 0; // file offset of buf[0]
  const bom = pos === 0;
  let len = 0; // bytes held in buf
  let eof = false;
  let lines = 0;
  const line = (a: number, b: number) => {
    lines++;
    if (b > a && buf[b - 1] === CR) b--;
    if (bom && lines === 1 && b - a >= 3 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
    onLine(buf, a, b, lines);
  };
  try {
    while (!eof) {
      if (len === buf.length) buf = grow(buf);
      const n = readSync(fd, buf, len, buf.length - len, pos + len);
      if (n === 0) eof = true;
      len += n;
      let start = 0;
      for (let nl = buf.indexOf(LF, start); nl !== -1 && nl < len; nl = buf.indexOf(LF, start)) {
        line(start, nl);
        start = nl + 1;
      }
      if (eof && start < len) {
        line(start, len);
        start = len;
      }
      buf.copy(buf, 0, start, len);
      len -= start;
      pos += start;
      if (!eof && range.stopAt?.(pos)) break;
    }
  } finally {
    closeSync(fd);
  }
  return { lines, next: pos };
}

/**
 * decodeLine is the one decision for a line's bytes: the event FastLineParser reads from them, else the
 * slow path's (JSON.parse + validateEvent) event or rejection reason, or null for a blank line.
 */
export function decodeLine(fast: FastLineParser, buf: Buffer, a: number, b: number): MarketEvent | string | null {
  return fast.parse(buf, a, b) ?? slowLine(buf, a, b);
}

/** slowLine is decodeLine for a line FastLineParser did not take (its parse returned null, or parseInto false). */
export function slowLine(buf: Buffer, a: number, b: number): MarketEvent | string | null {
  if (blank(buf, a, b)) return null;
  return parseLine(buf.toString('utf8', a, b));
}

/**
 * readEvents streams a MarketEvent NDJSON file through `onEvent`, reporting each bad line (with its
 * 1-based line number) to `onReject`, on the calling thread. Lines are decoded from the raw bytes by
 * FastLineParser; any line it does not take goes through JSON.parse + validateEvent, so both paths agree.
 * A leading byte-order mark and CRLF endings are fine; blank lines are skipped and not counted. With
 * `reuseEvents`, the event handed to `onEvent` is reused for the next line: for consumers that keep no
 * reference (the engine). For a large file, readEventsFast (./ndjson-parallel.ts) reads on a second core.
 */
export function readEvents(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, opts: { reuseEvents?: boolean } = {}): ReadStats {
  const stats: ReadStats = { events: 0, rejected: 0, lines: 0 };
  readEventLines(file, onEvent, onReject, new FastLineParser(opts.reuseEvents === true), stats);
  return stats;
}

/**
 * readEventLines is readEvents over `range` of the file, adding to `stats` (line numbers go on from
 * `stats.lines`); returns the offset where it stopped.
 */
export function readEventLines(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, fast: FastLineParser, stats: ReadStats, range: LineRange = {}): number {
  const base = stats.lines;
  const read = forEachLine(file, (buf, a, b, line) => {
    const res = decodeLine(fast, buf, a, b);
    if (res === null) return;
    if (typeof res === 'string') {
      stats.rejected++;
      onReject({ line: base + line, reason: res });
    } else {
      stats.events++;
      onEvent(res);
    }
  }, range);
  stats.lines = base + read.lines;
  return read.next;
}

function grow(buf: Buffer): Buffer {
  const next = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(next);
  return next;
}
