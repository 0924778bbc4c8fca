import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, refusal } from './helpers.js';
import { FakeTelegram } from './server.js';

const fake = new FakeTelegram();
let tg: ReturnType<typeof client>;
const EN = [{ command: 'subscribe', description: 'Post crash alerts here' }, { command: 'levels', description: 'Price levels to watch' }];
const ZH = [{ command: 'subscribe', description: '在此推送暴跌警报' }, { command: 'levels', description: '关注的价格位' }];

beforeAll(async () => {
  await fake.start();
  tg = client(fake);
});
afterAll(() => fake.stop());

describe('setMyCommands / getMyCommands per (scope, language_code)', () => {
  it('stores one menu per scope and language and reads each back exactly', async () => {
    await tg.setMyCommands(EN, { scope: { type: 'all_group_chats' } });
    await tg.setMyCommands(ZH, { scope: { type: 'all_group_chats' }, language_code: 'zh' });
    await tg.setMyCommands(EN.slice(0, 1), { scope: { type: 'chat', chat_id: -1001000000500 }, language_code: 'en' });
    expect(await tg.getMyCommands({ scope: { type: 'all_group_chats' } })).toEqual(EN);
    expect(await tg.getMyCommands({ scope: { type: 'all_group_chats' }, language_code: 'zh' })).toEqual(ZH);
    expect(await tg.getMyCommands({ scope: { type: 'chat', chat_id: -1001000000500 }, language_code: 'en' })).toEqual(EN.slice(0, 1));
    // No fallback: a pair never set is empty, as on Telegram.
    expect(await tg.getMyCommands({ language_code: 'zh' })).toEqual([]);
    expect(fake.commandsFor({ type: 'all_group_chats' }, 'zh')).toEqual(ZH);
  });

  it('deletes the menu of one pair only', async () => {
    await tg.deleteMyCommands({ scope: { type: 'all_group_chats' }, language_code: 'zh' });
    expect(await tg.getMyCommands({ scope: { type: 'all_group_chats' }, language_code: 'zh' })).toEqual([]);
    expect(await tg.getMyCommands({ scope: { type: 'all_group_chats' } })).toEqual(EN);
  });

  it.each([
    ['an upper-case command', [{ command: 'Subscribe', description: 'x' }], 'Bad Request: BOT_COMMAND_INVALID'],
    ['a leading slash', [{ command: '/subscribe', description: 'x' }], 'Bad Request: BOT_COMMAND_INVALID'],
    ['a 33-character command', [{ command: 'a'.repeat(33), description: 'x' }], 'Bad Request: BOT_COMMAND_INVALID'],
    ['a Chinese command name', [{ command: '订阅', description: 'x' }], 'Bad Request: BOT_COMMAND_INVALID'],
    ['an empty description', [{ command: 'ok', description: ' ' }], 'Bad Request: command description must be non-empty'],
    ['a 257-character description', [{ command: 'ok', description: 'x'.repeat(257) }], 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID'],
    ['101 commands', Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: 'x' })), 'Bad Request: BOT_COMMANDS_TOO_MUCH'],
  ])('refuses %s', async (_name, commands, description) => {
    expect(await refusal(tg.setMyCommands(commands))).toEqual({ code: 400, description });
  });

  it('accepts the limits exactly: 32-character names, 256-character descriptions (CJK too), 100 commands', async () => {
    await tg.setMyCommands([{ command: 'a'.repeat(32), description: '跌'.repeat(256) }], { language_code: 'zh' });
    await tg.setMyCommands(Array.from({ length: 100 }, (_, i) => ({ command: `c${i}`, description: 'x' })));
  });

  it('refuses a language code that is not two ISO 639-1 letters, and a chat scope without chat_id', async () => {
    expect((await refusal(tg.setMyCommands(EN, { language_code: 'zh-CN' }))).code).toBe(400);
    expect((await refusal(tg.setMyCommands(EN, { scope: { type: 'chat' } as never }))).code).toBe(400);
  });
});
