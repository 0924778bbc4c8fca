import type { BudgetStatus } from '../src/sources/hyperliquid/plan-text.js';
import type { Locale } from '../src/i18n/locale.js';
import type { MarketView } from '../src/summary/market-view.js';
import type { SubscriptionStore } from '../src/store/subscriptions.js';
import type { WatchStore } from '../src/store/watchlist.js';
import type { CommandDef } from './types.js';

/** StatusReport is what /status shows: feeds, freshness and delivery health. */
export interface StatusReport {
  /** `eventTime`: lastEventTs is on the event clock (a replayed file), not the wall clock. */
  sources: Array<{ source: string; lastEventTs: number | null; stale: boolean; rejected: number; gaps?: number; eventTime?: boolean }>;
  queue: { waiting: number; active: number; delayed: number; failed: number; deadLetters: number } | null;
  /** The newest delivery that failed for good. */
  lastDeadLetter?: { at: number; platform: string; chatId: string; alertId: string; reason: string } | null;
  /** Today's Telegram paid broadcast (mode, Stars spent of the budget, a fallback to the free rate); absent when off. */
  paidBroadcast?: { mode: string; budgetStars: number; spentStars: number; messages: number; fallback: 'budget' | 'balance' | null } | null;
  /** The engine's clock during a replay (event time), else absent. */
  eventClock?: number | null;
  uptimeMs: number;
  mode: string;
  /** The engine lease (issue 15): this engine's fencing token and how many standby engines are ready to take over. */
  engine?: { token: number | null; standbys: number } | null;
}

/** CommandServices are the seams every command runs against (real in the app, fakes or replay state in tests). */
export interface CommandServices {
  subs: SubscriptionStore;
  market: MarketView;
  status(): Promise<StatusReport>;
  /** chart renders the crash chart PNG for the last `windowMs` in a chat's language and zone, or null when there is nothing to draw. */
  chart(windowMs: number, locale: Locale): Buffer | null;
  /** levelsChanged tells the engine a chat's custom levels changed. */
  levelsChanged(): Promise<void>;
  /** watches are the chats' `/watch` lists (Redis), with the caps per chat and per deployment. */
  watches: WatchStore;
  watchLimits: { perChat: number; total: number };
  /** watchChanged tells the engine (routing, labels) and the whale poller (the plan) that a watch list changed. */
  watchChanged(): Promise<void>;
  /** hyperliquidBudget is the Hyperliquid weight plan and spend, for /status (null when the whale watch does not run here). */
  hyperliquidBudget(): BudgetStatus | null;
  /** commands is the registry itself (for /help). */
  commands(): readonly CommandDef<CommandServices>[];
}

/** Command is a command definition bound to Cascade's services. */
export type Command = CommandDef<CommandServices>;
