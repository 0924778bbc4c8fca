import { basename } from 'node:path';
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
 * runBacktest replays the files in order through one Engine, state carried from file to file (the engine's clock
 * never goes back), counting alerts per UTC day; files or parts of files that cover time already replayed are
 * skipped with a line, and unreadable files (a truncated gzip) are skipped whole with a line.
 */
export async function runBacktest(o: BacktestRun): Promise<BacktestResult> {
  const engine = new Engine(o.rules);
  const tally = new TallyBuilder();
  const res: BacktestResult = { tally: tally.result(), events: 0, rejected: 0, skipped: 0, filesReplayed: 0 };
  const bytes = o.files.reduce((s, f) => s + f.bytes, 0);
  let bytesDone = 0;
  const spans: Span[] = [];
  let dayEnd = -Infinity;
  const input = new Prefetcher(o.files);
  try {
    for (let i = 0; i < o.files.length; i++) {
      const f = o.files[i];
      const ready = await input.get(i);
      if ('error' in ready) {
        o.note(`${f.path}: skipped: ${ready.error}`);
      } else {
        const boundary = spans.length === 0 ? -Infinity : engine.market.clock;
        // A continuation keeps its late events; an overlap skips everything up to what was replayed.
        const cut = f.start >= boundary - SEAM_MS ? boundary - SEAM_MS : boundary + 1;
        let skipped = 0, skippedFrom = Infinity, skippedTo = -Infinity, rejected = 0, skippedAll = 0;
        const onEvent = (ev: MarketEvent) => {
          if (ev.ts < cut) {
            // Index quotes carry the quote's own time (often hours old): repeats, not an overlap.
            if (ev.kind !== 'index') {
              skipped++;
              if (ev.ts < skippedFrom) skippedFrom = ev.ts;
              if (ev.ts > skippedTo) skippedTo = ev.ts;
            }
            skippedAll++;
            return;
          }
          if (ev.ts >= dayEnd) {
            const day = Math.floor(ev.ts / DAY_MS) * DAY_MS;
            dayEnd = day + DAY_MS;
            tally.day(utcDate(day));
          }
          const fired = engine.ingest(ev);
          for (let k = 0; k < fired.length; k++) tally.alert(fired[k]);
        };
        const stats = readEvents(ready.path, onEvent, (r) => {
          if (rejected++ < MAX_REJECTIONS_PER_FILE) o.note(`${f.path}:${r.line}: rejected: ${r.reason}`);
        }, { reuseEvents: true });
        if (rejected > MAX_REJECTIONS_PER_FILE) o.note(`${f.path}: rejected ${rejected} lines in all`);
        res.events += stats.events - skippedAll;
        res.skipped += skippedAll;
        res.rejected += stats.rejected;
        res.filesReplayed++;
        if (skipped > 0) o.note(overlapLine(f, spans, skipped, skippedFrom, skippedTo));
        spans.push({ name: basename(f.path), from: f.start, to: engine.market.clock });
      }
      input.release(i);
      bytesDone += f.bytes;
      o.progress?.({ filesDone: i + 1, files: o.files.length, bytesDone, bytes, events: res.events });
    }
  } finally {
    await input.close();
  }
  return res;
}

/** overlapLine says which earlier files already covered the skipped events' time. */
function overlapLine(f: PlannedFile, spans: readonly Span[], n: number, from: number, to: number): string {
  const by = spans.filter((s) => s.from <= to && s.to >= from).map((s) => s.name);
  const range = `${formatUtc(from)} – ${formatUtc(to)}`;
  return `${f.path}: covers ${range} already replayed${by.length > 0 ? ` from ${by.join(', ')}` : ''}: skipped ${n.toLocaleString('en-US')} events there (nothing counted twice)`;
}
