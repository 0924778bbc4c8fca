import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseRedisUrl, redisOptions, sentinelOptions, shownRedisUrl, type RedisConnectionOptions, type SentinelSetting } from '../config/redis-url.js';
import { registerSecret } from '../ops/secrets.js';
import { makeDirSync } from '../ops/make-dir.js';
import { EXIT_CONFIG, EXIT_UNAVAILABLE, StartupError, errorCode } from './startup-error.js';

/** RedisHandle is the Redis Cascade uses: the options every connection is built from, and the private server when it started one. */
export interface RedisHandle {
  /** The URL as it may be printed (password hidden). */
  shown: string;
  options: RedisConnectionOptions;
  embedded: ChildProcess | null;
  stop(): Promise<void>;
}

/** PRIVATE_REDIS_PIDFILE is where the private redis-server writes its pid (a crashed Cascade's server is stopped on the next start). */
export const PRIVATE_REDIS_PIDFILE = 'redis.pid';

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

function noRedis(): StartupError {
  return new StartupError('REDIS_URL', '(unset)', 'and redis-server is not on the PATH', 'set REDIS_URL=redis://host:6379, install Redis (apt-get install redis-server; brew install redis), or run `docker compose up`', EXIT_CONFIG);
}

/** stopLeftover stops a private redis-server a killed Cascade left running on this data directory (its pidfile, a redis-server pid). */
function stopLeftover(dir: string, log: Logger): void {
  const file = join(dir, PRIVATE_REDIS_PIDFILE);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // not running (or no /proc): nothing to stop
  }
  // redis-server rewrites its process title ("redis-server 127.0.0.1:PORT"): the pidfile in our own data dir says it is ours.
  if (pid > 0 && cmd.startsWith('redis-server')) {
    log.warn({ pid }, `stopping a private redis-server (pid ${pid}) left running by an earlier Cascade`);
    process.kill(pid, 'SIGTERM');
  }
  rmSync(file, { force: true });
}

async function startPrivate(dataDir: string, log: Logger, waitMs: number): Promise<RedisHandle> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) throw noRedis();
  const dir = resolve(dataDir, 'redis');
  try {
    makeDirSync(dir);
  } catch (err) {
    throw new StartupError('CASCADE_DATA_DIR', dataDir, `cannot hold the private Redis's data (${errorCode(err) ?? 'error'}: cannot make ${dir})`, 'point CASCADE_DATA_DIR at a folder Cascade can write, or set REDIS_URL to use your own Redis', EXIT_CONFIG, { cause: err });
  }
  stopLeftover(dir, log);
  const port = await freePort();
  // Its own process group: a Ctrl-C in the terminal reaches Cascade, which saves its state and then stops this server.
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--pidfile', join(dir, PRIVATE_REDIS_PIDFILE), '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'], { stdio: 'ignore', detached: true });
  const stop = () => new Promise<void>((r) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return r();
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
  // The last resort if Cascade exits without stop() (an uncaught error): never leave the server behind.
  const onExit = () => proc.exitCode === null && proc.kill('SIGTERM');
  process.once('exit', onExit);
  const handle: RedisHandle = { shown: `redis://127.0.0.1:${port} (private)`, options: { host: '127.0.0.1', port, db: 0 }, embedded: proc, stop: async () => { await stop(); process.off('exit', onExit); } };
  const probe = await openRedis(handle, log, waitMs).catch(async (err) => {
    await handle.stop();
    throw err;
  });
  probe.disconnect();
  log.info({ port, dir }, `started a private Redis on 127.0.0.1:${port} (AOF on, noeviction, data in ${dir}); set REDIS_URL to use your own`);
  return handle;
}

