import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_SCHEMA } from '../../src/config/env.js';
import { freePort, TestRedis } from '../helpers/redis.js';

const root = process.cwd();

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
  it('configures Redis for queues: AOF on, noeviction, a volume, a healthcheck', () => {
    const cmd = compose.services.redis.command.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(compose.services.redis.volumes[0]).toMatch(/:\/data$/);
    expect(compose.services.redis.healthcheck.test).toContain('ping');
  });
  it('runs the bot after Redis is healthy, pointed at it', () => {
    expect(compose.services.cascade.depends_on.redis.condition).toBe('service_healthy');
    expect(compose.services.cascade.environment.REDIS_URL).toBe('redis://redis:6379');
  });
  it('binds what the container needs (0.0.0.0 inside), published on the host\'s loopback only', () => {
    expect(compose.services.cascade.environment.HTTP_HOST).toBe('0.0.0.0');
    expect(compose.services.cascade.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(ENV_SCHEMA.shape.HTTP_HOST.parse(undefined)).toBe('127.0.0.1'); // npm start on a laptop: loopback
  });
});

describe('Dockerfile', () => {
  const df = readFileSync(join(root, 'Dockerfile'), 'utf8');
  it('is multi-stage, non-root, with a healthcheck and production dependencies only', () => {
    expect(df.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(df).toMatch(/^USER node$/m);
    expect(df).toMatch(/^HEALTHCHECK /m);
    expect(df).toMatch(/npm ci --omit=dev/);
  });
  it('runs node directly as PID 1 (exec form: SIGTERM reaches Cascade) and listens on the container\'s interfaces', () => {
    expect(df).toMatch(/^CMD \["node", "dist\/src\/app\/main\.js"\]$/m);
    expect(df).not.toMatch(/^CMD .*npm/m);
    expect(df).toMatch(/HTTP_HOST=0\.0\.0\.0/);
  });
  it('copies every file the build needs', () => {
    for (const f of ['src', 'commands', 'jobs', 'tsconfig.build.json', 'package-lock.json']) expect(df).toContain(f);
  });
});

describe('.env.example', () => {
  it('documents every variable the config reads', () => {
    const text = readFileSync(join(root, '.env.example'), 'utf8');
    for (const name of Object.keys(ENV_SCHEMA.shape)) expect(text, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});

describe("the image's build steps, run as a script outside Docker", () => {
  const redis = new TestRedis();
  const dir = mkdtempSync(join(tmpdir(), 'cascade-image-'));
  beforeAll(async () => {
    await redis.start();
    // Stage "build": compile. Stage "deps": production dependencies only. Stage "runtime": both.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: root, stdio: 'pipe' });
    for (const f of ['package.json', 'package-lock.json', 'rules.example.yaml']) cpSync(join(root, f), join(dir, f));
    execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'pipe' });
  }, 180_000);
  afterAll(() => redis.dispose());

  it('starts from dist with production dependencies and answers /healthz', async () => {
    expect(() => execFileSync('node', ['-e', "require.resolve('vitest')"], { cwd: dir, stdio: 'pipe' })).toThrow();
    const port = await freePort();
    const p = spawn('node', ['dist/src/app/main.js'], { cwd: dir, env: { PATH: process.env.PATH, REDIS_URL: redis.url, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json', RULES_FILE: 'rules.example.yaml', SOURCES: 'none' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    let exitCode: number | null | undefined;
    const exited = new Promise<void>((r) => p.on('exit', (code) => ((exitCode = code), r())));
    try {
      const end = Date.now() + 30_000;
      let ok = false;
      while (Date.now() < end && !ok && exitCode === undefined) {
        ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok, `exit ${exitCode}: ${out}`).toBe(true);
    } finally {
      if (exitCode === undefined) p.kill('SIGTERM');
      await exited;
    }
    expect(out).toMatch(/stopped cleanly/);
  }, 60_000);
});
