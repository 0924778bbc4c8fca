/** The demo day (2026-01-29) replayed once per test file: the JSON lines `npm run demo -- --json` prints, and the run itself. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/alerts/types.js';
import { runReplay, type ReplayResult } from '../../src/cli/replay-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';

/** DemoDay is the replay's result and the alerts exactly as printed (their data frozen at the moment they fired). */
export interface DemoDay {
  run: ReplayResult;
  printed: AlertEvent[];
}

const memo = new Map<string, DemoDay>();

/**
 * demoDay generates and replays the demo day, or with `calm` a calm day (about 3 s each), once per process;
 * `positioning: false` leaves out open interest, funding and positions (the day before issues 12 and 13).
 */
export function demoDay(calm = false, positioning = true): DemoDay {
  const key = `${calm}|${positioning}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'cascade-i18n-'));
  try {
    const file = join(dir, 'day.ndjson');
    generateDay(file, { calm, positioning });
    let out = '';
    const run = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: (s) => (out += s), writeErr: () => {} });
    const printed = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((o) => o.type === 'alert');
    const day = { run, printed };
    memo.set(key, day);
    return day;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
