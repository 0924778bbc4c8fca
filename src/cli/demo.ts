import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDay } from '../demo/generate.js';
import { CliUsageError, parseCliArgs, terminalOutput } from './args.js';
import { DEMO_RULES } from './demo-rules.js';
import { runReplay } from './replay-run.js';

const USAGE = `Usage: npm run demo [-- --json] [-- --no-color] [-- --lang en|zh] [-- --tz ZONE]

Generates the 2026-01-29 crash day (deterministic, seeded; built from the figures of a market note on
that crash, listed in src/demo/scenario.ts) and replays it through the engine with the default rules:
every alert, then the crash summary. Needs no tokens, no Redis and no network. To keep the file: npm run generate -- FILE.

  --json         one JSON object a line on stdout: {"type":"alert",…} then {"type":"summary",…}
  --no-color     plain text even on a terminal
  --lang en|zh   write alert titles, texts and the summary in English (default) or Simplified Chinese
  --tz ZONE      show times in an IANA time zone (default UTC), e.g. --tz Asia/Shanghai

--lang and --tz change the texts only: every alert's and the summary's "data" stays the same.
The default rules, with the day's tracked whale labelled (as rules.example.yaml does).
Example: npm run demo -- --lang zh --tz Asia/Shanghai`;

function main(argv: string[]): number {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`demo: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
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
      ...terminalOutput(args),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
