import { open, unlink, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { MarketEvent } from '../market/types.js';
import { DAY_MS, dayFileName, dayStartOf, listDayFiles } from './day-files.js';
import { gzipDay } from './gzip-day.js';
import { makeDirSync } from '../ops/make-dir.js';

/** FLUSH_BYTES: pending lines are written as soon as this much is buffered (else every flush interval). */
const FLUSH_BYTES = 256 * 1024;

/** RecorderOptions say where to record, how long to keep days and how often to write. */
export interface RecorderOptions {
  dir: string;
  /** Days kept, counted back from the newest recorded day; 0 keeps every day. */
  retentionDays: number;
  flushMs: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The wall clock (start-up decides which open days a crash left behind). */
  now?: () => number;
}

/** RecorderStats are the figures /metrics shows. */
export interface RecorderStats {
  events: number;
  /** Events that could not be written (disk full, permissions): lost to the recording, never to the engine. */
  dropped: number;
  writeErrors: number;
  /** Bytes of day files in the directory (plain and gzipped). */
  diskBytes: number;
}

/**
 * DayRecorder appends every event the engine takes to one NDJSON file per UTC day (the day of the event clock,
 * the largest `ts` seen, so each file holds the events in the order the engine took them), exactly the replay
 * format. Lines are buffered and written in order; a closed day is gzipped; a restart appends. A write error is
 * logged once (and once more when writing works again) and never reaches the caller.
 */
export class DayRecorder {
  readonly stats: RecorderStats = { events: 0, dropped: 0, writeErrors: 0, diskBytes: 0 };
  private clock = -Infinity;
  private day = NaN;
  private file = '';
  private pending: string[] = [];
  private pendingBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly background = new Set<Promise<void>>();
  private readonly checked = new Set<string>();
  private failing = false;
  private droppedSinceFailure = 0;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly o: RecorderOptions) {}

  /** start opens a recorder: days a crash left unzipped (before today) are gzipped first, in order with every write. */
  static start(o: RecorderOptions): DayRecorder {
    const r = new DayRecorder(o);
    const today = dayStartOf((o.now ?? Date.now)());
    r.chain = r.chain.then(() => r.closeLeftovers(today));
    r.timer = setInterval(() => r.flush(), o.flushMs);
    r.timer.unref();
    return r;
  }

  /** record buffers one validated event for its day's file (never throws, never waits). */
  record(ev: MarketEvent): void {
    if (ev.ts > this.clock) this.clock = ev.ts;
    const day = dayStartOf(this.clock);
    if (day !== this.day) this.rollTo(day);
    const line = `${JSON.stringify(ev)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.stats.events++;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** flush hands the buffered lines to the writer (written in order, after what was handed before). */
  flush(): void {
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    const n = this.pending.length;
    const file = this.file;
    this.pending = [];
    this.pendingBytes = 0;
    this.chain = this.chain.then(() => this.write(file, data, n));
  }

  /** close writes everything buffered and waits for the writes and any gzip under way (the open day stays plain: a restart appends). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
    await this.chain;
    await Promise.all([...this.background]);
  }

  /** idle resolves when everything handed over so far is written and gzipped (tests). */
  async idle(): Promise<void> {
    this.flush();
    await this.chain;
    await Promise.all([...this.background]);
  }

  private rollTo(day: number): void {
    this.flush();
    const closing = this.file;
    this.day = day;
    this.file = join(this.o.dir, dayFileName(day));
    if (!closing) return;
    const written = this.chain;
    const job = written.then(() => this.closeDay(closing, day)).finally(() => this.background.delete(job));
    this.background.add(job);
  }

  /** closeDay gzips a day the clock has left and applies the retention, counted back from the new day. */
  private async closeDay(file: string, newDay: number): Promise<void> {
    await this.gzip(file);
    await this.prune(newDay);
  }

  private async closeLeftovers(today: number): Promise<void> {
    let days;
    try {
      // Made at start, so a RECORD_DIR that cannot be is reported now, not at the first event (which may be far off).
      makeDirSync(this.o.dir);
    } catch (err) {
      this.fail(`cannot create ${this.o.dir}`, err);
      return;
    }
    try {
      days = listDayFiles(this.o.dir);
    } catch (err) {
      this.fail(`cannot list ${this.o.dir}`, err);
      return;
    }
    for (const d of days) if (!d.gzipped && d.dayStart < today) await this.gzip(d.path);
    this.measure();
  }

  private async gzip(file: string): Promise<void> {
    try {
      const gz = await gzipDay(file);
      this.o.log.info(`recording: closed ${file} as ${gz}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing was written to that day
      this.fail(`cannot gzip ${file}`, err);
    }
    this.measure();
  }

  private async prune(newest: number): Promise<void> {
    if (this.o.retentionDays <= 0) return;
    const cutoff = newest - this.o.retentionDays * DAY_MS;
    for (const d of listDayFiles(this.o.dir)) {
      if (d.dayStart >= cutoff) continue;
      try {
        await unlink(d.path);
        this.o.log.info(`recording: deleted ${d.path} (older than RECORD_RETENTION_DAYS=${this.o.retentionDays})`);
      } catch (err) {
        this.fail(`cannot delete ${d.path}`, err);
      }
    }
    this.measure();
  }

  private async write(file: string, data: string, n: number): Promise<void> {
    try {
      if (!this.checked.has(file)) {
        makeDirSync(this.o.dir);
        // A kill mid-write can leave a torn last line: start on a fresh line so only that one line is rejected on replay.
        if (await endsMidLine(file)) data = `\n${data}`;
        this.checked.add(file);
      }
      if (this.failing) data = `\n${data}`;
      await appendFile(file, data);
      this.stats.diskBytes += Buffer.byteLength(data);
      if (this.failing) {
        this.failing = false;
        this.o.log.info(`recording: writing ${file} again (${this.droppedSinceFailure} events were not recorded meanwhile)`);
        this.droppedSinceFailure = 0;
      }
    } catch (err) {
      this.stats.dropped += n;
      this.droppedSinceFailure += n;
      this.fail(`cannot write ${file}`, err);
    }
  }

  /** fail counts a disk error and logs it once until writing works again: the engine goes on either way. */
  private fail(what: string, err: unknown): void {
    this.stats.writeErrors++;
    if (this.failing) return;
    this.failing = true;
    const e = err as NodeJS.ErrnoException;
    this.o.log.error(`recording: ${what} (${e.code ?? 'error'}: ${e.message}): alerts go on, recording is paused until it can write again; ${remedy(e.code, this.o.dir)}`);
  }

  private measure(): void {
    try {
      this.stats.diskBytes = listDayFiles(this.o.dir).reduce((s, d) => s + d.bytes, 0);
    } catch {
      // keep the last figure
    }
  }
}

/** remedy is what the operator can do about a disk error, by its code. */
function remedy(code: string | undefined, dir: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return `free disk space where RECORD_DIR=${dir} is`;
  if (code === 'EACCES' || code === 'EPERM') return `let this process write to RECORD_DIR=${dir} (its permissions)`;
  if (code === 'EROFS') return `RECORD_DIR=${dir} is on a read-only file system: point it at a writable one`;
  if (code === 'ENOENT') return `RECORD_DIR=${dir} cannot be made there: point RECORD_DIR at a folder on a writable disk`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `RECORD_DIR=${dir} (or a folder on its path) is a file, not a folder: point RECORD_DIR at a folder`;
  return `free disk space or fix the permissions of RECORD_DIR=${dir}`;
}

/** endsMidLine: the file exists, is not empty and its last byte is not a newline. */
async function endsMidLine(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return false;
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, size - 1);
    return b[0] !== 10;
  } finally {
    await fh.close();
  }
}
