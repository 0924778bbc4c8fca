import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Update } from 'telegraf/types';
import type { ChatLocales, CommandDef, CommandReply } from '../../../commands/types.js';
import { PlatformError } from '../../chat/errors.js';
import type { RichMessage } from '../../chat/message.js';
import { CommandLimiter } from '../../../commands/limiter.js';
import { commandMenus, serveCommands, TelegramSetupError, type CommandMenu } from './commands.js';
import { scrub, scrubError } from '../../ops/secrets.js';
import { pacedSender, type ReplyPacer } from './replies.js';
import { DEFAULT_API_ROOT, TelegramPlatform } from './platform.js';
import { createWebhookServer, SECRET_TOKEN_SHAPE, type TelegramWebhookConfig } from './webhook.js';

export type { TelegramWebhookConfig } from './webhook.js';

/** TelegramBotMode is long polling (one instance, no public URL) or a webhook endpoint this process serves. */
export type TelegramBotMode = 'polling' | { webhook: TelegramWebhookConfig };

/** TelegramBotOptions wire the bot: token, API root (a fake in tests), the command registry and its services, and the membership hooks. */
export interface TelegramBotOptions<S> {
  token: string;
  apiRoot?: string;
  commands: readonly CommandDef<S>[];
  services: S;
  /** How a chat reads (its stored language and zone); by default the sender's language on UTC. */
  localeOf?: ChatLocales;
  logger: Logger;
  /** The bot left or was kicked/blocked from the chat (or a topic of it is gone): deactivate that chat with its topics, or that topic. */
  onRemoved(chatId: string): void | Promise<void>;
  /** A group became a supergroup: move its subscription. */
  onMigrated(fromChatId: string, toChatId: string): void | Promise<void>;
  mode: TelegramBotMode;
  now?: () => number;
  /** The adapter replies go through (one is built from token/apiRoot when absent). */
  platform?: TelegramPlatform;
  /** The per-chat and per-group pacing alerts use (shared in Redis), so replies and alerts share one budget. */
  pacer?: ReplyPacer;
  /** The per-chat and per-user command budget (a fresh one when absent). */
  limiter?: CommandLimiter;
}

/** TelegramBot is a wired telegraf bot: start() resolves once it serves updates, stop() once it has stopped. */
export interface TelegramBot {
  readonly bot: Telegraf;
  readonly platform: TelegramPlatform;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The webhook server's port once started (useful with port 0), else null. */
  webhookPort(): number | null;
  /** serving says whether updates are being received now (false once polling stopped, e.g. after a 401). */
  serving(): boolean;
}

/** asMessage makes a command's one-line answer a RichMessage (no title; the line as a paragraph). */
function asMessage(reply: CommandReply): RichMessage {
  return typeof reply === 'string' ? { title: '', blocks: [{ type: 'text', text: reply }] } : reply;
}

/**
 * replier sends command replies under the limits alerts obey: each reply waits its turn in the chat's pacing (about
 * one a second per chat, 20 a minute per group, shared with the alerts in Redis) and a 429 is waited out and retried.
 * A reply that finds the chat gone or migrated triggers the same hooks as the updates do; one that cannot be sent
 * after that is one warning line, not an error per update.
 */
function replier<S>(opts: TelegramBotOptions<S>, platform: TelegramPlatform) {
  const send = pacedSender(platform, opts.pacer, opts.now ?? Date.now);
  return async (chatId: string, reply: CommandReply): Promise<void> => {
    try {
      await send(chatId, asMessage(reply));
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      if (err.kind === 'gone') return void (await opts.onRemoved(chatId));
      if (err.kind === 'migrated' && err.migrateTo) {
        await opts.onMigrated(chatId, err.migrateTo);
        return void (await send(err.migrateTo, asMessage(reply)));
      }
      opts.logger.warn({ chatId, kind: err.kind, reason: scrub(err.message, opts.token) }, 'Telegram reply not sent');
    }
  };
}

/** wireUpdates registers commands, membership and migration handlers, and the catch-all error handler. */
function wireUpdates<S>(bot: Telegraf, opts: TelegramBotOptions<S>, platform: TelegramPlatform): void {
  const log = opts.logger;
  bot.catch((err, ctx) => {
    scrubError(err, opts.token);
    log.error({ err, updateId: ctx.update.update_id }, 'Telegram update handler failed');
  });
  bot.on('my_chat_member', async (ctx) => {
    const member = ctx.myChatMember.new_chat_member as { status: string; can_post_messages?: boolean };
    // A channel admin without can_post_messages can post nothing there (https://core.telegram.org/bots/api#chatmemberadministrator).
    const mute = ctx.chat.type === 'channel' && member.status === 'administrator' && member.can_post_messages === false;
    if (member.status === 'left' || member.status === 'kicked' || mute) await opts.onRemoved(String(ctx.chat.id));
  });
  bot.on(message('migrate_to_chat_id'), async (ctx) => {
    await opts.onMigrated(String(ctx.chat.id), String(ctx.message.migrate_to_chat_id));
  });
  serveCommands(bot, opts.commands, {
    services: opts.services,
    now: opts.now ?? Date.now,
    localeOf: opts.localeOf,
    reply: replier(opts, platform),
    limiter: opts.limiter ?? new CommandLimiter(),
    onError: (err, command) => {
      scrubError(err, opts.token);
      log.error({ err, command }, `Telegram /${command} failed`);
    },
  });
}

