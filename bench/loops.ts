import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StringDecoder } from 'node:string_decoder';
import { runReplay } from '../src/cli/replay-run.js';
import type { RulesConfig } from '../src/config/rules-schema.js';
import type { ReadSplit } from '../src/market/ndjson-parallel.js';

/** Measured is one timed pass over a file. */
export interface Measured {
  events: number;
  ms: number;
  alerts?: number;
}

/** bareLoop is the baseline: read the file in 1 MiB chunks, split lines, JSON.parse each one. */
export function bareLoop(file: string): Measured {
  const t = performance.now();
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  const dec = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  let sink = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    const text = carry + dec.write(buf.subarray(0, got));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) {
        sink += JSON.parse(text.slice(start, nl)).ts > 0 ? 1 : 0;
        n++;
      }
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  closeSync(fd);
  if (sink !== n) throw new Error('bare loop read a line without ts');
  return { events: n, ms: performance.now() - t };
}

/** ourReplay is the replay of the engine on the file, printing nothing. */
export function ourReplay(file: string, rules: RulesConfig): Measured {
  const t = performance.now();
  const r = runReplay({ file, rules, json: true, color: false, write: () => {}, writeErr: () => {} });
  return { events: r.stats.events, ms: performance.now() - t, alerts: r.alerts.length };
}

/** rate is events per second. */
export function rate(m: Measured): number {
  return (m.events / m.ms) * 1000;
}

/** interleaved runs two measurements alternately `n` times (so machine load hits both alike); medians. */
export function interleaved(a: () => Measured, b: () => Measured, n = 5): [Measured, Measured] {
  const ra: Measured[] = [];
  const rb: Measured[] = [];
  for (let i = 0; i < n; i++) {
    ra.push(a());
    rb.push(b());
  }
  const med = (r: Measured[]) => r.sort((x, y) => rate(x) - rate(y))[r.length >> 1];
  return [med(ra), med(rb)];
}

/** ProcessRun is one loop timed as a whole process (spawn to exit), with what the child reported. */
export interface ProcessRun {
  ms: number;
  events: number;
  alerts?: number;
  split?: ReadSplit | null;
}

const child = fileURLToPath(new URL('./loop-child.ts', import.meta.url));

/** runLoopProcess runs `bare` or `ours` on FILE in a fresh `node --import tsx` process and times it whole. */
export function runLoopProcess(which: 'bare' | 'ours', file: string): ProcessRun {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, which, file], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${which} loop process failed: ${r.stderr}`);
  return { ms, ...JSON.parse(r.stdout.trim()) };
}

/** ProcessLoop is a loop's median whole-process time on the file and on an empty file (its start-up), and the difference. */
export interface ProcessLoop {
  startMs: number;
  ms: number;
  events: number;
  /** The median full run (its alerts and split). */
  run: ProcessRun;
}

/**
 * processLoops times both loops as whole processes, interleaved `rounds` times (machine load hits both
 * alike): each on `file` and on `empty`; a loop's time is its median on the file minus its median on the
 * empty file (node, tsx and module loading: start-up).
 */
export function processLoops(file: string, empty: string, rounds = 5): { bare: ProcessLoop; ours: ProcessLoop } {
  const runs = { bare: { empty: [] as ProcessRun[], full: [] as ProcessRun[] }, ours: { empty: [] as ProcessRun[], full: [] as ProcessRun[] } };
  for (let i = 0; i < rounds; i++) {
    for (const w of ['bare', 'ours'] as const) runs[w].empty.push(runLoopProcess(w, empty));
    for (const w of ['bare', 'ours'] as const) runs[w].full.push(runLoopProcess(w, file));
  }
  const med = (r: ProcessRun[]) => [...r].sort((x, y) => x.ms - y.ms)[r.length >> 1];
  const loop = (w: 'bare' | 'ours'): ProcessLoop => {
    const run = med(runs[w].full);
    const startMs = med(runs[w].empty).ms;
    return { startMs, ms: run.ms - startMs, events: run.events, run };
  };
  return { bare: loop('bare'), ours: loop('ours') };
}
