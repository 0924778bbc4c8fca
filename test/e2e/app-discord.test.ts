import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { startApp, type RunningApp } from '../../src/app/app.js';
import { parseEnv } from '../../src/config/env.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import { FAKE_IDS, PERM, type SlashOption } from '../fakes/discord/fixtures.js';
import { answerOf } from '../fakes/discord/state.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';

const TOKEN = 'fake-discord-token-for-the-app-end-to-end-test-0123456789abcdef';

/** Every command of the real registry, with arguments, as a Discord slash command. */
const CALLS: Array<{ command: string; options?: SlashOption[]; admin?: boolean; want: RegExp }> = [
  { command: 'subscribe', admin: true, want: /Subscribed/ },
  { command: 'settings', admin: true, options: [{ name: 'setting', type: 3, value: 'severity' }, { name: 'value', type: 3, value: 'critical' }], want: /critical/ },
  { command: 'levels', admin: true, options: [{ name: 'action', type: 3, value: 'add' }, { name: 'asset', type: 3, value: 'BTC' }, { name: 'prices', type: 3, value: '83500' }], want: /BTC custom levels: 83,500/ },
  { command: 'mute', admin: true, options: [{ name: 'duration', type: 3, value: '2h' }, { name: 'what', type: 3, value: 'ETH' }], want: /Muted ETH for 2h/ },
  { command: 'unmute', admin: true, want: /Unmuted/ },
  { command: 'price', options: [{ name: 'assets', type: 3, value: 'BTC ETH' }], want: /Prices \(composite/ },
  { command: 'liquidations', options: [{ name: 'window', type: 3, value: '24h' }], want: /liquidated in 24h/ },
  { command: 'markets', want: /Cross-market board/ },
  { command: 'summary', options: [{ name: 'window', type: 3, value: '24h' }], want: /Crash report/ },
  { command: 'alerts', want: /Last 10 alerts/ },
  { command: 'status', want: /Cascade status/ },
  { command: 'help', want: /Cascade: crypto crash alerts/ },
  { command: 'leverage', options: [{ name: 'assets', type: 3, value: 'BTC' }], want: /Leverage: open interest \(in coins\)/ },
  // a live app tracks only the rules file's and the chats' accounts: the replayed day's whale is nobody's here
  { command: 'whales', want: /No tracked account has an open position/ },
  { command: 'watch', admin: true, options: [{ name: 'action', type: 3, value: 'list' }], want: /No account is watched in this chat/ },
  { command: 'unsubscribe', admin: true, want: /Unsubscribed/ },
];

describe('the whole app, Discord side: real discord.js against the fake REST + gateway', () => {
  const dc = new FakeDiscord({ token: TOKEN });
  const redis = new TestRedis();
  let app: RunningApp;

  beforeAll(async () => {
    await Promise.all([dc.start(), redis.start()]);
    const dir = mkdtempSync(join(tmpdir(), 'cascade-dc-'));
    generateDay(join(dir, 'day.ndjson'));
    const cfg = parseEnv({ REDIS_URL: redis.url, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.application, DISCORD_REST_URL: dc.apiUrl, HTTP_PORT: String(await freePort()), HTTP_HOST: '127.0.0.1', SOURCES: 'none' });
    app = await startApp(cfg, pino({ level: 'silent' }), { dataDir: dir });
    readEvents(join(dir, 'day.ndjson'), (e) => app.engine!.ingest(e), () => {});
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await dc.stop();
    await redis.dispose();
  });


  // Each command by another member: one member's own burst of thirteen would meet the command budget (tested in spam.test.ts).
  it.each(CALLS.map((c, n) => ({ ...c, userId: String(9_000_000_000_000_000 + n) })))('/$command answers on Discord', async ({ command, options, admin, want, userId }) => {
    const reply = await answerOf(dc.interact({ command, options, userId, permissions: admin ? PERM.manageGuild : PERM.sendMessages }), 15_000);
    expect(reply).toMatch(want);
  });

  it('refuses an admin-only command to a member without Manage Guild, changing nothing', async () => {
    const reply = await answerOf(dc.interact({ command: 'subscribe', permissions: PERM.sendMessages }), 15_000);
    expect(reply).toMatch(/Only chat admins can use \/subscribe here/);
    const { SubscriptionStore } = await import('../../src/store/subscriptions.js');
    const sub = await new SubscriptionStore(redis.client(), 'cascade').get('discord', FAKE_IDS.channel);
    expect(sub?.active).toBe(false); // unsubscribed by the admin above; the member could not change it
  });

  it('registers the whole registry as slash commands the fake accepts', () => {
    expect(COMMANDS.length).toBe(CALLS.length);
  });
});
