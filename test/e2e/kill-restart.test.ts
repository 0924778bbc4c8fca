import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { RedisKeys } from '../../src/store/keys.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { FAKE_IDS } from '../fakes/discord/fixtures.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { freePort, TestRedis, uniquePrefix } from '../helpers/redis.js';
import { seenOnDiscord, seenOnTelegram } from './crash-chats.js';

// Issue 10: the app (a real process, replaying the crash day) is killed with SIGKILL late in its fan-out to 100 Telegram
// groups and 100 Discord channels, then started again on the same Redis. Discord: no duplicate (enforce_nonce). Telegram:
// at most one per chat (the window between the platform's answer and the ledger write). No folded alert posted alone.
const N = 100;
const DC_TOKEN = 'fake-discord-token-for-the-kill-test-0123456789abcdef';
const TG = Array.from({ length: N }, (_, i) => String(-1_003_000_000_000 - i));
const DC = Array.from({ length: N }, (_, i) => String(1_500_000_000_000_000_000n + BigInt(i)));
const MAIN = fileURLToPath(new URL('../../src/app/main.ts', import.meta.url));

describe('kill -9 of the app late in a fan-out, then a restart', () => {
  const tg = new FakeTelegram({ limits: 'strict' });
  const dc = new FakeDiscord({ token: DC_TOKEN, rateLimits: 'strict' });
  const redis = new TestRedis();
  const prefix = uniquePrefix('kill9');
  const dir = mkdtempSync(join(tmpdir(), 'cascade-kill-'));
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    await Promise.all([tg.start(), dc.start(), redis.start()]);
    const client = redis.client();
    const subs = new SubscriptionStore(client, prefix);
    for (const id of TG) await subs.subscribe('telegram', id, 0);
    for (const id of DC) await subs.subscribe('discord', id, 0);
    client.disconnect();
    env = {
      PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_FORMAT: 'json', REDIS_URL: redis.url, REDIS_PREFIX: prefix, SOURCES: 'none',
      REPLAY_FILE: crashDay().file, REPLAY_SPEED: '2160', // the day in 40 s: alerts still firing when the first snapshot is saved (30 s) CASCADE_DATA_DIR: dir, HTTP_HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DISCORD_TOKEN: DC_TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.application, DISCORD_REST_URL: dc.apiUrl,
    };
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all([tg.stop(), dc.stop()]);
    await redis.dispose();
  });

  let out = '';
  async function startChild(): Promise<ChildProcess> {
    const c = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...env, HTTP_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] });
    out = '';
    c.stdout!.on('data', (b) => (out += String(b)));
    c.stderr!.on('data', (b) => (out += String(b)));
    await tg.waitFor(() => /Cascade is up|failed/.test(out), 60_000);
    if (!/Cascade is up/.test(out)) throw new Error(`the app did not start:\n${out.slice(-2000)}`);
    return c;
  }

  const sent = () => tg.messages.length + dc.messages.length;

  it('posts nothing twice on Discord, at most one per Telegram chat, and never a folded alert on its own', async () => {
    child = await startChild();
    // "Late in the fan-out": most chats already have their cascade message, and the engine has saved a snapshot (so the
    // restarted engine resumes from it and replays the file over it, as a restarted replay does).
    const probe = redis.client();
    const snapshot = new RedisKeys(prefix).engineSnapshot;
    for (let saved = false; !(saved && sent() >= 300); saved ||= (await probe.exists(snapshot)) === 1) await new Promise((r) => setTimeout(r, 200));
    probe.disconnect();
    child.kill('SIGKILL');
    const atKill = sent();
    child = await startChild();
    // The restarted app replays the file again (over its restored state): wait for the whole day, then for delivery.
    await tg.waitFor(() => /replay of .* finished/.test(out), 120_000);
    const connection = { host: '127.0.0.1', port: redis.port };
    const queues = ['telegram', 'discord'].map((p) => new Queue<DeliveryJob>(queueName(p as 'telegram'), { connection, prefix: new RedisKeys(prefix).bull }));
    for (let quiet = 0, end = Date.now() + 300_000; quiet < 4; ) {
      if (Date.now() > end) throw new Error('the fan-out did not finish after the restart');
      await new Promise((r) => setTimeout(r, 1000));
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'delayed', 'active', 'prioritized')));
      quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
    }
    await Promise.all(queues.map((q) => q.close()));
    const day = crashDay();
    const folded = new Set(day.alerts.filter((a) => a.alert.cascadeId && a.alert.kind !== 'cascade' && a.alert.ts > day.alerts.find((c) => c.alert.kind === 'cascade')!.alert.ts).map((a) => a.alert.title));
    const dupes = (own: string[]) => own.length - new Set(own).size;
    const tgSeen = TG.map((id) => seenOnTelegram(tg, id));
    const dcSeen = DC.map((id) => seenOnDiscord(dc, id));
    const tgDupes = tgSeen.map((s) => dupes(s.own));
    const dcDupes = dcSeen.map((s) => dupes(s.own));
    const foldedAlone = [...tgSeen, ...dcSeen].flatMap((s) => s.own.filter((t) => folded.has(t)));
    // Every alert the day fires (the app tracks no whale: none of those) reaches every chat, alone or in its cascade message.
    const all = day.alerts.map((a) => a.alert).filter((a) => a.kind !== 'whale').map((a) => a.title);
    const lost = [...tgSeen, ...dcSeen].map((s) => all.filter((t) => ![...s.own, ...s.triggers, ...s.folded].includes(t)).length).reduce((a, b) => a + b, 0);
    console.log(`kill -9 at ${atKill} messages; after the restart ${sent()} messages. Telegram: ${tgDupes.reduce((a, b) => a + b, 0)} duplicate(s) in ${tgDupes.filter((n) => n > 0).length} chat(s); Discord: ${dcDupes.reduce((a, b) => a + b, 0)} duplicate(s); folded alerts posted alone: ${foldedAlone.length}; lost: ${lost}`);
    expect(dcDupes.every((n) => n === 0)).toBe(true);
    expect(tgDupes.every((n) => n <= 1)).toBe(true);
    expect(foldedAlone).toEqual([]);
    expect(lost).toBe(0);
    expect(tg.tooManyRequests + dc.count429.total).toBe(0);
  }, 600_000);
});