/** connectRedis resolves REDIS_URL (every part of it) and REDIS_SENTINELS, or starts a private redis-server (data in `dataDir`/redis, AOF on, noeviction). */
export async function connectRedis(url: string | undefined, dataDir: string, log: Logger, waitMs = 5_000, sentinel?: SentinelSetting): Promise<RedisHandle> {
  if (!url && !sentinel) return startPrivate(dataDir, log, waitMs);
  const t = url ? parseRedisUrl(url) : null;
  if (t && 'problem' in t) throw new StartupError('REDIS_URL', shownRedisUrl(url!), `is not usable: ${t.problem}`, 'e.g. REDIS_URL=redis://user:password@127.0.0.1:6379/0 (rediss:// for TLS)', EXIT_CONFIG);
  registerSecret(t?.password);
  registerSecret(sentinel?.password);
  if (!sentinel) return { shown: shownRedisUrl(url!), options: redisOptions(t!), embedded: null, stop: async () => {} };
  const shown = `sentinel ${sentinel.sentinels} (master "${sentinel.name}"${t ? `, ${shownRedisUrl(url!)}` : ''})`;
  return { shown, options: sentinelOptions(sentinel, t), embedded: null, stop: async () => {} };
}

const AUTH_REFUSED = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

function redisStartupError(h: RedisHandle, err: unknown, waitMs: number): StartupError {
  const msg = err instanceof Error ? err.message : String(err);
  if (AUTH_REFUSED.test(msg)) {
    return new StartupError('REDIS_URL', h.shown, `was refused by Redis (${msg.split(' ')[0]}: wrong user or password)`, 'put the right user and password in REDIS_URL (the part before the @)', EXIT_CONFIG, { cause: err });
  }
  const why = errorCode(err) ?? msg.slice(0, 80);
  return new StartupError('REDIS_URL', h.shown, `is unreachable (${why}; waited ${Math.round(waitMs / 1000)} s)`, 'start Redis there or fix REDIS_URL (unset it to let Cascade start its own)', EXIT_UNAVAILABLE, { cause: err });
}

/** RETRY is the reconnect wait after start-up: 200 ms growing to 2 s (ioredis retryStrategy). */
export const RETRY = (n: number): number => Math.min(n * 200, 2000);

/**
 * openRedis connects one client and waits at most `waitMs` for it to answer PING. A refused password or an
 * unreachable server becomes a StartupError naming REDIS_URL (password hidden); retries during the wait
 * log nothing. Once connected, a lost connection logs one line, and one more when it is back.
 */
export async function openRedis(h: RedisHandle, log: Logger, waitMs: number): Promise<Redis> {
  const client = new Redis({ ...h.options, lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: RETRY, connectTimeout: Math.min(waitMs, 10_000) });
  let last: unknown = null;
  client.on('error', (err) => (last = err));
  const ready = new Promise<void>((res, rej) => {
    client.once('ready', () => res());
    client.on('error', (err) => AUTH_REFUSED.test(err.message) && rej(err));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, rej) => (timer = setTimeout(() => rej(last ?? new Error('no answer')), waitMs)));
  try {
    void client.connect().catch(() => {});
    await Promise.race([ready, timeout]);
    await Promise.race([client.ping(), timeout]);
  } catch (err) {
    client.disconnect();
    throw redisStartupError(h, last && AUTH_REFUSED.test(String((last as Error).message)) ? last : err, waitMs);
  } finally {
    clearTimeout(timer);
  }
  client.removeAllListeners('error');
  watchConnection(client, log, h.shown);
  return client;
}

/** watchConnection logs a lost Redis connection once (with why) and its return once, instead of a line per retry. */
export function watchConnection(client: Redis, log: Logger, shown: string): void {
  let down = false;
  let reason = 'closed';
  client.on('error', (err) => (reason = errorCode(err) ?? err.message.slice(0, 80)));
  client.on('reconnecting', () => {
    if (down) return;
    down = true;
    log.warn({ redis: shown, reason }, `Redis connection lost (${reason}): retrying every 2 s; queued work waits`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: shown }, 'Redis connection restored');
  });
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
