import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { parseLine } from '../market/ndjson.js';
import { hasGzipMagic, NAMED_GZ_NOT_GZIP } from './gzip-input.js';

/** HEAD_BYTES is how much of each file is read to find where it starts in time. */
const HEAD_BYTES = 256 * 1024;
/** Names a directory's files must have to be replayed. */
const NDJSON_NAME = /\.ndjson(\.gz)?$/;

/** PlannedFile is one input to replay: its path, whether it is gzipped, the time it starts at and its size on disk. */
export interface PlannedFile {
  path: string;
  gz: boolean;
  /** The `ts` of its first event that is not an index quote (whose `ts` is the quote's own, often hours old). */
  start: number;
  /** Its size uncompressed (a gzip's own ISIZE trailer: the size mod 4 GiB), which progress and the ETA count. */
  bytes: number;
}

/** Plan is the files in time order and one line for each input left out (or replayed in another order than given). */
export interface Plan {
  files: PlannedFile[];
  notes: string[];
}

/** planInputs expands FILE|DIR arguments into the files to replay, in time order; every file left out gets one line naming it and why. */
export function planInputs(inputs: readonly string[]): Plan {
  const notes: string[] = [];
  const candidates: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      notes.push(`${input}: skipped: no such file or directory`);
      continue;
    }
    if (!st.isDirectory()) {
      candidates.push(input);
      continue;
    }
    for (const name of readdirSync(input).sort()) {
      const p = join(input, name);
      if (!NDJSON_NAME.test(name)) notes.push(`${p}: skipped: not .ndjson or .ndjson.gz`);
      else if (!statSync(p).isFile()) notes.push(`${p}: skipped: not a regular file`);
      else candidates.push(p);
    }
  }
  const files: PlannedFile[] = [];
  for (const path of candidates) {
    const f = probe(path);
    if (typeof f === 'string') notes.push(`${path}: skipped: ${f}`);
    else files.push(f);
  }
  const given = files.map((f) => f.path);
  files.sort((a, b) => a.start - b.start || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (files.some((f, i) => f.path !== given[i])) {
    notes.push(`files are not in time order as given: replaying them in time order (${files.map((f) => basename(f.path)).join(', ')})`);
  }
  return { files, notes };
}

/** probe reads the head of a file: where it starts in time, or why it cannot be replayed. */
function probe(path: string): PlannedFile | string {
  let head: Buffer;
  let bytes: number;
  try {
    bytes = statSync(path).size;
    if (!statSync(path).isFile()) return 'not a regular file';
    head = readHead(path);
  } catch (err) {
    return `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (head.length === 0) return 'empty';
  // Gzip is known by its magic bytes (a recorded day renamed .ndjson is still read); a .gz without them is refused.
  const gz = hasGzipMagic(head);
  if (!gz && path.endsWith('.gz')) return NAMED_GZ_NOT_GZIP;
  if (gz) {
    try {
      // Z_SYNC_FLUSH: decompress what the head holds without asking for the end of the stream.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (err) {
      return `corrupt gzip (${(err as Error).message})`;
    }
  }
  const start = firstTs(head, bytes <= HEAD_BYTES);
  if (start === null) return `no MarketEvent line in its first ${HEAD_BYTES / 1024} KiB (not MarketEvent NDJSON?)`;
  return { path, gz, start, bytes: gz ? gzipSize(path, bytes) : bytes };
}

/** gzipSize reads a gzip file's ISIZE trailer (RFC 1952 §2.3.1: the last 4 bytes, size mod 2^32); a file that short gives its own size. */
function gzipSize(path: string, bytes: number): number {
  if (bytes < 18) return bytes;
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, bytes - 4);
    // A truncated file's last bytes are not a trailer: keep the figure plausible (NDJSON compresses about 10×).
    return Math.min(b.readUInt32LE(0), bytes * 100);
  } finally {
    closeSync(fd);
  }
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** firstTs is the `ts` of the first valid event that is not an index quote (else of the first valid event). */
function firstTs(head: Buffer, whole: boolean): number | null {
  const lines = head.toString('utf8').replace(/^\uFEFF/, '').split('\n');
  if (!whole) lines.pop(); // maybe cut short by the head's end
  let any: number | null = null;
  for (const line of lines) {
    const ev = parseLine(line);
    if (ev === null || typeof ev === 'string') continue;
    if (ev.kind !== 'index') return ev.ts;
    any ??= ev.ts;
  }
  return any;
}
