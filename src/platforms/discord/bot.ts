import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, Routes, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { localeFor, unknownCommandLine } from '../../../commands/dispatch.js';
import { CommandLimiter } from '../../../commands/limiter.js';
import type { ChatLocales, CommandDef } from '../../../commands/types.js';
import { scrub } from '../../ops/secrets.js';
import { handleChatInput, platformLangOf } from './interaction.js';
import { DISCORD_API_URL } from './platform.js';

/** DiscordBotOptions wire the gateway client to the command registry. */
export interface DiscordBotOptions<S> {
  token: string;
  /** When set, interactions for another application are ignored (a misrouted token). */
  applicationId?: string;
  /** REST base without the version (default https://discord.com/api). */
  restUrl?: string;
  /** Overrides the gateway URL that `GET /gateway/bot` returns (a proxy, or a test's fake). */
  gatewayUrl?: string;
  commands: readonly CommandDef<S>[];
  services: S;
  /** How a chat reads (its stored language and zone); by default the guild's language on UTC. */
  localeOf?: ChatLocales;
  logger: Logger;
  /** Called for each channel the bot can no longer post in (channel deleted, bot removed from the guild). */
  onRemoved: (channelId: string) => void | Promise<void>;
  now?: () => number;
  /** How long a command that is not `slow` may take before it is deferred (default 2 s, under the 3 s deadline). */
  deferAfterMs?: number;
  /** The per-chat and per-user command budget (a fresh one when absent). */
  limiter?: CommandLimiter;
}

/** DiscordLoginError: the gateway login failed (bad token, unreachable API); the message never holds the token. */
export class DiscordLoginError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'DiscordLoginError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** DiscordBot is a running gateway client: `start` logs in and waits until the guilds are loaded. */
export interface DiscordBot {
  readonly client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** pointGatewayAt makes discord.js connect to `url` while keeping the session limits `GET /gateway/bot` returns. */
function pointGatewayAt(client: Client, url: string): void {
  const get = client.rest.get.bind(client.rest);
  client.rest.get = async (route, options) => {
    const res = await get(route, options);
    return route === Routes.gatewayBot() ? { ...(res as object), url } : res;
  };
}

function watchRemovals(client: Client, log: Logger, onRemoved: DiscordBotOptions<unknown>['onRemoved']): void {
  const removed = (channelId: string) => {
    log.info({ channelId }, 'discord channel removed');
    void Promise.resolve()
      .then(() => onRemoved(channelId))
      .catch((err: unknown) => log.error({ err, channelId }, 'discord onRemoved failed'));
  };
  // Raw dispatches arrive before discord.js empties its cache, so the guild's channels are still known.
  client.ws.on(GatewayDispatchEvents.GuildDelete, (d: { id: string; unavailable?: boolean }) => {
    if (d.unavailable) return;
    for (const id of client.guilds.cache.get(d.id)?.channels.cache.keys() ?? []) removed(id);
  });
  client.ws.on(GatewayDispatchEvents.ChannelDelete, (d: { id: string }) => removed(d.id));
  // A deleted thread is a removed channel (its subscription ends); an archived one is reopened by the next post.
  client.ws.on(GatewayDispatchEvents.ThreadDelete, (d: { id: string }) => removed(d.id));
}

async function dispatchCommand<S>(i: ChatInputCommandInteraction, opts: DiscordBotOptions<S>, byName: Map<string, CommandDef<S>>, limiter: CommandLimiter): Promise<void> {
  const log = opts.logger;
  const def = byName.get(i.commandName);
  if (!def) {
    await i.reply({ content: unknownCommandLine(i.commandName, localeFor(platformLangOf(i))), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  log.debug({ command: def.name, guildId: i.guildId, channelId: i.channelId }, 'discord command');
  const onError = (err: unknown) => log.error({ err, command: def.name }, 'discord command failed');
  await handleChatInput(i, def, { services: opts.services, now: opts.now ?? Date.now, onError, deferAfterMs: opts.deferAfterMs, localeOf: opts.localeOf, limiter });
}

/**
 * createDiscordBot builds the discord.js gateway client (Guilds intent only) that serves the registry as
 * slash commands and reports channels it was removed from. Sending alerts does not need it (DiscordPlatform).
 */
export function createDiscordBot<S>(opts: DiscordBotOptions<S>): DiscordBot {
  const log = opts.logger;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: opts.restUrl ?? DISCORD_API_URL },
    allowedMentions: { parse: [] },
  });
  if (opts.gatewayUrl) pointGatewayAt(client, opts.gatewayUrl);
  const byName = new Map(opts.commands.map((c) => [c.name, c]));
  const limiter = opts.limiter ?? new CommandLimiter();
  client.on(Events.InteractionCreate, (i) => {
    if (!i.isChatInputCommand()) return;
    if (opts.applicationId && i.applicationId !== opts.applicationId) return;
    dispatchCommand(i, opts, byName, limiter).catch((err: unknown) => log.warn({ err, command: i.commandName }, 'discord interaction could not be answered'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(scrub(message, opts.token)));
  watchRemovals(client, log, opts.onRemoved as DiscordBotOptions<unknown>['onRemoved']);
  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(opts.token);
      } catch (err) {
        throw new DiscordLoginError(scrub(`discord login failed: ${err instanceof Error ? err.message : String(err)}`, opts.token), { cause: err });
      }
      await ready;
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
    },
    async stop() {
      await client.destroy();
    },
  };
}
