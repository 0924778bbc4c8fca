import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { MarketEvent } from './types.js';
import { validateEvent } from './validate.js';

/** CHUNK_BYTES is how much of the file is read per system call. */
const CHUNK_BYTES = 1 << 20;

/** Rejection is one refused line: its 1-based line number in the file and why. */
export interface Rejection {
  line: number;
  reason: string;
}

/** ReadStats counts what a read saw: valid events and rejected lines (blank lines are neither). */
export interface ReadStats {
  events: number;
  rejected: number;
  lines: number;
}

/** LineHandler receives one physical line (without its line ending) and its 1-based number. */
export type LineHandler = (line: string, lineNo: number) => void;

/** forEachLine reads a file in chunks and calls `onLine` per line; handles CRLF and a leading BOM. */
export function forEachLine(file: string, onLine: LineHandler): number {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  let first = true;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      let text = n > 0 ? carry + decoder.write(buf.subarray(0, n)) : carry + decoder.end();
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end), ++lineNo);
        start = nl + 1;
      }
      carry = text.slice(start);
      if (n === 0) break;
    }
    if (carry.length > 0) onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++lineNo);
  } finally {
    closeSync(fd);
  }
  return lineNo;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** parseLine decodes and validates one NDJSON line: an event, a rejection reason, or null if blank. */
export function parseLine(line: string): MarketEvent | string | null {
  if (line.length === 0 || (line.charCodeAt(0) !== 123 && isBlank(line))) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message.slice(0, 80)}`;
  }
  return validateEvent(value);
}

/** readEvents streams a MarketEvent NDJSON file through `onEvent`, reporting each bad line to `onReject`. */
export function readEvents(
  file: string,
  onEvent: (ev: MarketEvent) => void,
  onReject: (r: Rejection) => void,
): ReadStats {
  const stats: ReadStats = { events: 0, rejected: 0, lines: 0 };
  stats.lines = forEachLine(file, (line, lineNo) => {
    const res = parseLine(line);
    if (res === null) return;
    if (typeof res === 'string') {
      stats.rejected++;
      onReject({ line: lineNo, reason: res });
      return;
    }
    stats.events++;
    onEvent(res);
  });
  return stats;
}
