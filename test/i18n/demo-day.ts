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

let memo: DemoDay | null = null;

/** demoDay generates and replays the demo day (about 3 s), once per process. */
export function demoDay(): DemoDay {
  if (memo) return memo;
  const dir = mkdtempSync(join(tmpdir(), 'cascade-i18n-'));
  try {
    const file = join(dir, 'crash.ndjson');
    generateDay(file);
    let out = '';
    const run = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: (s) => (out += s), writeErr: () => {} });
    const printed = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((o) => o.type === 'alert');
    memo = { run, printed };
    return memo;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
