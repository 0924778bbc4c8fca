import type { RichMessage } from '../src/chat/message.js';
import type { ChatRef } from '../src/chat/platform.js';
import type { Locale } from '../src/i18n/locale.js';
import type { MarketEvent } from '../src/market/types.js';
import type { SubscriptionStore } from '../src/store/subscriptions.js';
import type { MarketView } from '../src/summary/market-view.js';
import type { JobDef } from './types.js';

/** JobServices are the seams every scheduled job runs against (bound to the running app in src/app/services.ts). */
export interface JobServices {
  /** market is the market as the engine sees it; null in a process that runs no engine (ROLE=delivery). */
  market: MarketView | null;
  subs: SubscriptionStore;
  /** chart renders the crash chart PNG for the last `windowMs` in a language and zone, or null when there is nothing to draw. */
  chart(windowMs: number, locale: Locale): Buffer | null;
  /** forgetBefore drops the market history and the alert log older than `ts` (event time). */
  forgetBefore(ts: number): void;
  /** post stores one message under `payloadId` and queues it to each chat (a chat gets one payload id once). */
  post(payloadId: string, msg: RichMessage, chats: readonly ChatRef[], now: number): Promise<void>;
  /** heldChats lists the chats with alerts held for their quiet-hours digest. */
  heldChats(): Promise<ChatRef[]>;
  /** queueHeldDigest queues a chat's quiet-hours digest: its held alerts as one message. */
  queueHeldDigest(chat: ChatRef, now: number): Promise<void>;
  /** pull are the venue REST pulls, by job kind (from the source registry; no-ops when no collector runs here). */
  pull: {
    prices(): Promise<MarketEvent[]>;
    indices(): Promise<MarketEvent[]>;
    aggregator(): Promise<void>;
    /** Open interest and funding from every venue (their events already went to the engine). */
    leverage(): Promise<MarketEvent[]>;
    /** Basis and top-trader long/short ratio (summary-only figures, no events). */
    leverageSummary(): Promise<void>;
  };
}

/** Job is a job definition bound to Cascade's services. */
export type Job = JobDef<JobServices>;
