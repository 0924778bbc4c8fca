import { describe, expect, it } from 'vitest';
import type { CommandContext, CommandDef } from '../../commands/types.js';
import { parseTextArgs, runCommand, UsageError } from '../../commands/dispatch.js';
import { DEFAULT_LOCALE, type Locale } from '../../src/i18n/locale.js';
import { described } from '../helpers/commands.js';

const ZH: Locale = { lang: 'zh', tz: 'Asia/Shanghai' };

const echo: CommandDef<null> = described<null>({
  name: 'mute',
  description: 'Mute alerts',
  args: [
    { name: 'duration', description: 'how long, e.g. 2h', type: 'string', required: true },
    { name: 'what', description: 'asset or kind', type: 'string' },
  ],
  adminOnly: true,
  example: '/mute 2h BTC',
  async run(ctx) {
    return `muted ${ctx.args.duration} ${ctx.args.what ?? 'all'}`;
  },
});

function ctx(args: Record<string, string | undefined>, isPrivate = false, locale: Locale = DEFAULT_LOCALE): CommandContext<null> {
  return { chat: { platform: 'telegram', chatId: '-1' }, isPrivate, user: { id: '1', name: 'u' }, args, now: 0, services: null, locale, platformLang: null };
}

describe('parseTextArgs', () => {
  it('maps tokens onto positional args, the last one taking the rest', () => {
    expect(parseTextArgs(echo, ' 2h  BTC ETH')).toEqual({ duration: '2h', what: 'BTC ETH' });
  });
  it('refuses text over the cap with the example', () => {
    expect(() => parseTextArgs(echo, 'x'.repeat(10_000))).toThrow(UsageError);
    expect(() => parseTextArgs(echo, 'x'.repeat(10_000))).toThrow(/Example: \/mute 2h BTC/);
  });
});

describe('runCommand', () => {
  const noErr = () => {};
  it('refuses a non-admin in a group in one line, without running', async () => {
    expect(await runCommand(echo, ctx({ duration: '2h' }), async () => false, noErr)).toBe('Only chat admins can use /mute here.');
  });
  it('runs for an admin', async () => {
    expect(await runCommand(echo, ctx({ duration: '2h' }), async () => true, noErr)).toBe('muted 2h all');
  });
  it('skips the admin check in a private chat', async () => {
    expect(await runCommand(echo, ctx({ duration: '1h' }, true), async () => false, noErr)).toBe('muted 1h all');
  });
  it('names a missing required argument', async () => {
    expect(await runCommand(echo, ctx({}), async () => true, noErr)).toMatch(/needs duration.*Example: \/mute 2h BTC/);
  });
  it('turns an unexpected error into a polite line and reports it', async () => {
    const errors: unknown[] = [];
    const boom: CommandDef<null> = { ...echo, adminOnly: false, run: async () => { throw new Error('x'); } };
    expect(await runCommand(boom, ctx({ duration: '1h' }), async () => true, (e) => errors.push(e))).toMatch(/failed on our side/);
    expect(errors).toHaveLength(1);
  });
});

describe('the shared path speaks the chat\'s language', () => {
  const noErr = () => {};
  it.each([
    ['a refused non-admin', () => runCommand(echo, ctx({ duration: '2h' }, false, ZH), async () => false, noErr), '只有群管理员才能在这里使用 /mute。'],
    ['a missing argument, with the example', () => runCommand(echo, ctx({}, false, ZH), async () => true, noErr), '/mute 需要填写duration（how long, e.g. 2h）。示例：/mute 2h BTC'],
    ['a failure on our side', () => runCommand({ ...echo, run: async () => { throw new Error('x'); } }, ctx({ duration: '1h' }, true, ZH), async () => true, noErr), '抱歉，/mute 在我们这边出错了，请一分钟后再试。'],
  ])('%s', async (_name, call, want) => expect(await call()).toBe(want));
  it('text over the cap', () => {
    expect(() => parseTextArgs(echo, 'x'.repeat(1500), ZH)).toThrow('/mute 的参数太长（1,500 个字符）。示例：/mute 2h BTC');
  });
});
