// Child process of the replay section: one whole run of one loop over FILE in a process of its own, so the
// parent can time the process from spawn to exit. `bare` is the baseline; `ours` is the replay with every
// alert written (to /dev/null). Prints one JSON line: {events, alerts?, split?}.
import { closeSync, openSync, writeSync } from 'node:fs';
import { runReplay } from '../src/cli/replay-run.js';
import { benchRules } from './day.js';
import { bareLoop } from './loops.js';

const [which, file] = process.argv.slice(2);
if (which === 'bare') {
  const m = bareLoop(file);
  process.stdout.write(JSON.stringify({ events: m.events }) + '\n');
} else if (which === 'ours') {
  const out = openSync('/dev/null', 'w');
  const r = runReplay({ file, rules: benchRules(), json: true, color: false, write: (s) => void writeSync(out, s), writeErr: () => {} });
  closeSync(out);
  process.stdout.write(JSON.stringify({ events: r.stats.events, alerts: r.alerts.length, split: r.split }) + '\n');
} else throw new Error(`loop-child: bare or ours, not ${which}`);
