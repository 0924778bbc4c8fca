import type { FeedKind, Transition } from './types.js';

/** FeedFreshness is one feed's freshness state: its budget, when it last delivered, and whether it is stale. */
export interface FeedFreshness {
  source: string;
  feed: FeedKind;
  budgetMs: number;
  /** When the tracker started watching, or when data last arrived (receive clock, ms). */
  quietSince: number;
  lastEventTs: number | null;
  stale: boolean;
}

/**
 * FreshnessTracker marks a feed stale when it has been quiet longer than its budget, and fresh again on
 * its next data: exactly one `stale` and one `recovered` transition per incident. It is pure: every call
 * takes `now`, nothing reads a clock, nothing is scheduled.
 */
export class FreshnessTracker {
  private readonly feeds = new Map<string, FeedFreshness>();

  /** watch starts the clock on a feed (a feed that never delivers goes stale one budget after this). */
  watch(source: string, feed: FeedKind, budgetMs: number, now: number): void {
    const key = `${source}/${feed}`;
    if (!this.feeds.has(key)) this.feeds.set(key, { source, feed, budgetMs, quietSince: now, lastEventTs: null, stale: false });
  }

  /** seen records data from a feed; it returns the `recovered` transition when the feed was stale. */
  seen(source: string, feed: FeedKind, now: number): Transition | null {
    const f = this.feeds.get(`${source}/${feed}`);
    if (!f) return null;
    const quietMs = now - f.quietSince;
    f.quietSince = Math.max(f.quietSince, now);
    f.lastEventTs = Math.max(f.lastEventTs ?? now, now);
    if (!f.stale) return null;
    f.stale = false;
    return { source, feed, kind: 'recovered', at: now, quietMs };
  }

  /** check marks every feed quiet for longer than its budget stale, returning only the new transitions. */
  check(now: number): Transition[] {
    const out: Transition[] = [];
    for (const f of this.feeds.values()) {
      const quietMs = now - f.quietSince;
      if (f.stale || quietMs <= f.budgetMs) continue;
      f.stale = true;
      out.push({ source: f.source, feed: f.feed, kind: 'stale', at: now, quietMs });
    }
    return out;
  }

  /** isQuiet says whether a feed has been quiet past its budget at `now` (a pure read: no transition is taken). */
  static isQuiet(f: FeedFreshness, now: number): boolean {
    return now - f.quietSince > f.budgetMs;
  }

  /** snapshot is a copy of every watched feed's state. */
  snapshot(): FeedFreshness[] {
    return [...this.feeds.values()].map((f) => ({ ...f }));
  }
}
