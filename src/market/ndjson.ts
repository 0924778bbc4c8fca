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

/**
 * readEvents streams a MarketEvent NDJSON file through `onEvent`, reporting each bad line (with its
 * 1-based line number) to `onReject`. Lines are decoded from the raw bytes by FastLineParser; any line
 * it does not take goes through JSON.parse + validateEvent, so both paths agree. A leading byte-order
 * mark and CRLF endings are fine; blank lines are skipped and not counted. With `reuseEvents`, the
 * event handed to `onEvent` is reused for the next line: for consumers that keep no reference (the engine).
 */
export function readEvents(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, opts: { reuseEvents?: boolean } = {}): ReadStats {
  const stats: ReadStats = { events: 0, rejected: 0, lines: 0 };
  const fast = new FastLineParser(opts.reuseEvents === true);
  const fd = openSync(file, 'r');
  let buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let len = 0; // bytes held in buf
  let eof = false;
  const line = (a: number, b: number) => {
    stats.lines++;
    if (b > a && buf[b - 1] === CR) b--;
    if (stats.lines === 1 && b - a >= 3 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
    const ev = fast.parse(buf, a, b);
    if (ev !== null) {
      stats.events++;
      onEvent(ev);
      return;
    }
    if (blank(buf, a, b)) return;
    const res = parseLine(buf.toString('utf8', a, b));
    if (res === null) return;
    if (typeof res === 'string') {
      stats.rejected++;
      onReject({ line: stats.lines, reason: res });
    } else {
      stats.events++;
      onEvent(res);
    }
  };
  try {
    while (!eof) {
      if (len === buf.length) buf = grow(buf);
      const n = readSync(fd, buf, len, buf.length - len, null);
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
    }
  } finally {
    closeSync(fd);
  }
  return stats;
}

function grow(buf: Buffer): Buffer {
  const next = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(next);
  return next;
}
