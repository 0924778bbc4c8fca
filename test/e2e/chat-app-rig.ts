import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { startApp, type RunningApp } from '../../src/app/app.js';
import type { PlatformName } from '../../src/chat/platform.js';
import { parseEnv } from '../../src/config/env.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { RedisKeys } from '../../src/store/keys.js';
import { FAKE_IDS } from '../fakes/discord/fixtures.js';
import type { FakeDiscord } from '../fakes/discord/server.js';
import { FAKE_TOKEN, type FakeTelegram } from '../fakes/telegram/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';

/**
 * ChatAppRig is the whole app (no market sources) on a test Redis with both chat platforms on the strict fakes, and a
 * view of its delivery queues: the rig of the end-to-end chat tests.
 */
export class ChatAppRig {
  readonly redis = new TestRedis();
  app!: RunningApp;
  client!: Redis;
  queues!: Record<PlatformName, Queue<DeliveryJob>>;

  constructor(readonly tg: FakeTelegram, readonly dc: FakeDiscord, private readonly dcToken: string, readonly prefix: string) {}

  /** startFakes starts the fakes and Redis, with a client on it (chats can be subscribed before the app starts). */
  async startFakes(): Promise<void> {
    await Promise.all([this.tg.start(), this.dc.start(), this.redis.start()]);
    this.client = this.redis.client();
  }

  /** startApp starts the app on them; `env` adds to its configuration. */
  async startApp(env: Record<string, string> = {}): Promise<RunningApp> {
    const cfg = parseEnv({
      REDIS_URL: this.redis.url, REDIS_PREFIX: this.prefix, SOURCES: 'none', HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: this.tg.apiRoot, DISCORD_TOKEN: this.dcToken, DISCORD_APPLICATION_ID: FAKE_IDS.application,
      DISCORD_REST_URL: this.dc.apiUrl, ...env,
    });
    this.app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: mkdtempSync(join(tmpdir(), 'cascade-chats-')) });
    const connection = { host: '127.0.0.1', port: this.redis.port };
    const prefix = new RedisKeys(this.prefix).bull;
    this.queues = { telegram: new Queue(queueName('telegram'), { connection, prefix }), discord: new Queue(queueName('discord'), { connection, prefix }) };
    return this.app;
  }

  /** settled waits until no delivery job is waiting, delayed or running on either platform three checks in a row (a cascade's edit waits for its minute). */
  async settled(ms: number): Promise<void> {
    const end = Date.now() + ms;
    for (let quiet = 0; quiet < 3; ) {
      if (Date.now() > end) throw new Error('deliveries did not settle');
      await new Promise((r) => setTimeout(r, 500));
      const counts = await Promise.all(Object.values(this.queues).map((q) => q.getJobCounts('waiting', 'delayed', 'active', 'prioritized')));
      quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues ?? {}).map((q) => q.close()));
    await this.app?.stop();
    this.client?.disconnect();
    await Promise.all([this.tg.stop(), this.dc.stop()]);
    await this.redis.dispose();
  }
}
