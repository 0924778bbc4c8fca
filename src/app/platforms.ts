import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Command } from '../../commands/services.js';
import type { Config } from '../config/env.js';
import type { DeliveryJob } from '../delivery/jobs.js';
import type { Metrics } from '../ops/metrics.js';
import type { ChatPlatform, PlatformName } from '../platforms/types.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { MarketView } from '../summary/market-view.js';
import type { Pipeline } from './pipeline.js';

/** ChatDeps are what the chat platforms need from the app. */
export interface ChatDeps {
  subs: SubscriptionStore;
  view: MarketView | null;
  pipeline: Pipeline | null;
  metrics: Metrics;
  started: number;
  chart(windowMs: number): Buffer | null;
  levelsChanged(): Promise<void>;
  commands: readonly Command[];
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  redis: Redis;
  prefix: string;
  /** Whether this process answers commands (the engine role) or only delivers. */
  runBots: boolean;
}

/** startChatPlatforms creates a ChatPlatform (and, with the engine, a bot) for each configured token. */
export async function startChatPlatforms(_cfg: Config, _log: Logger, _deps: ChatDeps): Promise<{ platforms: ChatPlatform[]; stop(): Promise<void> }> {
  return { platforms: [], stop: async () => {} };
}
