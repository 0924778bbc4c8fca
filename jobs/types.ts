import type { Logger } from 'pino';
import type { Config } from '../src/config/env.js';

/** JobContext is what a scheduled job may use: the config, a logger, wall-clock `now`, and the app's services. */
export interface JobContext<S = unknown> {
  config: Config;
  log: Logger;
  now: number;
  /** tickId identifies this tick of the schedule (the same on every replica; it runs on one). */
  tickId: string;
  services: S;
}

/**
 * JobDef declares one scheduled job: its name, how often it runs, and what it does. The scheduler
 * registers it once across every replica (a BullMQ job scheduler: each tick runs on one process).
 */
export interface JobDef<S = unknown> {
  name: string;
  description: string;
  everyMs(config: Config): number;
  /** Whether this process must run it (e.g. only when a chat platform or an API key is configured). */
  enabled?(config: Config): boolean;
  run(ctx: JobContext<S>): Promise<string | void>;
}
