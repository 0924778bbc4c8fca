/** The demo day (2026-01-29) replayed once per test file: its alerts and summary, as the replay CLI produces them. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReplay, type ReplayResult } from '../../src/cli/replay-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';

let memo: ReplayResult | null = null;

/** demoDay generates and replays the demo day (about 3 s), once per process. */
export function demoDay(): ReplayResult {
  if (memo) return memo;
  const dir = mkdtempSync(join(tmpdir(), 'cascade-i18n-'));
  try {
    const file = join(dir, 'crash.ndjson');
    generateDay(file);
    memo = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: () => {}, writeErr: () => {} });
    return memo;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
