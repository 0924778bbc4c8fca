import type { AlertEvent } from '../../src/alerts/types.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { firedFromEngine, firstDifference } from './fired.js';
import { measureJre } from './measure.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** SliceOptions picks the slice of a day: UTC hours [fromHour, toHour) of the first event's day, at most maxEvents. */
export interface SliceOptions {
  fromHour: number;
  toHour: number;
  maxEvents: number;
}

/** DEFAULT_SLICE is where the bench day (and the demo day) moves: 12:30–14:30 UTC, capped to keep the run short. */
export const DEFAULT_SLICE: SliceOptions = { fromHour: 12.5, toHour: 14.5, maxEvents: 150_000 };

/** readSlice reads the events of `file` that fall in the slice, in file order (a bad line is skipped). */
export function readSlice(file: string, opts: SliceOptions = DEFAULT_SLICE): MarketEvent[] {
  const out: MarketEvent[] = [];
  let from = NaN;
  let to = NaN;
  readEvents(
    file,
    (ev) => {
      if (Number.isNaN(from)) {
        const day = Math.floor(ev.ts / DAY_MS) * DAY_MS;
        from = day + opts.fromHour * HOUR_MS;
        to = day + opts.toHour * HOUR_MS;
      }
      if (ev.ts >= from && ev.ts < to && out.length < opts.maxEvents) out.push(ev);
    },
    () => {},
  );
  return out;
}

/** SliceComparison is what the bench prints: both rates on the slice and whether the fired sets match. */
export interface SliceComparison {
  events: number;
  jreRate: number;
  oursRate: number;
  same: boolean;
  firedOurs: number;
  firedJre: number;
  firstDiff: string | null;
}

/** compareOnSlice runs our engine and json-rules-engine, both cold, on the same slice held in memory. */
export async function compareOnSlice(file: string, rules: RulesConfig, opts: SliceOptions = DEFAULT_SLICE): Promise<SliceComparison> {
  const events = readSlice(file, opts);
  const engine = new Engine(rules);
  const alerts: AlertEvent[] = [];
  const t = performance.now();
  for (const ev of events) for (const a of engine.ingest(ev)) alerts.push(a);
  const oursMs = performance.now() - t;
  const jre = await measureJre(events, rules);
  const ours = firedFromEngine(alerts);
  const firstDiff = firstDifference(ours, jre.fired);
  return {
    events: events.length,
    jreRate: (jre.events / jre.ms) * 1000,
    oursRate: (events.length / oursMs) * 1000,
    same: firstDiff === null,
    firedOurs: ours.length,
    firedJre: jre.fired.length,
    firstDiff,
  };
}