function checkMode(mode: TelegramBotMode): void {
  if (mode === 'polling') return;
  const { secretToken, path } = mode.webhook;
  if (!SECRET_TOKEN_SHAPE.test(secretToken)) throw new TelegramSetupError('Telegram webhook secretToken must be 1-256 of A-Z a-z 0-9 _ - (e.g. from `openssl rand -hex 24`)');
  if (!path.startsWith('/')) throw new TelegramSetupError(`Telegram webhook path must start with "/" (got "${path}", e.g. "/telegram")`);
}

/** STOP_POLL_MS, STOP_WAIT_MS: how often and how long stop() retries while launch() is still getting ready. */
const STOP_POLL_MS = 10;
const STOP_WAIT_MS = 10_000;

/** WiredBot runs a wired telegraf bot in polling or webhook mode. */
class WiredBot<S> implements TelegramBot {
  private polling: Promise<void> | null = null;
  private pollingEnded = false;
  private server: Server | null = null;

  constructor(readonly bot: Telegraf, readonly platform: TelegramPlatform, private readonly opts: TelegramBotOptions<S>, private readonly menus: CommandMenu[]) {}

  /** start learns the bot's username (getMe: `/cmd@name` matching), sets the menu in each language, then polls or listens; it resolves once serving. */
  async start(): Promise<void> {
    const { bot, opts } = this;
    try {
      bot.botInfo = await bot.telegram.getMe();
    } catch (err) {
      scrubError(err, opts.token);
      throw err;
    }
    for (const menu of this.menus) {
      await bot.telegram.setMyCommands(menu.commands, menu.languageCode ? { language_code: menu.languageCode } : undefined).catch((err: unknown) => {
        scrubError(err, opts.token);
        opts.logger.warn({ err, languageCode: menu.languageCode ?? 'default' }, 'Telegram setMyCommands failed; the command menu may be stale');
      });
    }
    if (opts.mode !== 'polling') {
      this.server = await listenWebhook(bot, opts.mode.webhook, opts);
      return;
    }
    // In telegraf 4.16 launch() resolves only when polling stops, so it is kept, not awaited.
    this.pollingEnded = false;
    this.polling = bot.launch().catch((err: unknown) => {
      scrubError(err, opts.token);
      opts.logger.error({ err }, 'Telegram polling stopped');
    }).finally(() => (this.pollingEnded = true));
  }

  /** stop ends polling (confirming processed updates) or closes the webhook endpoint after in-flight requests. */
  async stop(): Promise<void> {
    if (this.polling) {
      await this.stopPolling(this.polling);
      this.polling = null;
    }
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
  }

  /**
   * stopPolling aborts the poll loop. Right after start(), launch() may still be in deleteWebhook and
   * bot.stop() throws "Bot is not running!": retry briefly until polling has begun or launch has ended.
   */
  private async stopPolling(polling: Promise<void>): Promise<void> {
    let ended = false;
    void polling.then(() => (ended = true));
    for (let waited = 0; !ended; waited += STOP_POLL_MS) {
      try {
        this.bot.stop('shutdown');
        break;
      } catch (err) {
        if (waited >= STOP_WAIT_MS) {
          this.opts.logger.warn({ err }, 'Telegram polling did not start in time to be stopped');
          return;
        }
        await new Promise((r) => setTimeout(r, STOP_POLL_MS));
      }
    }
    await polling;
  }

  serving(): boolean {
    return this.server?.listening === true || (this.polling !== null && !this.pollingEnded);
  }

  webhookPort(): number | null {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : null;
  }
}

/**
 * createTelegramBot wires a telegraf bot to the command registry: commands through runCommand with a
 * getChatMember admin check, the menu from the registry, my_chat_member and migrations to the hooks, and
 * polling or a secret-checked webhook endpoint.
 */
export function createTelegramBot<S>(opts: TelegramBotOptions<S>): TelegramBot {
  checkMode(opts.mode);
  const menus = commandMenus(opts.commands);
  const apiRoot = opts.apiRoot ?? DEFAULT_API_ROOT;
  const bot = new Telegraf(opts.token, { telegram: { apiRoot, webhookReply: false } });
  const platform = opts.platform ?? new TelegramPlatform({ token: opts.token, apiRoot, logger: opts.logger });
  wireUpdates(bot, opts, platform);
  return new WiredBot(bot, platform, opts, menus);
}

/** listenWebhook starts the webhook endpoint and, given a public URL, registers it (with the secret) by setWebhook. */
async function listenWebhook<S>(bot: Telegraf, cfg: TelegramWebhookConfig, opts: TelegramBotOptions<S>): Promise<Server> {
  const server = createWebhookServer(cfg, (update) => bot.handleUpdate(update as unknown as Update), (err) => {
    scrubError(err, opts.token);
    opts.logger.error({ err }, 'Telegram webhook request failed');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host ?? '0.0.0.0', () => resolve());
  });
  if (cfg.url) await bot.telegram.setWebhook(cfg.url, { secret_token: cfg.secretToken });
  return server;
}
