import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { chatLocales } from '../../commands/locale.js';
import type { Command, CommandServices, StatusReport } from '../../commands/services.js';
import type { Config } from '../config/env.js';
import type { DeliveryJob } from '../delivery/jobs.js';
import { Pacer } from '../delivery/pacing.js';
import type { PaidBroadcast } from '../delivery/paid.js';
import type { Metrics } from '../ops/metrics.js';
import { createDiscordBot, type DiscordBot } from '../platforms/discord/bot.js';
import { DiscordPlatform } from '../platforms/discord/platform.js';
import { createTelegramBot, type TelegramBot, type TelegramBotMode } from '../platforms/telegram/bot.js';
import { TelegramPlatform } from '../platforms/telegram/platform.js';
import type { ChatPlatform, PlatformName } from '../chat/platform.js';
import { DeadLetters } from '../delivery/dead-letters.js';
import { CHAT_START_DEADLINE_MS, discordStartupError, telegramStartupError } from './chat-errors.js';
import { withDeadline } from './startup-error.js';
import type { BudgetStatus } from '../sources/hyperliquid/plan-text.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { WatchStore } from '../store/watchlist.js';
import type { MarketView } from '../summary/market-view.js';
import type { Locale } from '../i18n/locale.js';

/** ChatDeps are what the chat platforms need from the app. */
export interface ChatDeps {
  subs: SubscriptionStore;
  view: MarketView | null;
  metrics: Metrics;
  started: number;
  chart(windowMs: number, locale: Locale): Buffer | null;
  levelsChanged(): Promise<void>;
  commands: readonly Command[];
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  redis: Redis;
  prefix: string;
  /** Source status for /status (collectors' freshness and rejects). */
  sourceStatus(): StatusReport['sources'];
  /** The engine's clock while a file is replayed (ages are shown on it), else null. */
  eventClock(): number | null;
  /** Whether this process answers commands (the engine role) or only delivers. */
  runBots: boolean;
  /** The chats' `/watch` lists, and what to do when one changes (the engine's routing and the whale poller's plan). */
  watches: WatchStore;
  watchChanged(): Promise<void>;
  hyperliquidBudget(): BudgetStatus | null;
  /** Telegram paid broadcast, for /status (null without Telegram). */
  paid?: PaidBroadcast | null;
  /** The engine lease for /status (the active engine's token and the standbys), when this process runs the engine. */
  engineStatus?(): Promise<{ token: number | null; standbys: number } | null>;
}

