/** The 2026-01-29 crash day as the engine fires it (ids and cascade ids included), generated once per process. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';

/** CrashDay is the day's events and the alerts the default rules fire on them, with the index of the event that fired each. */
export interface CrashDay {
  file: string;
  events: MarketEvent[];
  alerts: Array<{ alert: AlertEvent; at: number }>;
}

const memo = new Map<string, CrashDay>();
let dir: string | null = null;

/** crashDay generates the day and replays it through the engine with the chats' custom levels (per asset). */
export function crashDay(customLevels: Record<string, number[]> = {}): CrashDay {
  const key = JSON.stringify(customLevels);
  const hit = memo.get(key);
  if (hit) return hit;
  dir ??= mkdtempSync(join(tmpdir(), 'cascade-crash-'));
  const file = join(dir, 'day.ndjson');
  const events: MarketEvent[] = [];
  if (memo.size === 0) generateDay(file);
  readEvents(file, (e) => events.push(e), () => {});
  const engine = new Engine(DEFAULT_RULES);
  for (const [asset, levels] of Object.entries(customLevels)) engine.setExtraLevels(asset, levels);
  const alerts: CrashDay['alerts'] = [];
  events.forEach((e, i) => {
    for (const a of engine.ingest(e)) alerts.push({ alert: structuredClone(a), at: i });
  });
  const day = { file, events, alerts };
  memo.set(key, day);
  return day;
}

/** removeCrashDay deletes the generated file. */
export function removeCrashDay(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
  memo.clear();
}
