import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** RedisHandle is the Redis Cascade uses, and the private server when it started one. */
export interface RedisHandle {
  url: string;
  host: string;
  port: number;
  embedded: ChildProcess | null;
  stop(): Promise<void>;
}

/** RedisUnavailableError explains how to get a Redis when there is none. */
export class RedisUnavailableError extends Error {
  constructor() {
    super('No Redis: REDIS_URL is not set and redis-server is not on the PATH. Either set REDIS_URL=redis://host:6379, install Redis (apt-get install redis-server; brew install redis), or run `docker compose up`.');
    this.name = 'RedisUnavailableError';
  }
}

/** freePort asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

async function waitForPing(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      return;
    } catch {
      c.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`the private redis-server did not answer within ${ms} ms`);
}

/** connectRedis uses REDIS_URL, or starts a private redis-server (own data dir, AOF on, noeviction). */
export async function connectRedis(url: string | undefined, dataDir: string, log: Logger): Promise<RedisHandle> {
  if (url) {
    const u = new URL(url);
    return { url, host: u.hostname, port: Number(u.port || 6379), embedded: null, stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) throw new RedisUnavailableError();
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'], { stdio: 'ignore' });
  const privateUrl = `redis://127.0.0.1:${port}`;
  await waitForPing(privateUrl, 10_000);
  log.info({ port, dir }, `started a private Redis on 127.0.0.1:${port} (AOF on, noeviction, data in ${dir}); set REDIS_URL to use your own`);
  return {
    url: privateUrl, host: '127.0.0.1', port, embedded: proc,
    stop: () => new Promise<void>((r) => {
      if (proc.exitCode !== null) return r();
      proc.once('exit', () => r());
      proc.kill('SIGTERM');
    }),
  };
}

/** checkRedisConfig warns when Redis settings can lose queued alerts (BullMQ going-to-production guide). */
export async function checkRedisConfig(redis: Redis, log: Logger): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (policy !== 'noeviction') warnings.push(`Redis maxmemory-policy is "${policy}": queued alerts can be evicted; set it to noeviction`);
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    if (aof !== 'yes') warnings.push('Redis persistence (appendonly) is off: queued alerts are lost if Redis restarts; set appendonly yes');
  } catch {
    warnings.push('could not read the Redis configuration (CONFIG is disabled?): make sure maxmemory-policy is noeviction and AOF is on');
  }
  for (const w of warnings) log.warn(w);
  return warnings;
}
