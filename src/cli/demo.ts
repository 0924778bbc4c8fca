import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDay } from '../demo/generate.js';
import { DEMO_RULES } from './demo-rules.js';
import { parseCliArgs } from './args.js';
import { runReplay } from './replay-run.js';

const USAGE = `Usage: npm run demo [-- --json] [-- --no-color]

Generates the 2026-01-29 crash day (deterministic, seeded; built from the figures of the market note
in ../shared/seed) and replays it through the engine with the default rules: every alert, then the
crash summary. Needs no tokens, no Redis and no network. To keep the file: npm run generate -- FILE.
The default rules, with the day's tracked whale labelled (as rules.example.yaml does).`;


function main(argv: string[]): number {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cascade-demo-'));
  try {
    const file = join(dir, '2026-01-29-crash.ndjson');
    const n = generateDay(file);
    if (!args.json) process.stderr.write(`demo: generated ${n.toLocaleString('en-US')} events for 2026-01-29 (UTC); replaying…\n`);
    runReplay({
      file,
      rules: DEMO_RULES,
      json: args.json,
      color: args.color ?? (!args.json && process.stdout.isTTY === true),
      write: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
