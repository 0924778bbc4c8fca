import { writeFileSync } from 'node:fs';
import { DEFAULT_RULES } from '../config/rules-defaults.js';
import { loadRulesFile, RulesFileError } from '../config/rules-file.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { CliUsageError } from './args.js';
import { parseBacktestArgs, type BacktestArgs } from './backtest-args.js';
import { backtestChartPng } from './backtest-chart.js';
import { outputFileProblem } from './output-file.js';
import { planInputs } from './backtest-plan.js';
import { ProgressLine } from './backtest-progress.js';
import { humanReport, jsonReport, type Side } from './backtest-report.js';
import { runBacktest, type BacktestProgress, type BacktestResult } from './backtest-run.js';
import type { BacktestJob, BacktestMessage } from './backtest-worker.js';
import type { PlannedFile } from './backtest-plan.js';
import { startModuleWorker } from './worker-thread.js';

const USAGE = `Usage: npm run backtest -- FILE|DIR… [--rules A.yaml] [--compare B.yaml] [--json] [--chart FILE] [--progress] [--top N]

Replays many recorded days (MarketEvent NDJSON, .ndjson or .ndjson.gz; a DIR means its .ndjson and .ndjson.gz
files, such as a RECORD_DIR) through the engine in time order, state carried from day to day, and reports how
many alerts the rules would have sent: per UTC day by kind and severity, per week, and the noisiest rules.

  --rules FILE     YAML or JSON rules file laid over the defaults (see rules.example.yaml); default: the defaults
  --compare FILE   a second rules file, replayed side by side (one thread each): both counts per day, and the
                   alerts only one of the two fired
  --json           one {"type":"day","date":"YYYY-MM-DD","alerts":{kind:count},"bySeverity":{severity:count}}
                   line per UTC day that had events, then one {"type":"total",…} line; nothing else on stdout
  --chart FILE     also write a PNG of the alerts per day, stacked by kind
  --progress       progress on stderr (files done, events/s, ETA) even with --json; --no-progress: never
  --top N          how many of the noisiest rules to list (default 10)

Files are put in time order whatever order they are given in. Every file left out says why on stderr, one
line each: not NDJSON, not gzip, a truncated gzip, nothing in it. Time already replayed from another file
(two files covering the same hour) is skipped and reported, never counted twice.`;

/** ruleSet loads a rules file (or the defaults) with its label; a bad file is one line. */
function ruleSet(file: string | undefined): { label: string; rules: RulesConfig } {
  return file ? { label: file, rules: loadRulesFile(file) } : { label: 'default', rules: DEFAULT_RULES };
}

/** inThread runs one rules file's backtest in a worker thread, forwarding its notes and progress. */
function inThread(job: BacktestJob, note: ((l: string) => void) | null, progress: (p: BacktestProgress) => void): Promise<BacktestResult> {
  const w = startModuleWorker(new URL(new URL(import.meta.url).pathname.endsWith('.ts') ? './backtest-worker.ts' : './backtest-worker.js', import.meta.url), job);
  return new Promise((resolve, reject) => {
    w.on('message', (m: BacktestMessage) => {
      if (m.type === 'note') note?.(m.line);
      else if (m.type === 'progress') progress(m.progress);
      else if (m.type === 'result') resolve(m.result);
      else reject(new Error(m.message));
    });
    w.on('error', reject);
  }).finally(() => void w.terminate()) as Promise<BacktestResult>;
}

async function run(args: BacktestArgs, files: PlannedFile[], note: (l: string) => void): Promise<Side[]> {
  const a = ruleSet(args.rules);
  const b = args.compare ? ruleSet(args.compare) : null;
  const bar = (args.progress ?? !args.json) ? new ProgressLine((s) => process.stderr.write(s), process.stderr.isTTY === true) : null;
  try {
    if (!b) return [{ label: a.label, result: await runBacktest({ files, rules: a.rules, note, progress: (p) => bar?.update(p) }) }];
    // Two rules files, two threads (one a core): both read the same files; the notes are the same, so one thread's are shown.
    const both: BacktestProgress[] = [];
    const merged = (i: number) => (p: BacktestProgress) => {
      both[i] = p;
      if (both[0] && both[1]) bar?.update({ ...p, filesDone: Math.min(both[0].filesDone, both[1].filesDone), bytesDone: (both[0].bytesDone + both[1].bytesDone) / 2, events: both[0].events + both[1].events });
    };
    const [ra, rb] = await Promise.all([inThread({ files, rules: a.rules }, note, merged(0)), inThread({ files, rules: b.rules }, null, merged(1))]);
    return [{ label: a.label, result: ra }, { label: b.label, result: rb }];
  } finally {
    bar?.done();
  }
}

async function main(argv: string[]): Promise<number> {
  let args: BacktestArgs;
  try {
    args = parseBacktestArgs(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`backtest: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.inputs.length === 0) {
    process.stderr.write(`backtest: no FILE or DIR given\n\n${USAGE}\n`);
    return 2;
  }
  const note = (line: string) => process.stderr.write(`backtest: ${line}\n`);
  const chartProblem = args.chart ? outputFileProblem(args.chart) : null;
  if (chartProblem) {
    note(`--chart: cannot write the chart: ${chartProblem}`);
    return 2;
  }
  const plan = planInputs(args.inputs);
  for (const n of plan.notes) note(n);
  if (plan.files.length === 0) {
    note('nothing to replay: no MarketEvent NDJSON file among the inputs');
    return 1;
  }
  let sides: Side[];
  try {
    sides = await run(args, plan.files, note);
  } catch (err) {
    if (!(err instanceof RulesFileError)) throw err;
    note(err.message);
    return 2;
  }
  process.stdout.write(args.json ? jsonReport(sides, args.top) : humanReport(sides, args.top));
  if (args.chart) {
    try {
      writeFileSync(args.chart, backtestChartPng(sides));
    } catch (err) {
      note(`--chart: cannot write the chart to ${args.chart}: ${(err as Error).message}`);
      return 1;
    }
    if (!args.json) process.stdout.write(`Chart written to ${args.chart}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
