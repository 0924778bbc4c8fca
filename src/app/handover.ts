import type { Redis } from 'ioredis';
import type { AlertEvent } from '../alerts/types.js';
import { RedisKeys } from '../store/keys.js';

/**
 * Handover dedup (issue 15). Alert ids are deterministic, so an alert the standby re-fires from the same events has
 * the same id and is published once. But live, the standby catches up from 1-minute candles, not the ticks the dead
 * engine saw, so it may raise the same episode (BTC below 85,000) a few seconds later under another id. Every
 * published alert marks its episode (the id without its firing time) with the engine's token; for a short window
 * after a takeover, an alert whose episode an earlier engine raised within EPISODE_NEAR_MS is not published again.
 */

/** EPISODE_TTL_S: how long an episode mark is kept (longer than any takeover's catch-up window). */
export const EPISODE_TTL_S = 900;
/** EPISODE_NEAR_MS: the same episode fired this close (event time) by an earlier engine is the same alert. */
export const EPISODE_NEAR_MS = 10 * 60_000;
/** HANDOVER_WINDOW_MS: after the catch-up, the dedup stays on this long (the alerts the dead engine may have raised). */
export const HANDOVER_WINDOW_MS = 120_000;

/** episodeOf is an alert's episode: its id without the trailing firing time (`level_break:BTC:85000:down`). */
export function episodeOf(id: string): string {
  return id.replace(/:\d+(?:\.\d+)?$/, '');
}

/** HandoverDedup marks every published alert's episode and, during a takeover's window, spots the ones already raised. */
export class HandoverDedup {
  private readonly keys: RedisKeys;
  /** Wall time the window ends (Infinity until the catch-up is done; 0 when this engine did not take over). */
  private until: number;

  constructor(private readonly redis: Redis, prefix: string, private readonly token: () => number | null, takeover: boolean) {
    this.keys = new RedisKeys(prefix);
    this.until = takeover ? Infinity : 0;
  }

  /** caughtUp starts the countdown of the window. */
  caughtUp(now = Date.now()): void {
    if (this.until === Infinity) this.until = now + HANDOVER_WINDOW_MS;
  }

  /** note marks the alert's episode as raised by this engine. */
  async note(a: AlertEvent): Promise<void> {
    await this.redis.set(this.keys.engineEpisode(episodeOf(a.id)), `${this.token() ?? 0}|${a.ts}`, 'EX', EPISODE_TTL_S);
  }

  /** raisedBefore is true during the window when an earlier engine raised this alert's episode near its time. */
  async raisedBefore(a: AlertEvent, now = Date.now()): Promise<boolean> {
    if (now >= this.until) return false;
    const mark = await this.redis.get(this.keys.engineEpisode(episodeOf(a.id)));
    if (!mark) return false;
    const [token, ts] = mark.split('|').map(Number);
    return token < (this.token() ?? 0) && Math.abs(ts - a.ts) <= EPISODE_NEAR_MS;
  }
}
