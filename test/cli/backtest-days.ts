import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDay } from '../../src/demo/generate.js';

const DAY_MS = 86_400_000;

/** DemoDay says which generated day to write and how many days after 2026-01-29 to move it. */
export interface DemoDay {
  calm?: boolean;
  seed?: number;
  shiftDays: number;
}

/** shiftedLines is a generated day moved by whole days (only `ts` changes), as NDJSON text. */
function shiftedText(file: string, shiftDays: number): string {
  const text = readFileSync(file, 'utf8');
  if (shiftDays === 0) return text;
  return text.replace(/"ts":(\d+)/g, (_m, ts: string) => `"ts":${Number(ts) + shiftDays * DAY_MS}`);
}

/** writeDemoDays generates each day (the crash day, or a calm day with its seed) into `dir`, moved to its date; returns the texts. */
export function writeDemoDays(dir: string, days: readonly DemoDay[]): string[] {
  return days.map((d, i) => {
    const raw = join(dir, `raw-${i}.ndjson`);
    generateDay(raw, { calm: d.calm, seed: d.seed });
    const text = shiftedText(raw, d.shiftDays);
    rmSync(raw);
    return text;
  });
}

/** dateOf is the UTC date of 2026-01-29 moved by `shiftDays`. */
export function dateOf(shiftDays: number): string {
  return new Date(Date.UTC(2026, 0, 29) + shiftDays * DAY_MS).toISOString().slice(0, 10);
}

/** runBacktestCli runs `npm run backtest` as an operator would (tsx), returning its exit code, stdout and stderr. */
export function runBacktestCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backtest.ts', ...args], { cwd: process.cwd() });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** writeText writes a fixture file and returns its path. */
export function writeText(dir: string, name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
