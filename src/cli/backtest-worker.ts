/** One rules file's backtest in its own thread (`--compare` runs the two side by side, one per core). */
import { parentPort, workerData } from 'node:worker_threads';
import type { RulesConfig } from '../config/rules-schema.js';
import type { PlannedFile } from './backtest-plan.js';
import { runBacktest, type BacktestProgress, type BacktestResult } from './backtest-run.js';

/** BacktestJob is what the thread is given. */
export interface BacktestJob {
  files: PlannedFile[];
  rules: RulesConfig;
}

/** BacktestMessage is what the thread sends back: its notes, its progress, then its result (or the error that stopped it). */
export type BacktestMessage =
  | { type: 'note'; line: string }
  | { type: 'progress'; progress: BacktestProgress }
  | { type: 'result'; result: BacktestResult }
  | { type: 'error'; message: string };

const job = workerData as BacktestJob | null;
if (parentPort && job) {
  const post = (m: BacktestMessage) => parentPort!.postMessage(m);
  runBacktest({ files: job.files, rules: job.rules, note: (line) => post({ type: 'note', line }), progress: (progress) => post({ type: 'progress', progress }) }).then(
    (result) => post({ type: 'result', result }),
    (err: Error) => post({ type: 'error', message: err.stack ?? err.message }),
  );
}
