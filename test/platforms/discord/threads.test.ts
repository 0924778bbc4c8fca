import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLimiter } from '../../../commands/limiter.js';
import { PlatformError } from '../../../src/chat/errors.js';
import type { RichMessage } from '../../../src/chat/message.js';
import { createLogger } from '../../../src/ops/logger.js';
import { createDiscordBot, type DiscordBot } from '../../../src/platforms/discord/bot.js';
import { DiscordPlatform } from '../../../src/platforms/discord/platform.js';
import { FAKE_IDS, PERM } from '../../fakes/discord/fixtures.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/server.js';
import { described } from '../../helpers/commands.js';

// Issue 14: Discord threads, through the real discord.js (gateway + REST) against the fake. A thread is a channel of
// its own id: /subscribe there subscribes the thread. Archived threads: a post reopens an unlocked one (Discord does
// this itself); an edit there is refused, so the update is posted anew; a locked one is treated like a removed channel.
const TOKEN = 'cascade-threads-test-token-0123456789abcdef';
const where: Array<{ chatId: string; guildId?: string }> = [];
const here = described<object>({
  name: 'here', description: 'Say where it was run', adminOnly: true, example: '/here', args: [],
  async run(ctx) {
    where.push({ chatId: ctx.chat.chatId, guildId: ctx.chat.guildId });
    return 'subscribed here';
  },
});
const alert: RichMessage = { title: 'BTC breaks below $85,000', severity: 'warning', blocks: [{ type: 'text', text: 'x' }] };

let fake: FakeDiscord;
let bot: DiscordBot;
let platform: DiscordPlatform;
const removed: string[] = [];

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN }).start();
  bot = createDiscordBot({
    token: TOKEN, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, commands: [here], services: {},
    logger: createLogger({ level: 'silent', format: 'json', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    onRemoved: (id) => void removed.push(id), limiter: new CommandLimiter({ chat: { burst: 100, everyMs: 1 }, user: { burst: 100, everyMs: 1 } }),
  });
  await bot.start();
  platform = new DiscordPlatform({ token: TOKEN, restUrl: fake.apiUrl });
});
afterAll(async () => {
  platform?.close();
  await bot?.stop();
  await fake?.stop();
});

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('Discord threads', () => {
  it('/subscribe in a thread speaks for the thread (its own channel id), not its parent channel', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'btc-alerts' });
    await waitFor(() => bot.client.channels.cache.has(t.id), 5000, 'THREAD_CREATE');
    const i = fake.interact({ command: 'here', channelId: t.id, permissions: PERM.manageGuild });
    await waitFor(() => i.callbacks.length > 0, 5000, 'an answer');
    expect(where).toEqual([{ chatId: t.id, guildId: FAKE_IDS.guild }]);
    await platform.send(t.id, alert);
    expect(fake.postedTo(t.id)).toHaveLength(1);
    expect(fake.postedTo(FAKE_IDS.channel)).toHaveLength(0);
  });

  it('an archived, unlocked thread: the next alert reopens it; an edit there is `uneditable` (the worker posts anew)', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'sleepy' });
    const sent = await platform.send(t.id, alert);
    fake.archiveThread(t.id);
    expect((await failure(platform.edit(t.id, sent, { ...alert, title: 'updated' }))).kind).toBe('uneditable');
    await platform.send(t.id, { ...alert, title: 'updated' });
    expect(fake.channels.get(t.id)?.thread?.archived).toBe(false);
    expect(fake.postedTo(t.id)).toHaveLength(2);
  });

  it('an archived and locked thread, or a locked one, is treated like a removed channel (`gone`)', async () => {
    const archivedLocked = fake.addThread(FAKE_IDS.channel, { name: 'closed' });
    fake.archiveThread(archivedLocked.id, true, true);
    expect((await failure(platform.send(archivedLocked.id, alert))).kind).toBe('gone');
    const locked = fake.addThread(FAKE_IDS.channel, { name: 'locked', locked: true });
    expect((await failure(platform.send(locked.id, alert))).kind).toBe('gone');
  });

  it('a deleted thread is reported removed (THREAD_DELETE), and a post there is `gone`', async () => {
    const t = fake.addThread(FAKE_IDS.channel, { name: 'doomed' });
    await waitFor(() => bot.client.channels.cache.has(t.id), 5000, 'THREAD_CREATE');
    fake.deleteThread(t.id);
    await waitFor(() => removed.includes(t.id), 5000, 'thread removal');
    expect((await failure(platform.send(t.id, alert))).kind).toBe('gone');
  });
});
