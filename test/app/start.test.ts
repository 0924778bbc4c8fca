import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDay } from '../../src/demo/generate.js';
import { freePort } from '../helpers/redis.js';

const MAIN = join(process.cwd(), 'src/app/main.ts');
let proc: ChildProcess | null = null;
afterEach(() => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  proc = null;
});

/** cleanEnv is the environment with nothing of Cascade's configured. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k];
  // SOURCES=none keeps the test on loopback: no collector may dial the real venues from here.
  return { ...env, LOG_FORMAT: 'json', SOURCES: 'none', ...extra };
}

function start(env: NodeJS.ProcessEnv): { proc: ChildProcess; out: () => string } {
  let out = '';
  proc = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, cwd: process.cwd() });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, out: () => out };
}

async function until<T>(f: () => Promise<T | null>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: await r.text() };
}

describe('npm start', () => {
  it('with no configuration: starts a private Redis, becomes ready, stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'cascade-start-'));
    const app = start(cleanEnv({ HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', CASCADE_DATA_DIR: data }));
    const ready = await until(async () => {
      const r = await get(port, '/readyz');
      return r.status === 200 ? r : null;
    }, 30_000);
    expect(JSON.parse(ready.body).checks.redis.ok).toBe(true);
    expect(app.out()).toMatch(/started a private Redis/);
    expect(app.out()).toMatch(/alerts print to this terminal/);
    expect(existsSync(join(data, 'redis'))).toBe(true);
    expect((await get(port, '/healthz')).body).toBe('ok\n');
    const exited = new Promise<number | null>((r) => app.proc.on('exit', (code) => r(code)));
    app.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(app.out()).toMatch(/stopped cleanly/);
    // The engine's last snapshot was written at the stop (no periodic save ran yet), before the lease was released.
    expect(app.out()).not.toMatch(/while stopping/);
    const again = start(cleanEnv({ HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', CASCADE_DATA_DIR: data }));
    await until(async () => (/Cascade is up/.test(again.out()) ? true : null), 30_000);
    expect(again.out()).toMatch(/restored the engine state from Redis/);
    const stopped = new Promise<number | null>((r) => again.proc.on('exit', (code) => r(code)));
    again.proc.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 90_000);

  it('with bad configuration: exits non-zero naming every problem', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
      env: cleanEnv({ HTTP_PORT: 'eighty', ROLE: 'everything', TELEGRAM_BOT_TOKEN: 'not-a-token', REDIS_URL: 'localhost:6379', SYMBOLS: 'btc' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    for (const name of ['HTTP_PORT', 'ROLE', 'TELEGRAM_BOT_TOKEN', 'REDIS_URL', 'SYMBOLS']) expect(r.stderr).toMatch(new RegExp(`- ${name}: .*e\\.g\\. ${name}=`));
    expect(r.stderr).toMatch(/got "eighty"/);
    expect(r.stderr).not.toMatch(/not-a-token/);
  });

  it('during a replayed crash, /metrics counters move and /readyz is ready', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'cascade-metrics-'));
    const file = join(data, 'crash.ndjson');
    generateDay(file);
    const app = start(cleanEnv({ HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', CASCADE_DATA_DIR: data, REPLAY_FILE: file, REPLAY_SPEED: '20000' }));
    const total = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    const first = await until(async () => {
      const m = await get(port, '/metrics');
      const n = total(m.body, /^cascade_events_total\{/);
      return n > 0 ? n : null;
    }, 30_000);
    const later = await until(async () => {
      const m = await get(port, '/metrics');
      const n = total(m.body, /^cascade_events_total\{/);
      return n > first && total(m.body, /^cascade_alerts_total\{/) > 0 ? m.body : null;
    }, 30_000);
    expect(later).toMatch(/cascade_alerts_total\{kind="level_break",severity="warning"\} \d+/);
    expect(later).toMatch(/cascade_rule_evaluation_seconds_count \d+/);
    // /readyz says "starting" until start-up is over (the port is bound first), then ready.
    await until(async () => ((await get(port, '/readyz')).status === 200 ? true : null), 30_000);
    app.proc.kill('SIGTERM');
    await new Promise((r) => app.proc.on('exit', r));
  }, 90_000);
});
