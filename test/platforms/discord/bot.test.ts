import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { described } from '../../helpers/commands.js';
import { COMMANDS } from '../../../commands/index.js';
import { createLogger } from '../../../src/ops/logger.js';
import { UsageError } from '../../../commands/dispatch.js';
import { CommandLimiter } from '../../../commands/limiter.js';
import { createDiscordBot, DiscordLoginError, type DiscordBot } from '../../../src/platforms/discord/bot.js';
import { buildSlashCommands, registerSlashCommands, SlashCommandError } from '../../../src/platforms/discord/slash.js';
import { FAKE_IDS, PERM } from '../../fakes/discord/fixtures.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/server.js';
import { isAnswered, type FakeInteraction } from '../../fakes/discord/state.js';
import { validateCommands } from '../../fakes/discord/validate.js';

const TOKEN = 'cascade-bot-test-token-fedcba9876543210';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png-body')]);

/** Services of the test registry: a counter an admin command changes, and a gate a command can wait on. */
interface TestServices {
  granted: string[];
  gate: (() => Promise<void>) | null;
}

const grant = described<TestServices>({
  name: 'grant', description: 'Admin-only: grant an asset', adminOnly: true, example: '/grant BTC',
  args: [{ name: 'asset', description: 'which asset', type: 'string', required: true, choices: ['BTC', 'ETH'] }, { name: 'note', description: 'why', type: 'string' }],
  async run(ctx) {
    ctx.services.granted.push(ctx.args.asset!);
    return `granted ${ctx.args.asset} to ${ctx.user.name}`;
  },
});

const threshold = described<TestServices>({
  name: 'threshold', description: 'Echo typed options', adminOnly: false, example: '/threshold 12.5',
  args: [{ name: 'note', description: 'free text', type: 'string' }, { name: 'percent', description: 'drop in %', type: 'number', required: true }, { name: 'count', description: 'how many', type: 'integer' }],
  async run(ctx) {
    await ctx.services.gate?.();
    if (Number(ctx.args.percent) <= 0) throw new UsageError('percent must be above 0. Example: /threshold 12.5');
    return { title: 'Threshold', severity: 'info', blocks: [{ type: 'fields', fields: Object.entries(ctx.args).map(([name, value]) => ({ name, value: String(value) })) }] };
  },
});

const chart = described<TestServices>({
  name: 'chart', description: 'Slow: a chart', adminOnly: false, example: '/chart 24h', slow: true,
  args: [{ name: 'window', description: 'e.g. 24h', type: 'string' }],
  async run(ctx) {
    await ctx.services.gate?.();
    if (ctx.args.window === 'bad') throw new UsageError('window must look like 24h. Example: /chart 24h');
    return { title: `Chart ${ctx.args.window ?? '24h'}`, severity: 'critical', blocks: [{ type: 'text', text: 'BTC -8% @everyone' }], image: { png: PNG, filename: 'chart.png' } };
  },
});

const boom = described<TestServices>({
  name: 'boom', description: 'Fails unexpectedly', adminOnly: false, example: '/boom', args: [],
  async run() {
    throw new Error('database exploded');
  },
});

const REGISTRY = [grant, threshold, chart];

