import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import { FakeTelegram } from '../../fakes/telegram/server.js';
import { anonymousAdminCommand, commandMessage, migrateToMessage, myChatMemberUpdate, userOf } from '../../fakes/telegram/updates.js';
import { captureLogger, newServices, PNG, shownText, TEST_COMMANDS } from './helpers.js';

let fake: FakeTelegram;
let tb: TelegramBot;
const services = newServices();
const removed: string[] = [];
const migrated: Array<[string, string]> = [];
const { logger, lines } = captureLogger();

beforeAll(async () => {
  fake = new FakeTelegram({ holdMs: 300 });
  await fake.start();
  tb = createTelegramBot({
    token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger, mode: 'polling',
    onRemoved: (chatId) => void removed.push(chatId),
    onMigrated: (from, to) => void migrated.push([from, to]),
  });
  await tb.start();
});
afterAll(async () => {
  await tb.stop();
  await fake.stop();
});

/** reply waits for the n-th message the bot sends to a chat. */
function reply(chatId: number, n = 1) {
  return fake.waitFor(() => fake.sentTo(chatId)[n - 1]);
}

describe('Telegram bot (polling, real telegraf against the fake)', () => {
  it('sets the command menu from the registry, once per language (the default, then language_code zh)', () => {
    const menu = TEST_COMMANDS.map((c) => ({ command: c.name, description: c.description }));
    expect(fake.state.commands.map((c) => [c.languageCode ?? 'default', c.commands])).toEqual([['default', menu], ['zh', menu]]);
  });

  it('runs an admin-only command for a group admin (/cmd@bot, arguments parsed)', async () => {
    const g = -1001000000001;
    fake.setMember(g, 7, 'administrator');
    fake.pushUpdate(commandMessage(g, '/subscribe@crash_alert_test_bot BTC ETH', userOf(7, 'Ann', 'ann')));
    expect(shownText(await reply(g))).toBe('Subscribed\n\nAssets: BTC ETH');
    expect(services.subscribed.has(String(g))).toBe(true);
    expect(services.runs).toContain(`subscribe:${g}:@ann`);
  });

  it('refuses a non-admin in one polite line and changes nothing', async () => {
    const g = -1001000000002;
    fake.pushUpdate(commandMessage(g, '/subscribe BTC', userOf(8)));
    expect(shownText(await reply(g))).toBe('Only chat admins can use /subscribe here.');
    expect(services.subscribed.has(String(g))).toBe(false);
    expect(fake.calls('getChatMember')).toContainEqual(expect.objectContaining({ chat_id: g, user_id: 8 }));
  });

  it('treats an anonymous admin (posting as the group) as admin without asking getChatMember', async () => {
    const g = -1001000000003;
    fake.pushUpdate(anonymousAdminCommand(g, '/subscribe'));
    expect(shownText(await reply(g))).toBe('Subscribed\n\nAssets: all');
    expect(services.subscribed.has(String(g))).toBe(true);
    expect(fake.calls('getChatMember').filter((c) => c.chat_id === g)).toEqual([]);
  });

  it('skips the admin check in a private chat', async () => {
    fake.pushUpdate(commandMessage(555, '/subscribe SOL', userOf(555)));
    expect(shownText(await reply(555))).toContain('Assets: SOL');
    expect(fake.calls('getChatMember').filter((c) => c.chat_id === 555)).toEqual([]);
  });

  it('answers a slow command with a typing action and the chart as a photo', async () => {
    fake.pushUpdate(commandMessage(556, '/chart', userOf(556)));
    const photo = await reply(556);
    expect(photo.method).toBe('sendPhoto');
    expect(photo.photo!.data.equals(PNG)).toBe(true);
    expect(fake.calls('sendChatAction')).toContainEqual(expect.objectContaining({ chat_id: 556, action: 'typing' }));
  });

  it('answers a bad argument with the one-line reason and an example', async () => {
    fake.pushUpdate(commandMessage(557, '/ping now', userOf(557)));
    expect(shownText(await reply(557))).toBe('/ping takes no arguments. Example: /ping');
    expect(services.runs).not.toContain('ping:557');
  });

  it('survives a failing command: a polite line, an error log, and polling goes on', async () => {
    fake.pushUpdate(commandMessage(558, '/boom', userOf(558)));
    expect(shownText(await reply(558))).toBe('Sorry, /boom failed on our side. Try again in a minute.');
    expect(lines.join('')).toContain('kaput');
    fake.pushUpdate(commandMessage(558, '/ping', userOf(558)));
    expect(shownText(await reply(558, 2))).toBe('pong <&>');
  });

  it('calls onRemoved when the bot is kicked or leaves, not when it is added', async () => {
    fake.pushUpdate(myChatMemberUpdate(-1001000000004, 'left', 'member'));
    fake.pushUpdate(myChatMemberUpdate(-1001000000005, 'member', 'kicked'));
    fake.pushUpdate(myChatMemberUpdate(777, 'member', 'kicked'));
    await fake.waitFor(() => removed.length >= 2 && fake.pendingUpdates.length === 0);
    await fake.waitFor(() => removed.includes('777'));
    expect(removed).toEqual(['-1001000000005', '777']);
  });

  it('calls onMigrated when a group becomes a supergroup', async () => {
    fake.pushUpdate(migrateToMessage(-4001, -1004001));
    await fake.waitFor(() => migrated.length > 0);
    expect(migrated).toEqual([['-4001', '-1004001']]);
  });

  it('treats a reply that finds the bot kicked as a removal', async () => {
    fake.failChat(-1001000000006, 'kicked');
    fake.pushUpdate(commandMessage(-1001000000006, '/ping', userOf(9)));
    await fake.waitFor(() => removed.includes('-1001000000006'));
  });

  it('writes no token in any log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toContain(fake.token.split(':')[1]);
  });
});

