import { generateDay } from '../demo/generate.js';
import { outputFileProblem } from './output-file.js';

const USAGE = `Usage: npm run generate -- FILE [--calm] [--seed N]

Writes a deterministic 24h MarketEvent NDJSON day: the 2026-01-29 crash (default) or a calm day.

  --calm     a calm day (fires nothing) instead of the crash
  --seed N   another deterministic variation of the day (an integer)`;

/** GenerateArgs is a parsed command line, or why it cannot be one. */
type GenerateArgs = { file?: string; calm: boolean; seed?: number; help: boolean } | { error: string };

function parse(argv: readonly string[]): GenerateArgs {
  const out: GenerateArgs = { calm: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--calm') out.calm = true;
    else if (a === '--seed') {
      const seed = Number(argv[++i]);
      if (argv[i] === undefined || argv[i].trim() === '' || !Number.isInteger(seed)) return { error: '--seed needs an integer, e.g. --seed 7' };
      out.seed = seed;
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (out.file !== undefined) return { error: `one FILE only (got ${out.file} and ${a})` };
    else out.file = a;
  }
  return out;
}

function main(argv: string[]): number {
  const args = parse(argv);
  if ('error' in args) {
    process.stderr.write(`generate: ${args.error}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.file) {
    process.stderr.write(`generate: no FILE given\n\n${USAGE}\n`);
    return 2;
  }
  const problem = outputFileProblem(args.file);
  if (problem) {
    process.stderr.write(`generate: cannot write ${args.file}: ${problem}\n`);
    return 2;
  }
  const n = generateDay(args.file, { calm: args.calm, seed: args.seed });
  process.stderr.write(`generate: wrote ${n} events to ${args.file}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