let fake: FakeDiscord;
let bot: DiscordBot;
const services: TestServices = { granted: [], gate: null };
const removed: string[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN }).start();
  const logger = createLogger({ level: 'debug', format: 'json', destination: new Writable({ write(c, _e, cb) { logLines.push(String(c)); cb(); } }) });
  bot = createDiscordBot({
    token: TOKEN, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, gatewayUrl: `${fake.gatewayUrl}-override`,
    commands: [...REGISTRY, boom], services, logger, onRemoved: (id) => void removed.push(id), deferAfterMs: 100,
    // These tests send many commands from one member in one channel; the budget itself is tested in spam.test.ts.
    limiter: new CommandLimiter({ chat: { burst: 1000, everyMs: 1 }, user: { burst: 1000, everyMs: 1 } }),
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

async function answered(i: FakeInteraction): Promise<FakeInteraction> {
  await waitFor(() => isAnswered(i), 5000, 'an answer');
  return i;
}

describe('slash definitions', () => {
  it('derive from the registry: typed options, required first, choices, Manage Guild for admin-only', () => {
    const [g, t, c] = buildSlashCommands(REGISTRY);
    expect(g).toEqual({
      name: 'grant', description: 'Admin-only: grant an asset', type: 1, default_member_permissions: '32', dm_permission: true, contexts: [0, 1],
      options: [{ name: 'asset', description: 'which asset', type: 3, required: true, choices: [{ name: 'BTC', value: 'BTC' }, { name: 'ETH', value: 'ETH' }] }, { name: 'note', description: 'why', type: 3, required: false }],
    });
    expect(t.options?.map((o) => [o.name, o.type, 'required' in o && o.required])).toEqual([['percent', 10, true], ['note', 3, false], ['count', 4, false]]);
    expect(t.default_member_permissions).toBeNull();
    expect(c.name).toBe('chart');
  });

  it('the real registry (commands/index.ts) fits every Discord rule', () => {
    expect(validateCommands(buildSlashCommands(COMMANDS))).toEqual([]);
  });

  it('refuse a name Discord would reject, naming it', () => {
    expect(() => buildSlashCommands([{ ...grant, name: 'Grant Now' }])).toThrow(SlashCommandError);
    expect(() => buildSlashCommands([{ ...grant, args: [{ name: 'Asset', type: 'string' }] }])).toThrow(/option name "Asset"/);
    expect(() => buildSlashCommands([grant, grant])).toThrow(/defined twice/);
  });

  it('register globally and to one guild with a bulk overwrite (PUT)', async () => {
    const global = await registerSlashCommands({ token: TOKEN, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, commands: REGISTRY });
    expect(global.map((c) => c.name)).toEqual(['grant', 'threshold', 'chart']);
    expect(fake.state.commands.global.map((c) => c.name)).toEqual(['grant', 'threshold', 'chart']);
    const inGuild = await registerSlashCommands({ token: TOKEN, restUrl: fake.apiUrl, guildId: FAKE_IDS.guild, commands: [threshold] });
    expect(fake.state.commands.guilds.get(FAKE_IDS.guild)?.map((c) => c.name)).toEqual(['threshold']);
    expect(inGuild[0].id).toMatch(/^\d+$/);
    const again = await registerSlashCommands({ token: TOKEN, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, commands: [chart] });
    expect(again).toEqual([{ id: global[2].id, name: 'chart' }]);
    expect(fake.state.commandPuts.map((p) => p.guildId)).toEqual([null, FAKE_IDS.guild, null]);
    expect(fake.state.counters.formErrors).toBe(0);
  });

  it('a failed registration says why without the token', async () => {
    const err = await registerSlashCommands({ token: `${TOKEN}x`, applicationId: FAKE_IDS.application, restUrl: fake.apiUrl, commands: REGISTRY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlashCommandError);
    expect((err as Error).message).toMatch(/registering slash commands failed/);
    expect((err as Error).message).not.toContain('cascade-bot-test-token');
  });
});

describe('slash commands over the gateway', () => {
  it('connects on the configured gateway URL', () => {
    expect(fake.gateway.connections[0]).toMatch(/^\/gateway-override\?v=10&encoding=json/);
    expect(bot.client.guilds.cache.has(FAKE_IDS.guild)).toBe(true);
  });

  it('refuses an admin-only command to a member without Manage Guild, in one private line, changing nothing', async () => {
    const i = await answered(fake.interact({ command: 'grant', options: [{ name: 'asset', type: 3, value: 'BTC' }], permissions: PERM.sendMessages }));
    expect(i.callbacks).toEqual([expect.objectContaining({ type: 4, data: expect.objectContaining({ content: 'Only chat admins can use /grant here.', flags: 64 }) })]);
    expect(services.granted).toEqual([]);
  });

  it('runs it for Manage Guild (and Administrator), publicly', async () => {
    const i = await answered(fake.interact({ command: 'grant', options: [{ name: 'asset', type: 3, value: 'ETH' }], permissions: PERM.manageGuild }));
    expect(i.callbacks[0].type).toBe(4);
    expect(i.callbacks[0].data.flags ?? 0).toBe(0);
    expect(i.callbacks[0].data.content).toBe('granted ETH to Ann');
    await answered(fake.interact({ command: 'grant', options: [{ name: 'asset', type: 3, value: 'BTC' }], permissions: PERM.administrator }));
    expect(services.granted).toEqual(['ETH', 'BTC']);
  });

  it('runs an admin-only command in a DM (private chat, no guild permissions)', async () => {
    const i = await answered(fake.interact({ command: 'grant', options: [{ name: 'asset', type: 3, value: 'BTC' }], dm: true }));
    expect(i.callbacks[0].data.content).toBe('granted BTC to Ann');
    services.granted.length = 0;
  });

  it('maps typed options to args by name and replies with an embed', async () => {
    const i = await answered(fake.interact({ command: 'threshold', options: [{ name: 'percent', type: 10, value: 12.5 }, { name: 'count', type: 4, value: 3 }] }));
    const embed = i.callbacks[0].data.embeds[0];
    expect(embed).toMatchObject({ title: 'Threshold', color: 0x3498db });
    expect(embed.fields).toEqual([{ name: 'percent', value: '12.5' }, { name: 'count', value: '3' }]);
    expect(i.callbacks[0].data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a usage error and a missing required option privately', async () => {
    const bad = await answered(fake.interact({ command: 'threshold', options: [{ name: 'percent', type: 10, value: -1 }] }));
    expect(bad.callbacks[0].data).toMatchObject({ content: 'percent must be above 0. Example: /threshold 12.5', flags: 64 });
    const missing = await answered(fake.interact({ command: 'threshold' }));
    expect(missing.callbacks[0].data.content).toMatch(/^\/threshold needs percent/);
    expect(missing.callbacks[0].data.flags).toBe(64);
  });

  it('defers a slow command before running it, then edits in the embed and the PNG', async () => {
    let inter: FakeInteraction | null = null;
    services.gate = () => waitFor(() => inter !== null && inter.callbacks.length === 1, 5000, 'the deferral');
    inter = fake.interact({ command: 'chart', options: [{ name: 'window', type: 3, value: '4h' }] });
    const i = await answered(inter);
    services.gate = null;
    expect(i.callbacks.map((c) => c.type)).toEqual([5]);
    expect(i.originalEdits).toBe(1);
    expect(i.original?.embeds[0]).toMatchObject({ title: 'Chart 4h', color: 0xe53935, description: 'BTC -8% @\u200beveryone', image: { url: 'attachment://chart.png' } });
    expect(i.original?.attachments[0].bytes.equals(PNG)).toBe(true);
    expect(i.original?.flags ?? 0).toBe(0);
  });

  it('after a public deferral, a refusal replaces the placeholder with a private follow-up', async () => {
    const i = fake.interact({ command: 'chart', options: [{ name: 'window', type: 3, value: 'bad' }] });
    await waitFor(() => i.followups.length > 0, 5000, 'the follow-up');
    expect(i.callbacks.map((c) => c.type)).toEqual([5]);
    expect(i.originalDeleted).toBe(true);
    expect(i.followups[0]).toMatchObject({ content: 'window must look like 24h. Example: /chart 24h', flags: 64 });
  });

  it('defers a command that is not marked slow once it runs past the fallback', async () => {
    let inter: FakeInteraction | null = null;
    services.gate = () => waitFor(() => inter !== null && inter.callbacks.length === 1, 5000, 'the fallback deferral');
    inter = fake.interact({ command: 'threshold', options: [{ name: 'percent', type: 10, value: 2 }] });
    const i = await answered(inter);
    services.gate = null;
    expect(i.callbacks[0].type).toBe(5);
    expect(i.original?.embeds[0].title).toBe('Threshold');
  });

  it('answers an unexpected failure politely and privately, and logs it', async () => {
    const i = await answered(fake.interact({ command: 'boom' }));
    expect(i.callbacks[0].data).toMatchObject({ content: 'Sorry, /boom failed on our side. Try again in a minute.', flags: 64 });
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'discord command failed');
    expect(line).toMatchObject({ command: 'boom', err: { message: 'database exploded' } });
  });

  it('answers an unknown command privately', async () => {
    const i = await answered(fake.interact({ command: 'nope' }));
    expect(i.callbacks[0].data).toMatchObject({ content: 'Unknown command /nope. Try /help.', flags: 64 });
  });

  it('reports channels it was removed from: one deleted channel, then the whole guild', async () => {
    fake.gateway.dispatch('CHANNEL_DELETE', { id: FAKE_IDS.otherChannel, type: 0, guild_id: FAKE_IDS.guild, name: 'alerts-2' });
    await waitFor(() => removed.length === 1, 5000, 'channel removal');
    fake.gateway.dispatch('GUILD_DELETE', { id: FAKE_IDS.guild, unavailable: true });
    fake.gateway.dispatch('GUILD_DELETE', { id: FAKE_IDS.guild });
    await waitFor(() => removed.length === 2, 5000, 'guild removal');
    expect(removed).toEqual([FAKE_IDS.otherChannel, FAKE_IDS.channel]);
  });

  it('sent no mention-enabled message and no over-limit body; logged no token', () => {
    expect(fake.state.counters.mentionViolations).toBe(0);
    expect(fake.state.counters.formErrors).toBe(0);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain('cascade-bot-test-token');
  });
});

describe('login', () => {
  it('fails with a clear error, without the token, when the token is wrong', async () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'json', destination: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) });
    const wrong = createDiscordBot({ token: 'wrong-token-0123456789abcdef', restUrl: fake.apiUrl, commands: REGISTRY, services, logger, onRemoved: () => {} });
    const err = await wrong.start().catch((e: unknown) => e);
    await wrong.stop();
    expect(err).toBeInstanceOf(DiscordLoginError);
    expect((err as Error).message).toMatch(/discord login failed/);
    expect((err as Error).message).not.toContain('wrong-token-0123456789abcdef');
    expect(lines.join('')).not.toContain('wrong-token-0123456789abcdef');
  });
});
