import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { connectRedis, openRedis } from '../../src/app/redis.js';
import { parseRedisUrl, redisOptions, shownRedisUrl } from '../../src/config/redis-url.js';
import { parseEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/ops/logger.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

describe('REDIS_URL in full (issue 11)', () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379, db: 0, tls: false }],
    ['redis://localhost', { host: 'localhost', port: 6379, db: 0, tls: false }],
    ['redis://:s3cret@redis:6380/2', { host: 'redis', port: 6380, db: 2, tls: false, password: 's3cret' }],
    ['rediss://alice:p%40ss@cache.example.com:6380/5', { host: 'cache.example.com', port: 6380, db: 5, tls: true, username: 'alice', password: 'p@ss' }],
    ['redis://default:pw@[::1]:7000', { host: '::1', port: 7000, db: 0, tls: false, username: 'default', password: 'pw' }],
    ['redis://onlypassword@host', { host: 'host', port: 6379, db: 0, tls: false, password: 'onlypassword' }],
  ])('%s', (url, want) => {
    expect(parseRedisUrl(url)).toEqual(want);
  });

  it.each([
    ['redis://127.0.0.1:99999', 'port 99999 is outside 1–65535'],
    ['redis://127.0.0.1:0', 'port 0 is outside 1–65535'],
    ['redis://127.0.0.1:abc', 'port "abc" is not a number'],
    ['redis://host/db9', 'database "db9" is not a number'],
    ['http://host:6379', 'not a redis:// or rediss:// URL'],
    ['localhost:6379', 'not a redis:// or rediss:// URL'],
  ])('refuses %s: %s', (url, problem) => {
    expect(parseRedisUrl(url)).toEqual({ problem: expect.stringContaining(problem) });
    expect(() => parseEnv({ REDIS_URL: url })).toThrow(/REDIS_URL: not usable/);
  });

  it('the password never appears where the URL is shown', () => {
    expect(shownRedisUrl('rediss://alice:topsecret@h:1/3')).toBe('rediss://alice:(hidden)@h:1/3');
    expect(shownRedisUrl('redis://:topsecret@h')).toBe('redis://:(hidden)@h');
    expect(() => parseEnv({ REDIS_URL: 'redis://:topsecret@h:99999' })).toThrow(/\(got "redis:\/\/:\(hidden\)@h:99999"\)/);
  });
});

describe('a password-protected Redis, used the same way by ioredis and BullMQ', () => {
  const PASSWORD = 'correct-horse-battery';
  const server = new TestRedis(['--requirepass', PASSWORD], (port) => `redis://:${PASSWORD}@127.0.0.1:${port}`);
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('user, password and db reach both clients: a BullMQ job lands in db 3, next to the ioredis key', async () => {
    const log = pino({ level: 'silent' });
    const h = await connectRedis(`redis://default:${PASSWORD}@127.0.0.1:${server.port}/3`, '/nonexistent', log);
    const client = await openRedis(h, log, 3_000);
    const prefix = uniquePrefix('url');
    await client.set(`${prefix}:plain`, '1');
    const q = new Queue('q', { connection: { ...h.options, maxRetriesPerRequest: null }, prefix });
    await q.add('job', { a: 1 });
    const db3 = new Redis({ port: server.port, password: PASSWORD, db: 3 });
    expect(await db3.exists(`${prefix}:plain`)).toBe(1);
    expect((await db3.keys(`${prefix}:q:*`)).length).toBeGreaterThan(0);
    const db0 = new Redis({ port: server.port, password: PASSWORD, db: 0 });
    expect(await db0.keys(`${prefix}*`)).toEqual([]);
    await q.close();
    for (const c of [client, db3, db0]) c.disconnect();
  });

  it('a wrong password is never logged: ioredis puts it in the failed HELLO command of its errors', async () => {
    let out = '';
    const log = createLogger({ level: 'debug', format: 'json', destination: new Writable({ write(c, _e, cb) { out += c; cb(); } }) as never });
    const short = 'pw1'; // shorter than any value the scrubber removes by value
    const c = new Redis({ port: server.port, password: short, lazyConnect: true, retryStrategy: () => null });
    const err = await new Promise<Error>((r) => {
      c.on('error', r);
      void c.connect().catch(() => {});
    });
    c.disconnect();
    expect(JSON.stringify((err as unknown as { command: unknown }).command)).toContain(short); // the hazard is real
    log.warn({ err }, 'redis error');
    log.error(err);
    expect(out).toContain('WRONGPASS');
    expect(out).not.toContain(`"${short}"`);
    expect(out).toContain('[REDACTED]');
    log.info(`connecting to redis://user:${short}@host:6379`);
    expect(out).not.toContain(`:${short}@`);
  });
});