describe('Telegram bot start and stop', () => {
  it('start rejects with a wrong token (401), and the error does not carry the token', async () => {
    const bad = createTelegramBot({ ...baseOpts(), token: '999999:AAwrongwrongwrongwrongwrongwrongwrong' });
    const err = (await bad.start().then(() => null, (e: unknown) => e)) as Error;
    expect(err.message).toContain('401');
    expect(`${err.message}${err.stack}`).not.toContain('AAwrongwrong');
  });

  it('stop resolves and confirms the processed updates', async () => {
    const local = new FakeTelegram({ holdMs: 200 });
    await local.start();
    const bot = createTelegramBot({ ...baseOpts(), token: local.token, apiRoot: local.apiRoot });
    await bot.start();
    local.pushUpdate(commandMessage(600, '/ping', userOf(600)));
    await local.waitFor(() => local.sentTo(600)[0]);
    await bot.stop();
    expect(local.pendingUpdates).toEqual([]);
    await local.stop();
  });
});

function baseOpts() {
  return {
    token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services: newServices(), logger: captureLogger().logger,
    mode: 'polling' as const, onRemoved: () => undefined, onMigrated: () => undefined,
  };
}

describe('Telegram bot stopped right after start', () => {
  it('stop() right after start() still ends polling', async () => {
    const local = new FakeTelegram({ holdMs: 200 });
    await local.start();
    const bot = createTelegramBot({ ...baseOpts(), token: local.token, apiRoot: local.apiRoot });
    await bot.start();
    await bot.stop();
    const polls = local.calls('getUpdates').length;
    local.pushUpdate(commandMessage(601, '/ping', userOf(601)));
    // A live poller would re-poll within holdMs (200 ms); give it one and a half of those to show up.
    await new Promise((r) => setTimeout(r, 300));
    expect(local.calls('getUpdates').length).toBe(polls);
    expect(local.sentTo(601)).toEqual([]);
    await local.stop();
  });
});
