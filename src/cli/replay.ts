import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_RULES } from '../config/rules-defaults.js';
import { loadRulesFile, RulesFileError } from '../config/rules-file.js';
import { CliUsageError, parseCliArgs, terminalOutput } from './args.js';
import { gunzipFile, gunzipReason, NAMED_GZ_NOT_GZIP, startsWithGzipMagic } from './gzip-input.js';
import { runReplay } from './replay-run.js';

const USAGE = `Usage: npm run replay -- FILE [--rules RULES_FILE] [--json] [--no-color] [--lang en|zh] [--tz ZONE]

Feeds a MarketEvent NDJSON file (one event a line: price, liquidation, index, open_interest, funding or
position) through the same engine the live bot runs, with event time as the clock. Prints every alert the
rules fire, in order, then the crash summary for the whole file. No Redis, no network, no tokens. A gzipped
file (a recorded day, 2026-01-29.ndjson.gz) is read as well; for many days or a directory, see npm run backtest.

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
  if (statSync(args.file).isDirectory()) {
    process.stderr.write(`replay: ${args.file} is a directory: replay takes one file (npm run backtest -- ${args.file} replays the days in it)\n`);
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
  const input = await readable(args.file);
  if ('error' in input) {
    process.stderr.write(`replay: ${args.file}: ${input.error}\n`);
    return 2;
  }
  try {
    runReplay({
      file: input.path,
      shownAs: args.file,
      rules,
      ...terminalOutput(args),
    });
  } finally {
    input.cleanup();
  }
  return 0;
}

/**
 * readable gives the path to replay: FILE itself, or for a gzipped file (named .gz, or starting with gzip's
 * magic bytes) a decompressed copy in a private temporary directory, which `cleanup` removes; or why it cannot be read.
 */
async function readable(file: string): Promise<{ path: string; cleanup: () => void } | { error: string }> {
  const magic = startsWithGzipMagic(file);
  if (!magic && file.endsWith('.gz')) return { error: NAMED_GZ_NOT_GZIP };
  if (!magic) return { path: file, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'cascade-replay-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const path = join(dir, basename(file).replace(/\.gz$/, '') || 'events.ndjson');
    await gunzipFile(file, path);
    return { path, cleanup };
  } catch (err) {
    cleanup();
    const e = err as NodeJS.ErrnoException;
    return { error: gunzipReason({ code: e.code ?? 'error', message: e.message }) };
  }
}

process.exitCode = await main(process.argv.slice(2));
