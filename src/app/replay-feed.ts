import { readEvents } from '../market/ndjson.js';
import type { MarketEvent } from '../market/types.js';

/** REPLAY_SOURCE is the name a replayed file's feed has in the source-health ledger (`/status`, `/readyz`). */
export const REPLAY_SOURCE = 'replay';
/** REPLAY_FRESHNESS_MS: a replayed feed that delivered nothing for 2 minutes (wall time) is stale. */
export const REPLAY_FRESHNESS_MS = 120_000;

/** ReplayAt places a replay in time: the wall time its first event was due (shared by the engines), and the event time already seen. */
export interface ReplayAt {
  wall0?: number;
  after?: number;
  /** onCaughtUp is called once, when the feed has fed everything due so far (a takeover's catch-up is done). */
  onCaughtUp?: () => void;
}

/**
 * replayFeed plays a MarketEvent file into a running Cascade in (compressed) event time: `speed` event
 * seconds per wall second (0 = as fast as possible). Used for demos and the operator's dry runs.
 */
export async function replayFeed(file: string, speed: number, sink: (ev: MarketEvent) => void, onReject: (line: number, reason: string) => void, stopped: () => boolean, at: ReplayAt = {}): Promise<number> {
  const events: MarketEvent[] = [];
  await new Promise((r) => setImmediate(r)); // the caller finishes starting first: reading a big file blocks for a while
  readEvents(file, (e) => events.push(e), (r) => onReject(r.line, r.reason));
  if (events.length === 0) return 0;
  const t0 = events[0].ts;
  const wall0 = at.wall0 ?? Date.now();
  let i = 0;
  // A standby taking over: what the restored engine has seen is skipped, the minutes it missed are fed at once (the file is the history).
  if (at.after !== undefined) while (i < events.length && events[i].ts <= at.after) i++;
  while (i < events.length && !stopped()) {
    const due = speed > 0 ? t0 + (Date.now() - wall0) * speed : Infinity;
    let n = 0;
    while (i < events.length && events[i].ts <= due && n < 5000) {
      sink(events[i++]);
      n++;
    }
    if (n < 5000 && at.onCaughtUp) {
      at.onCaughtUp();
      at = { ...at, onCaughtUp: undefined };
    }
    await new Promise((r) => setTimeout(r, n === 0 ? 20 : 0));
  }
  at.onCaughtUp?.();
  return i;
}
