import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';
import { until } from './spawn.js';

// /metrics and /readyz while Redis is down (issue 11): they answer, never hang; queue gauges keep the last
// good read, marked stale; readiness names Redis as the failing check.

const tg = new FakeTelegram();
const redis = new TestRedis();
let app: RunningApp;
let port = 0;
beforeAll(async () => {
  await Promise.all([tg.start(), redis.start()]);
  port = await freePort();
  const cfg = parseEnv({ REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, HTTP_PORT: String(port), SOURCES: 'none' });
  app = await startApp(cfg, pino({ level: process.env.DEBUG_APP ? 'debug' : 'silent' }), { dataDir: mkdtempSync(join(tmpdir(), 'cascade-down-')) });
}, 60_000);
afterAll(async () => {
  if (!redis.proc) await redis.start(); // the test stopped it: stop() saves the engine's state there
  await app?.stop();
  await tg.stop();
  await redis.dispose();
});

/** get fetches with a client-side deadline far above the probe bound: on a hang it fails instead of waiting forever. */
async function get(path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.text() };
}
const gauge = (body: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);

describe('Redis down', () => {
  it('/metrics answers with the last queue gauges marked stale; /readyz says redis failed; both come back', async () => {
    await until(async () => ((await get('/readyz')).status === 200 ? true : null), 20_000, 'ready');
    const before = await get('/metrics');
    expect(gauge(before.body, 'cascade_queue_stale')).toBe(0);
    expect(before.body).toMatch(/^cascade_queue_jobs\{platform="telegram",state="waiting"\} 0$/m);
    await redis.stop();
    const during = await get('/metrics');
    expect(during.status).toBe(200);
    expect(gauge(during.body, 'cascade_queue_stale')).toBe(1);
    expect(during.body).toMatch(/^cascade_queue_jobs\{platform="telegram",state="waiting"\} 0$/m);
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: false, failing: ['redis'] });
    await redis.start();
    await until(async () => (gauge((await get('/metrics')).body, 'cascade_queue_stale') === 0 ? true : null), 20_000, 'fresh gauges');
    await until(async () => ((await get('/readyz')).status === 200 ? true : null), 20_000, 'ready again');
  }, 60_000);
});
