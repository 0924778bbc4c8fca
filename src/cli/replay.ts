import { existsSync } from 'node:fs';
import { CliUsageError, parseCliArgs } from './args.js';
import { startReplayRead } from './replay-read.js';

const USAGE = `Usage: npm run replay -- FILE [--rules RULES_FILE] [--json] [--no-color] [--lang en|zh] [--tz ZONE]

Feeds a MarketEvent NDJSON file (one JSON object a line: price, liquidation or index events) through
the same engine the live bot runs, with event time as the clock. Prints every alert the rules fire, in
order, then the crash summary for the whole file. No Redis, no network, no tokens.

  --rules FILE   YAML or JSON rules file laid over the defaults (see rules.example.yaml)
  --json         one JSON object a line on stdout: {"type":"alert",…} then {"type":"summary",…}
  --no-color     plain text even on a terminal
  --lang en|zh   write alert titles, texts and the summary in English (default) or Simplified Chinese
  --tz ZONE      show times in an IANA time zone (default UTC), e.g. --tz Asia/Shanghai;
                 --lang and --tz change the texts only, never an alert's or the summary's "data"

Rejected lines are reported on stderr with their line number; the last stderr line is "rejected N lines".`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`replay: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.file) {
    process.stderr.write(`replay: no FILE given\n\n${USAGE}\n`);
    return 2;
  }
  if (!existsSync(args.file)) {
    process.stderr.write(`replay: no such file: ${args.file}\n`);
    return 2;
  }
  // The reader thread of a large file boots now, while the engine, the texts and the rules load.
  const read = startReplayRead(args.file);
  const [{ DEFAULT_RULES }, { loadRulesFile, RulesFileError }, { runReplay }] = await Promise.all([
    import('../config/rules-defaults.js'),
    import('../config/rules-file.js'),
    import('./replay-run.js'),
  ]).catch((err: unknown) => {
    read.cancel();
    throw err;
  });
  let rules = DEFAULT_RULES;
  if (args.rules) {
    try {
      rules = loadRulesFile(args.rules);
    } catch (err) {
      read.cancel();
      if (err instanceof RulesFileError) {
        process.stderr.write(`replay: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  }
  runReplay({
    read,
    file: args.file,
    rules,
    json: args.json,
    color: args.color ?? (!args.json && process.stdout.isTTY === true),
    write: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    locale: args.locale,
  });
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
