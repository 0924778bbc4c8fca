import { CliUsageError } from './args.js';

/** BacktestArgs is the parsed command line of `npm run backtest`. */
export interface BacktestArgs {
  inputs: string[];
  rules?: string;
  compare?: string;
  json: boolean;
  chart?: string;
  /** Progress on stderr: default on unless --json; --progress forces it, --no-progress silences it. */
  progress?: boolean;
  top: number;
  help: boolean;
}

const VALUED: Record<string, { key: 'rules' | 'compare' | 'chart' | 'top'; example: string }> = {
  '--rules': { key: 'rules', example: 'rules.yaml' },
  '--compare': { key: 'compare', example: 'tighter.yaml' },
  '--chart': { key: 'chart', example: 'alerts.png' },
  '--top': { key: 'top', example: '10' },
};

/** parseBacktestArgs reads `FILE|DIR… [--rules A] [--compare B] [--json] [--chart FILE] [--progress|--no-progress] [--top N] [--help]`. */
export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  const out: BacktestArgs = { inputs: [], json: false, top: 10, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const valued = VALUED[name];
    if (valued) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new CliUsageError(`${name} needs a value, e.g. ${name} ${valued.example}`);
      if (valued.key === 'top') {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliUsageError(`--top needs a whole number from 1 to 1000, e.g. --top 10 (got "${v.slice(0, 20)}")`);
        out.top = n;
      } else out[valued.key] = v;
    } else if (a === '--json') out.json = true;
    else if (a === '--progress') out.progress = true;
    else if (a === '--no-progress') out.progress = false;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('-')) throw new CliUsageError(`unknown option ${a}`);
    else out.inputs.push(a);
  }
  return out;
}
