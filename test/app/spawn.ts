import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** MAIN is the entry point `npm start` runs. */
export const MAIN = join(process.cwd(), 'src/app/main.ts');
/** TSX is tsx's loader by absolute URL, so a child can run from any directory (a temp dir with its own .env). */
export const TSX = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;

/** cleanEnv is the environment with nothing of Cascade's configured (SOURCES=none: no collector dials the real venues). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k];
  return { ...env, LOG_FORMAT: 'json', SOURCES: 'none', ...extra };
}

/** Started is a Cascade process: its output so far, and its exit (code and seconds since spawn). */
export interface Started {
  proc: ChildProcess;
  out(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; seconds: number }>;
}

/** startMain spawns `node --import tsx src/app/main.ts` (what `npm start` runs) with `env` in `cwd`. */
export function startMain(env: NodeJS.ProcessEnv, cwd = process.cwd(), args: string[] = []): Started {
  let out = '';
  let err = '';
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { env, cwd });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => {
    out += d;
    err += d;
  });
  const exited = new Promise<{ code: number | null; seconds: number }>((r) => proc.on('exit', (code) => r({ code, seconds: (performance.now() - t0) / 1000 })));
  return { proc, out: () => out, stderr: () => err, exited };
}

/** processesWith lists the pids of live processes whose command line contains `needle` (a test's unique data directory). */
export function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(needle) && !readFileSync(`/proc/${d}/stat`, 'utf8').includes(') Z ')) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** privateRedisPort reads the private Redis's port from the start-up log, or null when none was started. */
export function privateRedisPort(out: string): number | null {
  const m = /started a private Redis on 127\.0\.0\.1:(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

/** portOpen says whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** until polls `f` until it gives a value (event counts, not a fixed sleep); it throws after `ms`. */
export async function until<T>(f: () => Promise<T | null> | T | null, ms: number, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await Promise.resolve().then(f).catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
