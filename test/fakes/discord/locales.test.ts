import { Client, DiscordAPIError, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS } from './fixtures.js';
import { FakeDiscord } from './server.js';

const TOKEN = 'fake-locales-token';
const ZH_GUILD = '1200000000000000009';
let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await new FakeDiscord({
    token: TOKEN, heartbeatIntervalMs: 45_000,
    guilds: [{ id: FAKE_IDS.guild, name: 'Crash Watch', channelIds: [FAKE_IDS.channel] }, { id: ZH_GUILD, name: '暴跌监控', channelIds: ['1300000000000000009'], preferredLocale: 'zh-CN' }],
  }).start();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 0 } });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
});
afterAll(async () => {
  await client.destroy();
  await fake.stop();
});

const SUBSCRIBE = {
  name: 'subscribe', description: 'Post crash alerts in this channel', type: 1,
  name_localizations: { 'zh-CN': '订阅' }, description_localizations: { 'zh-CN': '在此频道推送暴跌警报', 'en-GB': 'Post crash alerts in this channel' },
  options: [{ name: 'severity', description: 'Lowest severity', type: 3, required: false, name_localizations: { 'zh-CN': '级别' }, description_localizations: { 'zh-CN': '最低级别' } }],
};

async function formErrors(body: unknown): Promise<any> {
  const err = await client.rest.put(Routes.applicationCommands(FAKE_IDS.application), { body }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DiscordAPIError);
  expect((err as DiscordAPIError).code).toBe(50035);
  return ((err as DiscordAPIError).rawError as { errors: unknown }).errors;
}

describe('application commands with localizations', () => {
  it('registers name/description localizations (zh-CN) through discord.js and serves them only with with_localizations', async () => {
    await client.application!.commands.set([SUBSCRIBE as never]);
    expect(fake.state.commands.global[0]).toMatchObject({ name: 'subscribe', name_localizations: { 'zh-CN': '订阅' } });
    const plain = (await client.rest.get(Routes.applicationCommands(FAKE_IDS.application))) as Array<Record<string, unknown>>;
    expect(plain[0]).not.toHaveProperty('name_localizations');
    const full = await client.application!.commands.fetch({ force: true, withLocalizations: true });
    expect(full.first()?.nameLocalizations).toEqual({ 'zh-CN': '订阅' });
    expect(full.first()?.options[0].descriptionLocalizations).toEqual({ 'zh-CN': '最低级别' });
  });

  it('accepts a Chinese command name (Discord names allow any letter) but not an upper-case one', async () => {
    await client.rest.put(Routes.applicationGuildCommands(FAKE_IDS.application, ZH_GUILD), { body: [{ name: '订阅', description: '订阅警报' }] });
    const errors = await formErrors([{ name: 'Subscribe', description: 'x' }]);
    expect(errors[0].name._errors[0].code).toBe('APPLICATION_COMMAND_INVALID_NAME');
  });

  it.each([
    ['an unknown locale key (zh)', { ...SUBSCRIBE, name_localizations: { zh: '订阅' } }, ['0', 'name_localizations', 'zh'], 'BASE_TYPE_CHOICES'],
    ['an underscore locale key (pt_BR)', { ...SUBSCRIBE, description_localizations: { pt_BR: 'x' } }, ['0', 'description_localizations', 'pt_BR'], 'BASE_TYPE_CHOICES'],
    ['an upper-case localized name', { ...SUBSCRIBE, name_localizations: { de: 'Abonnieren' } }, ['0', 'name_localizations'], 'APPLICATION_COMMAND_INVALID_NAME'],
    ['a 33-character localized name', { ...SUBSCRIBE, name_localizations: { 'zh-CN': '订'.repeat(33) } }, ['0', 'name_localizations', 'zh-CN'], 'BASE_TYPE_BAD_LENGTH'],
    ['a 101-character localized description', { ...SUBSCRIBE, description_localizations: { 'zh-CN': '跌'.repeat(101) } }, ['0', 'description_localizations', 'zh-CN'], 'BASE_TYPE_BAD_LENGTH'],
    ['an option with a bad locale', { ...SUBSCRIBE, options: [{ ...SUBSCRIBE.options[0], name_localizations: { cn: '级别' } }] }, ['0', 'options', '0', 'name_localizations', 'cn'], 'BASE_TYPE_CHOICES'],
  ])('refuses %s', async (_name, command, path, code) => {
    const errors = await formErrors([command]);
    const node = path.reduce((n: any, k) => n?.[k], errors);
    expect(node._errors[0].code).toBe(code);
  });
});

describe('locales reaching the bot', () => {
  it("carries the guild's preferred_locale in GUILD_CREATE", () => {
    expect(client.guilds.cache.get(ZH_GUILD)?.preferredLocale).toBe('zh-CN');
    expect(client.guilds.cache.get(FAKE_IDS.guild)?.preferredLocale).toBe('en-US');
  });

  it("carries the user's locale and the guild's locale in an interaction", async () => {
    const seen = new Promise<[string, string | null]>((resolve) => client.once(Events.InteractionCreate, (i) => resolve([i.locale, i.guildLocale])));
    fake.interact({ command: 'subscribe', guildId: ZH_GUILD, channelId: '1300000000000000009', locale: 'en-GB' });
    expect(await seen).toEqual(['en-GB', 'zh-CN']);
  });
});

describe('per-route rate limit through @discordjs/rest', () => {
  const limitedRest = () => new REST({ version: '10', api: fake.apiUrl, retries: 0, rejectOnRateLimit: () => true }).setToken(TOKEN);
  const send = (rest: REST, c: string, content: string) => rest.post(Routes.channelMessages(c), { body: { content, allowed_mentions: { parse: [] } } });

  it('sends X-RateLimit headers the client tracks, and answers a 6th post in 5 s with 429 (Retry-After, scope user)', async () => {
    fake.setRateLimits('strict');
    const [a, b] = [limitedRest(), limitedRest()];
    try {
      const c = '1300000000000000777';
      for (let i = 0; i < 5; i++) await send(a, c, `m${i}`);
      const before = fake.count429.route;
      // The client that saw X-RateLimit-Remaining: 0 refuses by itself; nothing reaches the fake.
      expect(await send(a, c, 'm5').then(() => null, (e: unknown) => e)).toMatchObject({ name: expect.stringContaining('RateLimitError') });
      expect(fake.count429.route).toBe(before);
      // A client without that knowledge gets the fake's 429, read from its Retry-After and X-RateLimit-Scope headers.
      const err = await send(b, c, 'm5').then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ name: expect.stringContaining('RateLimitError'), scope: 'user', global: false });
      expect((err as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
      expect(fake.count429.route - before).toBe(1);
    } finally {
      for (const r of [a, b]) {
        r.clearHashSweeper();
        r.clearHandlerSweeper();
      }
      fake.setRateLimits('off');
    }
  });
});
