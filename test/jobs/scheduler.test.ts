import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/index.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

describe('scheduled jobs with several replicas', () => {
  it('two worker processes against one Redis: each tick runs exactly once', async () => {
    const prefix = uniquePrefix('sched');
    const child = fileURLToPath(new URL('./scheduler-child.ts', import.meta.url));
    const replicas: ChildProcess[] = [];
    for (let i = 0; i < 2; i++) {
      replicas.push(await new Promise<ChildProcess>((resolve) => {
        const c = fork(child, [String(server.port), prefix, '200'], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
        c.on('message', (m) => m === 'ready' && resolve(c));
      }));
    }
    await new Promise((r) => setTimeout(r, 4000));
    await Promise.all(replicas.map((c) => new Promise((r) => { c.on('exit', r); c.kill('SIGTERM'); })));
    const redis = server.client();
    const runs = await redis.hgetall(`${prefix}:runs`);
    const counts = Object.values(runs).map(Number);
    console.log(`scheduler test: ${counts.length} ticks in 4 s at every 200 ms across 2 replicas; per-process runs ${JSON.stringify(await redis.hgetall(`${prefix}:by-pid`))}`);
    expect(counts.length).toBeGreaterThanOrEqual(10);
    expect(counts.every((n) => n === 1)).toBe(true);
    const schedulers = await redis.keys(`${prefix}:bull:jobs:repeat:*`);
    expect(schedulers.length).toBeGreaterThan(0);
    redis.disconnect();
  }, 30_000);

  it('every job in the registry has a name, a description and an interval', () => {
    const names = JOBS.map((j) => j.name);
    expect(new Set(names).size).toBe(names.length);
    for (const j of JOBS) expect(j.description.length).toBeGreaterThan(10);
  });
});
