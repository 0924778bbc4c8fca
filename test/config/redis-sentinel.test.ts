import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, openRedis } from '../../src/app/redis.js';
import { parseSentinels, sentinelOptions } from '../../src/config/redis-url.js';
import { parseEnv } from '../../src/config/env.js';
import { freePort, TestRedis, uniquePrefix } from '../helpers/redis.js';

// Issue 15: Redis Sentinel for the app and BullMQ alike, against a real master, replica and `redis-server --sentinel`.
describe('REDIS_SENTINELS: the option mapping', () => {
  it.each([
    ['s1:26379,s2:26380', [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }]],
    ['10.0.0.5', [{ host: '10.0.0.5', port: 26379 }]],
    ['[::1]:5000', [{ host: '::1', port: 5000 }]],
  ])('%s', (list, want) => expect(parseSentinels(list)).toEqual(want));

  it.each([['s1:99999'], ['s1:x'], [':26379'], ['s1,,s2']])('refuses %s with the variable named', (list) => {
    expect(parseSentinels(list)).toHaveProperty('problem');
    expect(() => parseEnv({ REDIS_SENTINELS: list })).toThrow(/REDIS_SENTINELS: not usable/);
  });

  it('rediss:// turns TLS on towards the master and the Sentinels; the URL gives the master user, password and db, not its host', () => {
    const o = sentinelOptions({ sentinels: 's1:26379', name: 'prod', password: 'sentpw' }, { host: 'ignored', port: 1, db: 4, tls: true, username: 'app', password: 'pw' });
    expect(o).toEqual({ sentinels: [{ host: 's1', port: 26379 }], name: 'prod', failoverDetector: true, db: 4, username: 'app', password: 'pw', sentinelPassword: 'sentpw', tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true });
    expect(sentinelOptions({ sentinels: 's1', name: 'm' }, null)).toEqual({ sentinels: [{ host: 's1', port: 26379 }], name: 'm', failoverDetector: true, db: 0 });
  });

  it('the Sentinel password is a secret: never shown in a config error', () => {
    expect(() => parseEnv({ REDIS_SENTINEL_PASSWORD: 'topsecret', REDIS_SENTINELS: 'bad:port' })).toThrow(/REDIS_SENTINELS/);
    try {
      parseEnv({ REDIS_SENTINEL_PASSWORD: 'topsecret', REDIS_SENTINELS: 'bad:port' });
    } catch (err) {
      expect(String(err)).not.toContain('topsecret');
    }
  });
});

describe('Redis Sentinel for real: a master, a replica and a sentinel', () => {
  const master = new TestRedis();
  let replica: TestRedis;
  let sentinel: ChildProcess;
  let sentinelPort = 0;
  const dir = mkdtempSync(join(tmpdir(), 'cascade-sentinel-'));

  beforeAll(async () => {
    await master.start();
    replica = new TestRedis(['--replicaof', '127.0.0.1', String(master.port)]);
    await replica.start();
    sentinelPort = await freePort();
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor cascade-master 127.0.0.1 ${master.port} 1`, 'sentinel down-after-milliseconds cascade-master 1000', 'sentinel failover-timeout cascade-master 5000', ''].join('\n'));
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const c = new Redis({ port: sentinelPort, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      c.on('error', () => {});
      const ok = await c.connect().then(() => c.call('SENTINEL', 'replicas', 'cascade-master')).then((r) => (r as unknown[]).length > 0, () => false);
      c.disconnect();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('sentinel did not see the replica');
  }, 30_000);
  afterAll(async () => {
    sentinel?.kill('SIGKILL');
    await Promise.all([master.dispose(), replica?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the app client and BullMQ reach the master through the sentinel, and follow it across a failover', async () => {
    const log = pino({ level: 'silent' });
    const h = await connectRedis(undefined, '/nonexistent', log, 5_000, { sentinels: `127.0.0.1:${sentinelPort}`, name: 'cascade-master' });
    expect(h.embedded).toBeNull();
    expect(h.shown).toContain('cascade-master');
    const app = await openRedis(h, log, 5_000);
    await app.set('k', 'v');
    expect(await master.client().get('k')).toBe('v');
    const prefix = uniquePrefix('sentinel');
    const connection = { ...h.options, maxRetriesPerRequest: null };
    const q = new Queue('q', { connection, prefix });
    const done: string[] = [];
    const w = new Worker('q', async (job) => void done.push(job.name), { connection, prefix });
    await q.add('before', {});
    for (let i = 0; i < 100 && done.length < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(done).toEqual(['before']);

    // Promote the replica: the sentinel now names it; the clients reconnect there.
    const s = new Redis({ port: sentinelPort });
    await s.call('SENTINEL', 'failover', 'cascade-master');
    for (let i = 0; i < 150; i++) {
      const [, port] = (await s.call('SENTINEL', 'get-master-addr-by-name', 'cascade-master')) as string[];
      if (Number(port) === replica.port) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    s.disconnect();
    const role = async (port: number) => {
      const c = new Redis({ port });
      const r = ((await c.role()) as unknown[])[0];
      c.disconnect();
      return r;
    };
    for (let i = 0; i < 100 && ((await role(replica.port)) !== 'master' || (await role(master.port)) !== 'slave'); i++) await new Promise((r) => setTimeout(r, 100));
    // The old master is demoted; a write on a stale connection is refused (READONLY) and ioredis reconnects through the sentinel.
    for (let i = 0; i < 100; i++) {
      const ok = await app.set('k2', 'after').then(() => true, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const onReplica = new Redis({ port: replica.port });
    for (let i = 0; i < 50 && (await onReplica.get('k2')) !== 'after'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await onReplica.get('k2')).toBe('after');
    await q.add('after', {});
    for (let i = 0; i < 150 && done.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(done).toEqual(['before', 'after']);
    onReplica.disconnect();
    await w.close();
    await q.close();
    app.disconnect();
  }, 40_000);
});
