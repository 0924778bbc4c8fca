import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordPlatform } from '../../src/platforms/discord/platform.js';
import type { RichMessage } from '../../src/chat/message.js';
import { createTelegramBot } from '../../src/platforms/telegram/bot.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { commandMessage, userOf } from '../fakes/telegram/updates.js';
import { captureLogger, newServices, TEST_COMMANDS } from './telegram/helpers.js';

// The production adapters against the strict fakes: each test is a platform rule production once broke (issue 10),
// first written as `it.fails`, turned into `it` with the fix.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 3)]);
const NEW_PNG = Buffer.concat([PNG, Buffer.from('v2')]);
const TOKEN = 'strict-fakes-discord-token';

const cascade = (text: string, png?: Buffer): RichMessage => ({
  title: 'Long liquidation cascade', severity: 'critical', blocks: [{ type: 'text', text }],
  ...(png ? { image: { png, filename: 'chart.png', alt: 'BTC 1h' } } : {}),
});

let tgFake: FakeTelegram;
let tg: TelegramPlatform;
let dcFake: FakeDiscord;
let dc: DiscordPlatform;

beforeAll(async () => {
  tgFake = new FakeTelegram();
  await tgFake.start();
  tg = new TelegramPlatform({ token: tgFake.token, apiRoot: tgFake.apiRoot, requestTimeoutMs: 2000 });
  dcFake = await new FakeDiscord({ token: TOKEN }).start();
  dc = new DiscordPlatform({ token: TOKEN, restUrl: dcFake.apiUrl });
});
afterAll(async () => {
  dc.close();
  await dcFake.stop();
  await tgFake.stop();
});

describe('Telegram: cascade updates after a chart', () => {
  // Issue 10: the cascade is posted as a photo; a later update without a chart was sent with editMessageText,
  // which Telegram refuses ("there is no text in the message to edit"); the job dead-lettered.
  it('updates a cascade that was posted with its chart by an update without a chart', async () => {
    const chat = '-1001000000900';
    const sent = await tg.send(chat, cascade('BTC −5% in 1h', PNG));
    await tg.edit(chat, sent, cascade('BTC −8% in 1h, ETH below $2,800'));
    expect(tgFake.inbox(chat)[0].shown).toContain('ETH below $2,800');
    expect(tgFake.calls('editMessageText')).toHaveLength(0);
  });

  it('updates the photo and its caption when the update carries a new chart (editMessageMedia)', async () => {
    const chat = '-1001000000901';
    const sent = await tg.send(chat, cascade('BTC −5% in 1h', PNG));
    await tg.edit(chat, sent, cascade('BTC −8% in 1h', NEW_PNG));
    const [first] = tgFake.inbox(chat);
    expect(first.shown).toContain('BTC −8% in 1h');
    expect(first.photo?.equals(NEW_PNG)).toBe(true);
  });
});

describe('Discord: cascade updates and their chart', () => {
  it('keeps the chart in the embed when the update carries a chart (attachments listed, file re-uploaded)', async () => {
    const channel = '1300000000000000901';
    const sent = await dc.send(channel, cascade('BTC −5% in 1h', PNG));
    await dc.edit(channel, sent, cascade('BTC −8% in 1h', NEW_PNG));
    const v = dcFake.view(sent.messageIds[0]);
    expect(v.embeds.at(-1)?.image).toEqual({ filename: 'chart.png', bytes: NEW_PNG });
    expect(v.files).toEqual([]);
  });

  // Issue 10: "the edited embed keeps its chart image: today the edit drops it". An update without a chart sent
  // embeds without the image and no `attachments`, so Discord kept the file but showed it loose under the message.
  it('keeps the chart in the embed when the update carries no chart', async () => {
    const channel = '1300000000000000902';
    const sent = await dc.send(channel, cascade('BTC −5% in 1h', PNG));
    await dc.edit(channel, sent, cascade('BTC −8% in 1h'));
    const v = dcFake.view(sent.messageIds[0]);
    expect(v.embeds.some((e) => e.image !== undefined)).toBe(true);
    expect(v.files).toEqual([]);
  });
});

describe('Telegram webhook mode', () => {
  // Issue 10: Telegram re-sends an update whose answer was slow or failed, with the same update_id; the bot must
  // handle it once. The fake delivers the update, then re-delivers it as Telegram would.
  it('handles an update Telegram delivers twice (same update_id) once', async () => {
    const fake = new FakeTelegram();
    await fake.start();
    const services = newServices();
    const tb = createTelegramBot({
      token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger: captureLogger().logger,
      onRemoved: () => undefined, onMigrated: () => undefined,
      mode: { webhook: { port: 0, host: '127.0.0.1', path: '/telegram/hook', secretToken: 'dedup_secret', url: 'https://bot.example.org/telegram/hook' } },
    });
    await tb.start();
    try {
      fake.routeWebhook(`http://127.0.0.1:${tb.webhookPort()}`);
      const id = fake.pushUpdate(commandMessage(811, '/ping', userOf(811)));
      await fake.waitFor(() => services.runs.length === 1);
      fake.redeliver(id);
      await fake.waitFor(() => fake.webhook.attempts.filter((a) => a.updateId === id && a.status === 200).length === 2);
      expect(services.runs).toEqual(['ping:811']);
    } finally {
      await tb.stop();
      await fake.stop();
    }
  });
});
