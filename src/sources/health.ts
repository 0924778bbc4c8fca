import { FreshnessTracker } from './freshness.js';
import type { Gap, SourceReject, SourceStatus } from './types.js';

/** MAX_GAPS bounds the gap history kept in memory (oldest dropped first). */
export const MAX_GAPS = 1_000;

/**
 * SourceHealth is the one ledger of the feeds' health: freshness (per source and feed), rejection counts by
 * reason, and gaps. The collectors write it; a replayed file registers its feed in it too; `/readyz`,
 * `/status`, the source-age gauge and the summaries' gaps read it.
 */
export class SourceHealth {
  readonly tracker = new FreshnessTracker();
  private readonly rejected = new Map<string, Map<string, number>>();
  private readonly gapList: Gap[] = [];
  /** Outages under way, per source and channel (streams, REST calls): every outlet of a source shares them. */
  private readonly outages = new Map<string, { since: number; failures: number }>();

  /** outageFailure counts one failure of a source's channel; it returns true for the first of an outage (the one to log). */
  outageFailure(source: string, channel: 'stream' | 'rest', now: number): boolean {
    const key = `${source}/${channel}`;
    const o = this.outages.get(key);
    if (o) {
      o.failures++;
      return false;
    }
    this.outages.set(key, { since: now, failures: 1 });
    return true;
  }

  /** outageOver ends a source channel's outage, returning it (null when there was none). */
  outageOver(source: string, channel: 'stream' | 'rest'): { since: number; failures: number } | null {
    const key = `${source}/${channel}`;
    const o = this.outages.get(key) ?? null;
    this.outages.delete(key);
    return o;
  }

  /** countReject counts one rejection under its source and reason. */
  countReject(r: SourceReject): void {
    let bySource = this.rejected.get(r.source);
    if (!bySource) this.rejected.set(r.source, (bySource = new Map()));
    bySource.set(r.reason, (bySource.get(r.reason) ?? 0) + 1);
  }

  /** addGap records a span with no data from a source. */
  addGap(g: Gap): void {
    this.gapList.push({ ...g });
    if (this.gapList.length > MAX_GAPS) this.gapList.splice(0, this.gapList.length - MAX_GAPS);
  }

  /** gaps lists the recorded gaps that end at or after `sinceTs`, oldest first. */
  gaps(sinceTs = 0): Gap[] {
    return this.gapList.filter((g) => g.toTs >= sinceTs).map((g) => ({ ...g }));
  }

  /**
   * status is every known source's health, sorted by source id. With `now`, a feed quiet past its budget
   * reads as stale even before the tracker's next check (a pure read; the collectors' tick emits transitions).
   */
  status(now?: number): SourceStatus[] {
    const feeds = this.tracker.snapshot().map((f) => (now !== undefined && !f.stale && FreshnessTracker.isQuiet(f, now) ? { ...f, stale: true } : f));
    const ids = new Set([...feeds.map((f) => f.source), ...this.rejected.keys()]);
    return [...ids].sort().map((source) => {
      const own = feeds.filter((f) => f.source === source);
      const counts = Object.fromEntries(this.rejected.get(source) ?? []);
      const seen = own.map((f) => f.lastEventTs).filter((t): t is number => t !== null);
      return {
        source,
        lastEventTs: seen.length > 0 ? Math.max(...seen) : null,
        stale: own.some((f) => f.stale),
        rejected: counts,
        rejectedTotal: Object.values(counts).reduce((a, b) => a + b, 0),
        gaps: this.gapList.filter((g) => g.source === source).length,
        feeds: own.map((f) => ({ feed: f.feed, lastEventTs: f.lastEventTs, stale: f.stale, budgetMs: f.budgetMs, quietSince: f.quietSince })),
      };
    });
  }
}
