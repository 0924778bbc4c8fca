import { generateDay } from '../demo/generate.js';

const USAGE = `Usage: npm run generate -- FILE [--calm] [--seed N]

Writes a deterministic 24h MarketEvent NDJSON day: the 2026-01-29 crash (default) or a calm day.`;

function main(argv: string[]): number {
  const file = argv.find((a) => !a.startsWith('-'));
  const seedAt = argv.indexOf('--seed');
  if (!file || argv.includes('--help')) {
    process.stderr.write(`${USAGE}\n`);
    return file ? 0 : 2;
  }
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) {
    process.stderr.write('generate: --seed needs an integer, e.g. --seed 7\n');
    return 2;
  }
  const n = generateDay(file, { calm: argv.includes('--calm'), seed });
  process.stderr.write(`generate: wrote ${n} events to ${file}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