/** commandServices binds the command registry to the running app. */
export function commandServices(cfg: Config, deps: ChatDeps): CommandServices {
  return {
    subs: deps.subs,
    market: deps.view!,
    chart: deps.chart,
    levelsChanged: deps.levelsChanged,
    watches: deps.watches,
    watchLimits: { perChat: cfg.WATCH_MAX_PER_CHAT, total: cfg.WATCH_MAX_ACCOUNTS },
    watchChanged: deps.watchChanged,
    hyperliquidBudget: deps.hyperliquidBudget,
    commands: () => deps.commands,
    status: async () => {
      const counts = await Promise.all(Object.values(deps.queues).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized')));
      const sum = (k: string) => counts.reduce((n, c) => n + (c[k] ?? 0), 0);
      const letters = new DeadLetters(deps.redis, deps.prefix);
      const [dead, last, paid] = await Promise.all([letters.count(), letters.last(), deps.paid?.on ? deps.paid.status(Date.now()) : null]);
      return {
        sources: deps.sourceStatus(),
        queue: counts.length > 0 ? { waiting: sum('waiting') + sum('prioritized'), active: sum('active'), delayed: sum('delayed'), failed: sum('failed'), deadLetters: dead } : null,
        lastDeadLetter: last,
        paidBroadcast: paid,
        eventClock: deps.eventClock(),
        uptimeMs: Date.now() - deps.started,
        mode: `${cfg.ROLE}${cfg.REPLAY_FILE ? ', replay' : ''}`,
        engine: deps.engineStatus ? await deps.engineStatus().catch(() => null) : null,
      };
    },
  };
}

/** ChatBotState is what /readyz asks of a chat bot: is it receiving updates now. */
export interface ChatBotState {
  name: PlatformName;
  serving(): boolean;
}

/** ChatPlatforms are the configured platforms and bots: built without I/O, then started (bounded) and stopped. */
export interface ChatPlatforms {
  platforms: ChatPlatform[];
  bots: ChatBotState[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * createChatPlatforms builds a ChatPlatform (and, with the engine, a bot) for each configured token. start()
 * logs the bots in, each within CHAT_START_DEADLINE_MS; a refused token or an unreachable API becomes one
 * StartupError line. stop() may be called whether start() finished or not.
 */
export function createChatPlatforms(cfg: Config, log: Logger, deps: ChatDeps): ChatPlatforms {
  const platforms: ChatPlatform[] = [];
  const bots: Array<{ name: PlatformName; bot: TelegramBot | DiscordBot }> = [];
  const closers: Array<() => void> = [];
  const services = deps.runBots && deps.view ? commandServices(cfg, deps) : null;
  if (cfg.TELEGRAM_BOT_TOKEN) {
    const platform = new TelegramPlatform({ token: cfg.TELEGRAM_BOT_TOKEN, apiRoot: cfg.TELEGRAM_API_ROOT, logger: log });
    platforms.push(platform);
    if (services) {
      const mode: TelegramBotMode = cfg.TELEGRAM_WEBHOOK_URL ? { webhook: { port: cfg.TELEGRAM_WEBHOOK_PORT, host: cfg.TELEGRAM_WEBHOOK_HOST ?? cfg.HTTP_HOST, path: new URL(cfg.TELEGRAM_WEBHOOK_URL).pathname, secretToken: cfg.TELEGRAM_WEBHOOK_SECRET!, url: cfg.TELEGRAM_WEBHOOK_URL } } : 'polling';
      bots.push({ name: 'telegram', bot: createTelegramBot({
        token: cfg.TELEGRAM_BOT_TOKEN, apiRoot: cfg.TELEGRAM_API_ROOT, commands: deps.commands, services, logger: log.child({ platform: 'telegram' }), platform, mode,
        pacer: new Pacer(deps.redis, deps.prefix),
        localeOf: chatLocales(deps.subs),
        onRemoved: async (chatId) => void (await deps.subs.deactivateWithin('telegram', chatId, 'kicked', Date.now())),
        onMigrated: async (from, to) => void (await deps.subs.migrate('telegram', from, to, Date.now())),
      }) });
    }
  }
  if (cfg.DISCORD_TOKEN) {
    const platform = new DiscordPlatform({ token: cfg.DISCORD_TOKEN, restUrl: cfg.DISCORD_REST_URL });
    platforms.push(platform);
    closers.push(() => platform.close());
    if (services) {
      bots.push({ name: 'discord', bot: createDiscordBot({
        token: cfg.DISCORD_TOKEN, applicationId: cfg.DISCORD_APPLICATION_ID, restUrl: cfg.DISCORD_REST_URL, commands: deps.commands, services, logger: log.child({ platform: 'discord' }),
        localeOf: chatLocales(deps.subs),
        onRemoved: async (channelId) => void (await deps.subs.deactivate('discord', channelId, 'removed', Date.now())),
      }) });
    }
  }
  const started: Array<TelegramBot | DiscordBot> = [];
  return {
    platforms,
    bots: bots.map(({ name, bot }) => ({ name, serving: () => ('serving' in bot ? bot.serving() : bot.client.isReady()) })),
    async start() {
      for (const { name, bot } of bots) {
        started.push(bot);
        await withDeadline(bot.start(), CHAT_START_DEADLINE_MS).catch((err: unknown) => {
          throw name === 'telegram' ? telegramStartupError(cfg, err) : discordStartupError(cfg, err);
        });
      }
    },
    async stop() {
      for (const b of started.splice(0)) await b.stop().catch((err) => log.warn({ err }, 'bot stop failed'));
      for (const c of closers) c();
    },
  };
}
