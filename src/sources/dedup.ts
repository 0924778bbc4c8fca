import type { MarketEvent } from '../market/types.js';

/** DEDUP_TTL_MS is how long a key is remembered: far longer than a reconnect overlap or a venue re-push. */
export const DEDUP_TTL_MS = 10 * 60_000;
/** DEDUP_MAX_KEYS bounds memory during a liquidation storm (design load 2,000 events/s; reliability-and-limits.md §3.5). */
export const DEDUP_MAX_KEYS = 200_000;

/**
 * eventKey is an event's identity across reconnect overlaps and venue re-pushes:
 * venue|symbol|time|side|qty|price (market-data-apis.md §12.4), and venue|symbol|time|price for quotes.
 */
export function eventKey(ev: MarketEvent): string {
  if (ev.kind === 'liquidation') return `${ev.source}|${ev.symbol}|${ev.ts}|${ev.side}|${ev.qty}|${ev.price}`;
  // The session state is part of it: the same quote after the close (regular → post → closed) must reach the engine and /markets.
  if (ev.kind === 'index') return `${ev.source}|${ev.symbol}|${ev.ts}|index|${ev.price}|${ev.prevClose}|${ev.marketState ?? ''}`;
  if (ev.kind === 'open_interest') return `${ev.source}|${ev.symbol}|${ev.ts}|oi|${ev.oi}`;
  if (ev.kind === 'funding') return `${ev.source}|${ev.symbol}|${ev.ts}|funding|${ev.rate}`;
  if (ev.kind === 'position') return `${ev.source}|${ev.account}|${ev.symbol}|${ev.ts}|position|${ev.size}|${ev.markPrice}`;
  return `${ev.source}|${ev.symbol}|${ev.ts}|price|${ev.price}`;
}

/**
 * DedupWindow remembers keys for a while (bounded by age and count) and says whether a key is new. The keys also
 * wait in a queue in the order they were taken, so the oldest are dropped from its front: a Map walked from its
 * start on every new key steps over every entry deleted before (V8 leaves them in place until it rehashes), which
 * made the dedup the collector's largest cost once the window was full.
 */
export class DedupWindow {
  private readonly seen = new Map<string, number>();
  /** The keys in the order they were taken (a key taken again is in it twice; its older place is passed over). */
  private order: string[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(private readonly ttlMs = DEDUP_TTL_MS, private readonly maxKeys = DEDUP_MAX_KEYS) {}

  /** firstSeen records `key` at `now` and returns true the first time, false for a duplicate. */
  firstSeen(key: string, now: number): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && at > now - this.ttlMs) return false;
    this.seen.delete(key);
    this.evict(now);
    this.seen.set(key, now);
    this.order.push(key);
    this.times.push(now);
    return true;
  }

  /** size is how many keys are remembered. */
  get size(): number {
    return this.seen.size;
  }

  /** evict drops the oldest keys while there are too many or they are too old. */
  private evict(now: number): void {
    const { order, times } = this;
    let h = this.head;
    for (; h < order.length; h++) {
      const k = order[h];
      if (this.seen.get(k) !== times[h]) continue; // taken again since: its newer place counts
      if (this.seen.size < this.maxKeys && times[h] > now - this.ttlMs) break;
      this.seen.delete(k);
    }
    this.head = h;
    if (h > 4096 && h * 2 > order.length) {
      this.order = order.slice(h);
      this.times = times.slice(h);
      this.head = 0;
    }
  }
}
