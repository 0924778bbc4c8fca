import { basename } from 'node:path';
import { NO_ALERTS } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { readEvents } from '../market/ndjson.js';
import type { MarketEvent } from '../market/types.js';
import { DAY_MS, utcDate } from '../record/day-files.js';
import { Engine } from '../rules/engine.js';
import { formatUtc } from '../render/format.js';
import { Prefetcher } from './backtest-input.js';
import type { PlannedFile } from './backtest-plan.js';
import { TallyBuilder, type Tally } from './backtest-tally.js';

/**
 * SEAM_MS: a file that starts less than this before the end of what was already replayed continues it (a recorder's
 * next day, whose first events can be a little older than the previous day's last: they arrived late) and only its
 * events older than that are skipped; a file that starts earlier overlaps what was replayed, and everything in it up
 * to that point is skipped, so no hour is counted twice.
 */
export const SEAM_MS = 60_000;
/** PROGRESS_EVERY: within a file, progress is reported every 262,144 events (a mask: 2^18 − 1). */
const PROGRESS_EVERY = (1 << 18) - 1;
/** MAX_REJECTIONS_PER_FILE caps the per-line reports of one file (the total is always given). */
const MAX_REJECTIONS_PER_FILE = 5;

/** BacktestProgress is reported after each chunk of work: files and bytes done of the total, events so far. */
export interface BacktestProgress {
  filesDone: number;
  files: number;
  bytesDone: number;
  bytes: number;
  events: number;
}

/** BacktestResult is what one rules file fired over all the files, and what the run saw. */
export interface BacktestResult {
  tally: Tally;
  rejected: number;
  /** Events replayed (read and not skipped). */
  events: number;
  /** Events skipped because earlier files had covered their time already. */
  skipped: number;
  filesReplayed: number;
}

/** BacktestRun says what to replay with which rules, and where its one-line notes and progress go. */
export interface BacktestRun {
  files: readonly PlannedFile[];
  rules: RulesConfig;
  note: (line: string) => void;
  progress?: (p: BacktestProgress) => void;
}

/** Span is the time a replayed file covered (its first and last event clock). */
interface Span {
  name: string;
  from: number;
  to: number;
}

/**
 * Gate decides which of a file's events are new: a file that continues what was replayed keeps its late events (up
 * to SEAM_MS older than the clock); one that overlaps it skips everything up to the clock. It counts what it skips.
 */
class Gate {
  readonly cut: number;
  skippedAll = 0;
  /** Skipped events other than index quotes (whose `ts` is the quote's own, often hours old: repeats, not an overlap). */
  skipped = 0;
  from = Infinity;
  to = -Infinity;

  constructor(start: number, boundary: number) {
    this.cut = start >= boundary - SEAM_MS ? boundary - SEAM_MS : boundary + 1;
  }

  admit(ev: MarketEvent): boolean {
    if (ev.ts >= this.cut) return true;
    this.skippedAll++;
    if (ev.kind !== 'index') {
      this.skipped++;
      if (ev.ts < this.from) this.from = ev.ts;
      if (ev.ts > this.to) this.to = ev.ts;
    }
    return false;
  }
}

/** Replayer is one rules file's engine and tally across the files, with what it has seen so far. */
class Replayer {
  readonly engine: Engine;
  readonly tally = new TallyBuilder();
  readonly res: BacktestResult;
  readonly spans: Span[] = [];
  private dayEnd = -Infinity;

  constructor(rules: RulesConfig, private readonly o: BacktestRun) {
    this.engine = new Engine(rules);
    this.res = { tally: this.tally.result(), events: 0, rejected: 0, skipped: 0, filesReplayed: 0 };
  }

  /** file replays one readable file; `tick` is called every PROGRESS_EVERY + 1 events replayed. */
  file(f: PlannedFile, path: string, tick: (events: number) => void): void {
    const gate = new Gate(f.start, this.spans.length === 0 ? -Infinity : this.engine.market.clock);
    let replayed = 0, rejected = 0;
    const onEvent = (ev: MarketEvent) => {
      if (!gate.admit(ev)) return;
      if (ev.ts >= this.dayEnd) this.newDay(ev.ts);
      const fired = this.engine.ingest(ev);
      if (fired !== NO_ALERTS) for (let k = 0; k < fired.length; k++) this.tally.alert(fired[k]);
      if ((++replayed & PROGRESS_EVERY) === 0) tick(this.res.events + replayed);
    };
    const stats = readEvents(path, onEvent, (r) => {
      if (rejected++ < MAX_REJECTIONS_PER_FILE) this.o.note(`${f.path}:${r.line}: rejected: ${r.reason}`);
    }, { reuseEvents: true }); // the engine copies what it keeps
    if (rejected > MAX_REJECTIONS_PER_FILE) this.o.note(`${f.path}: rejected ${rejected} lines in all`);
    this.res.events += stats.events - gate.skippedAll;
    this.res.skipped += gate.skippedAll;
    this.res.rejected += stats.rejected;
    this.res.filesReplayed++;
    if (gate.skipped > 0) this.o.note(overlapLine(f, this.spans, gate.skipped, gate.from, gate.to));
    this.spans.push({ name: basename(f.path), from: f.start, to: this.engine.market.clock });
  }

  /** newDay notes a UTC day that had events (the clock's days: an old index quote does not bring back a day). */
  private newDay(ts: number): void {
    const day = Math.floor(ts / DAY_MS) * DAY_MS;
    this.dayEnd = day + DAY_MS;
    this.tally.day(utcDate(day));
  }
}

/**
 * runBacktest replays the files in order through one Engine, state carried from file to file (the engine's clock
 * never goes back), counting alerts per UTC day; files or parts of files that cover time already replayed are
 * skipped with a line, and unreadable files (a truncated gzip) are skipped whole with a line.
 */
export async function runBacktest(o: BacktestRun): Promise<BacktestResult> {
  const r = new Replayer(o.rules, o);
  const bytes = o.files.reduce((s, f) => s + f.bytes, 0);
  let bytesDone = 0;
  const input = new Prefetcher(o.files);
  try {
    for (let i = 0; i < o.files.length; i++) {
      const f = o.files[i];
      const ready = await input.get(i);
      if ('error' in ready) o.note(`${f.path}: skipped: ${ready.error}`);
      else r.file(f, ready.path, (events) => o.progress?.({ filesDone: i, files: o.files.length, bytesDone, bytes, events }));
      input.release(i);
      bytesDone += f.bytes;
      o.progress?.({ filesDone: i + 1, files: o.files.length, bytesDone, bytes, events: r.res.events });
    }
  } finally {
    await input.close();
  }
  return r.res;
}

/** overlapLine says which earlier files already covered the skipped events' time. */
function overlapLine(f: PlannedFile, spans: readonly Span[], n: number, from: number, to: number): string {
  const by = spans.filter((s) => s.from <= to && s.to >= from).map((s) => s.name);
  const range = `${formatUtc(from)} – ${formatUtc(to)}`;
  return `${f.path}: covers ${range} already replayed${by.length > 0 ? ` from ${by.join(', ')}` : ''}: skipped ${n.toLocaleString('en-US')} events there (nothing counted twice)`;
}
