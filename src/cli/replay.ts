import { existsSync } from 'node:fs';
import { DEFAULT_RULES } from '../config/rules-defaults.js';
import { loadRulesFile, RulesFileError } from '../config/rules-file.js';
import { CliUsageError, parseCliArgs } from './args.js';
import { runReplay } from './replay-run.js';

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

function main(argv: string[]): number {
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
  let rules = DEFAULT_RULES;
  if (args.rules) {
    try {
      rules = loadRulesFile(args.rules);
    } catch (err) {
      if (err instanceof RulesFileError) {
        process.stderr.write(`replay: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  }
  runReplay({
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

process.exitCode = main(process.argv.slice(2));
