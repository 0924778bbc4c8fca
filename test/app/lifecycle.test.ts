import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis.js';
import { cleanEnv, portOpen, privateRedisPort, startMain, until } from './spawn.js';

const root = process.cwd();

/** project makes a directory that looks like a fresh checkout (package.json, sources, node_modules) with `.env`. */
function project(env: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-proj-'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const f of ['node_modules', 'src', 'commands', 'jobs', 'tsconfig.json']) symlinkSync(join(root, f), join(dir, f));
  writeFileSync(join(dir, '.env'), env);
  return dir;
}

/** groupAlive says whether any process of a process group is still running (orphans included). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const groups: number[] = [];
afterEach(() => {
  // Against broken code a process of the group may stay: never leave one behind.
  for (const g of groups.splice(0)) if (groupAlive(g)) process.kill(-g, 'SIGKILL');
});

/** npmStart runs `npm start` in `cwd` as a terminal would: its own process group, output captured. */
function npmStart(cwd: string, env: NodeJS.ProcessEnv) {
  let out = '';
  const proc = spawn('npm', ['start'], { cwd, env, detached: true });
  groups.push(proc.pid!);
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, out: () => out, exited };
}

describe('.env is read at start; the real environment wins (issue 11)', () => {
  it('a bad value in .env is reported; a variable set in the environment overrides its .env line', async () => {
    const dir = project('ROLE=everything\nSYMBOLS=btc\n');
    const app = startMain(cleanEnv({ SYMBOLS: 'BTC,ETH' }), dir);
    const guard = setTimeout(() => app.proc.kill('SIGKILL'), 30_000); // main-era code never read .env and kept running
    const { code } = await app.exited;
    clearTimeout(guard);
    expect(code).toBe(2);
    expect(app.stderr()).toMatch(/^cascade: configuration is invalid: ROLE: .*\(got "everything"\); e\.g\. ROLE=all\n$/);
    expect(app.stderr()).not.toMatch(/SYMBOLS/);
  });
});

describe('a newcomer: cp .env.example .env && npm start, no tokens', () => {
  it.each([
    ['Ctrl-C in the terminal (SIGINT to the whole foreground group)', 'SIGINT', true],
    ['SIGTERM to the npm process the operator started', 'SIGTERM', false],
  ] as const)('%s: starts (alerts to the terminal), stops cleanly, no orphan node or redis-server', async (_name, signal, toGroup) => {
    const dir = project(`${(await import('node:fs')).readFileSync(join(root, '.env.example'), 'utf8')}`);
    const port = await freePort();
    // The environment wins over .env: a free port, and SOURCES=none so no collector dials the real venues from a test.
    const app = npmStart(dir, cleanEnv({ HTTP_PORT: String(port), LOG_FORMAT: 'json' }));
    await until(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : null), 60_000, 'ready');
    expect(app.out()).toMatch(/alerts print to this terminal/);
    const redisPort = privateRedisPort(app.out())!;
    expect(await portOpen(redisPort)).toBe(true);
    if (toGroup) process.kill(-app.proc.pid!, signal);
    else app.proc.kill(signal);
    await app.exited;
    await until(() => (groupAlive(app.proc.pid!) ? null : true), 20_000, 'every process of the group gone');
    expect(app.out()).toMatch(/stopped cleanly/);
    expect(await portOpen(redisPort)).toBe(false);
    expect(await portOpen(port)).toBe(false);
  }, 90_000);
});
