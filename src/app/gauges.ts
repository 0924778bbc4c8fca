import type { Queue } from 'bullmq';
import type { PaidStatus } from '../delivery/paid.js';
import type { Metrics } from '../ops/metrics.js';
import type { SourceHealth } from '../sources/health.js';

/** QUEUE_STATES are the delivery queue states /metrics reports. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * ScrapeGauges refreshes the gauges a scrape reads. Queue depths come from Redis: one read at a time, and
 * while Redis does not answer /metrics still answers with the last good values, marked stale
 * (`cascade_queue_stale 1`, `cascade_queue_read_age_seconds`), instead of hanging (issue 11).
 */
export class ScrapeGauges {
  private reading: Promise<void> | null = null;
  private lastRead = 0;

  constructor(
    private readonly metrics: Metrics,
    private readonly queues: ReadonlyArray<[string, Queue]>,
    private readonly health: SourceHealth | null,
    private readonly now: () => number = Date.now,
    private readonly started = now(),
    /** Today's Telegram paid broadcast (spend, budget), read with the queues; absent without Telegram. */
    private readonly paid?: { status(now: number): Promise<PaidStatus> } | null,
  ) {}

  /** refresh updates every gauge; it resolves as soon as the fresh read is in, or `waitMs` passed (stale values stay). */
  async refresh(waitMs: number): Promise<void> {
    const now = this.now();
    if (this.health) for (const s of this.health.status()) if (s.lastEventTs !== null) this.metrics.sourceAge.set({ source: s.source }, (now - s.lastEventTs) / 1000);
    if (this.queues.length === 0) return;
    this.reading ??= this.read().finally(() => (this.reading = null));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.reading.catch(() => {}), new Promise((r) => (timer = setTimeout(r, waitMs)))]).finally(() => clearTimeout(timer));
    const age = this.now() - (this.lastRead || this.started);
    this.metrics.queueReadAge.set(age / 1000);
    this.metrics.queueStale.set(this.reading === null && this.lastRead >= now ? 0 : 1);
  }

  private async read(): Promise<void> {
    const all = await Promise.all(this.queues.map(async ([p, q]) => [p, await q.getJobCounts(...QUEUE_STATES)] as const));
    for (const [p, counts] of all) for (const [state, n] of Object.entries(counts)) this.metrics.queueJobs.set({ platform: p, state }, n);
    if (this.paid) this.metrics.paidDay(await this.paid.status(this.now()));
    this.lastRead = this.now();
  }
}
