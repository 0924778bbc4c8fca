import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** DAY_MS is one UTC day. */
export const DAY_MS = 86_400_000;

/** DAY_FILE matches a recorder's day file: `2026-01-29.ndjson` while the day is open, `2026-01-29.ndjson.gz` once closed. */
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson(\.gz)?$/;

/** DayFile is one recorded day on disk. */
export interface DayFile {
  /** The UTC date, `YYYY-MM-DD`. */
  date: string;
  /** The day's first millisecond (UTC). */
  dayStart: number;
  path: string;
  gzipped: boolean;
  bytes: number;
}

/** utcDate is the `YYYY-MM-DD` UTC date of an epoch-ms time. */
export function utcDate(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** dayStartOf is the first millisecond of the UTC day holding `ts`. */
export function dayStartOf(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** dayFileName is the open (not yet gzipped) file name of the UTC day holding `ts`. */
export function dayFileName(ts: number): string {
  return `${utcDate(ts)}.ndjson`;
}

/** listDayFiles lists the day files in `dir` (other files are left alone), oldest first; a missing directory has none. */
export function listDayFiles(dir: string): DayFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: DayFile[] = [];
  for (const name of names) {
    const m = DAY_FILE.exec(name);
    if (!m) continue;
    const dayStart = Date.parse(`${m[1]}T00:00:00Z`);
    if (Number.isNaN(dayStart)) continue;
    const path = join(dir, name);
    let bytes = 0;
    try {
      bytes = statSync(path).size;
    } catch {
      continue; // removed meanwhile
    }
    out.push({ date: m[1], dayStart, path, gzipped: m[2] !== undefined, bytes });
  }
  return out.sort((a, b) => a.dayStart - b.dayStart || Number(a.gzipped) - Number(b.gzipped));
}
