import { Client, DiscordAPIError, Events, GatewayIntentBits, REST, Routes, type ThreadChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS } from './fixtures.js';
import { FakeDiscord, waitFor } from './server.js';

// A real discord.js Client (gateway + REST) and a REST-only sender, both against the fake.
const TOKEN = 'fake-threads-token';
const SAFE = { allowed_mentions: { parse: [] } };
let fake: FakeDiscord;
let client: Client;
let rest: REST;
let startupThread = '';

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN, heartbeatIntervalMs: 45_000 }).start();
  startupThread = fake.addThread(FAKE_IDS.channel, { name: 'btc-alerts' }).id;
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 0 } });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
  rest = new REST({ version: '10', api: fake.apiUrl, retries: 0 }).setToken(TOKEN);
});
afterAll(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await client.destroy();
  await fake.stop();
});

const post = (id: string, content: string) => rest.post(Routes.channelMessages(id), { body: { ...SAFE, content } }) as Promise<{ id: string; channel_id: string }>;

async function refused(p: Promise<unknown>): Promise<[number, number, string]> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DiscordAPIError);
  const e = err as DiscordAPIError;
  return [e.status, Number(e.code), e.message];
}

describe('threads', () => {
  it('announces active threads in GUILD_CREATE: discord.js sees a ThreadChannel under its parent', () => {
    const t = client.channels.cache.get(startupThread) as ThreadChannel;
    expect(t.isThread()).toBe(true);
    expect([t.parentId, t.name, t.archived, t.locked]).toEqual([FAKE_IDS.channel, 'btc-alerts', false, false]);
  });

  it('accepts a post into a thread by its channel id, and serves the thread object to channels.fetch', async () => {
    const m = await post(startupThread, 'BTC −5% (thread)');
    expect(m.channel_id).toBe(startupThread);
    expect(fake.postedTo(startupThread).map((x) => x.content)).toEqual(['BTC −5% (thread)']);
    const fetched = await client.channels.fetch(startupThread, { force: true });
    expect(fetched?.isThread()).toBe(true);
  });

  it('unarchives an archived, unlocked thread when the bot posts in it (and the client hears THREAD_UPDATE)', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'sleepy' });
    await waitFor(() => client.channels.cache.has(t.id), 5000, 'THREAD_CREATE');
    fake.archiveThread(t.id);
    await waitFor(() => (client.channels.cache.get(t.id) as ThreadChannel).archived === true, 5000, 'archived');
    await post(t.id, 'wake up');
    expect(fake.channels.get(t.id)?.thread?.archived).toBe(false);
    await waitFor(() => (client.channels.cache.get(t.id) as ThreadChannel).archived === false, 5000, 'unarchived');
  });

  it('refuses edits in an archived thread with 50083 "Thread is archived"', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'edit-me' });
    const m = await post(t.id, 'v1');
    fake.archiveThread(t.id);
    const r = await refused(rest.patch(Routes.channelMessage(t.id, m.id), { body: { ...SAFE, content: 'v2' } }));
    expect(r).toEqual([400, 50083, 'Thread is archived']);
  });

  it('refuses a locked thread to a bot without MANAGE_THREADS: 50083 when archived, 160005 when active', async () => {
    const archived = fake.addThread(FAKE_IDS.channel, { name: 'closed', archived: true, locked: true });
    expect(await refused(post(archived.id, 'x'))).toEqual([400, 50083, 'Thread is archived']);
    const locked = fake.addThread(FAKE_IDS.channel, { name: 'locked', locked: true });
    expect(await refused(post(locked.id, 'x'))).toEqual([403, 160005, 'Thread is locked']);
    fake.state.botCanManageThreads = true;
    await post(archived.id, 'a moderator bot may');
    expect(fake.channels.get(archived.id)?.thread).toMatchObject({ archived: false, locked: true });
    fake.state.botCanManageThreads = false;
  });

  it('answers 404 10003 Unknown Channel for a deleted thread, after THREAD_DELETE', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'doomed' });
    await waitFor(() => client.channels.cache.has(t.id), 5000, 'THREAD_CREATE');
    const deleted = new Promise((resolve) => client.once(Events.ThreadDelete, resolve));
    fake.deleteThread(t.id);
    await deleted;
    expect(await refused(post(t.id, 'x'))).toEqual([404, 10003, 'Unknown Channel']);
  });

  it('puts the thread in the interaction: channel_id and a thread channel object', async () => {
    const seen = new Promise<{ channelId: string; thread: boolean }>((resolve) => {
      client.once(Events.InteractionCreate, (i) => resolve({ channelId: i.channelId ?? '', thread: i.channel?.isThread() ?? false }));
    });
    fake.interact({ command: 'subscribe', channelId: startupThread });
    expect(await seen).toEqual({ channelId: startupThread, thread: true });
  });
});
