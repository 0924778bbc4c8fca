import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDef } from '../../../commands/types.js';
import { createDiscordBot, type DiscordBot } from '../../../src/platforms/discord/bot.js';
import { createLogger } from '../../../src/ops/logger.js';
import { FAKE_IDS } from '../../fakes/discord/fixtures.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/server.js';
import type { FakeInteraction } from '../../fakes/discord/state.js';
import { described } from '../../helpers/commands.js';

const TOKEN = 'cascade-spam-test-token-0123456789abcdef';
const runs: string[] = [];
const ping: CommandDef<null> = described<null>({ name: 'ping', description: 'Check that the bot answers', adminOnly: false, example: '/ping', args: [], run: async (ctx) => (runs.push(ctx.user.id), 'pong') });

let fake: FakeDiscord;
let bot: DiscordBot;
beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN }).start();
  bot = createDiscordBot({ token: TOKEN, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, commands: [ping], services: null, logger: createLogger({ level: 'silent', format: 'json' }), onRemoved: () => undefined });
  await bot.start();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

const answered = (i: FakeInteraction) => i.callbacks.length > 0;

describe('Discord: a command budget per person', () => {
  it('a member spamming 60 commands: a few run, every other one is answered privately with "slow down", nothing posted in the channel', async () => {
    const all = Array.from({ length: 60 }, () => fake.interact({ command: 'ping', userId: '4000' }));
    await waitFor(() => all.every(answered), 10_000, 'every interaction answered');
    const slow = all.filter((i) => i.callbacks[0].data?.content?.startsWith('Slow down'));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(8);
    expect(slow).toHaveLength(60 - runs.length);
    expect(slow.every((i) => i.callbacks[0].data?.flags === 64)).toBe(true);
    expect(fake.messages).toHaveLength(0);
  });
});
