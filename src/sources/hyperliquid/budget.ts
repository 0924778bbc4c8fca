/**
 * Hyperliquid's REST weight budget: "REST requests share an aggregated weight limit of 1200 per minute"
 * per IP (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits;
 * positioning-and-whales.md §1.3). Every Hyperliquid info call of the process goes through one
 * WeightBudget.
 */

/** HYPERLIQUID_WEIGHT_PER_MIN is the documented per-IP REST weight limit per minute. */
export const HYPERLIQUID_WEIGHT_PER_MIN = 1_200;
/** WEIGHT_WINDOW_MS is the limit's window: one minute. */
export const WEIGHT_WINDOW_MS = 60_000;
/** HYPERLIQUID_429_BACKOFF_MS: after a 429 without Retry-After, send nothing for one whole window (the venue's count must drain). */
export const HYPERLIQUID_429_BACKOFF_MS = 60_000;

// Weight 2: "l2Book, allMids, clearinghouseState, orderStatus, spotClearinghouseState, exchangeStatus"; userRole 60;
// "All other documented info requests have weight 20" (rate-limits doc, quoted in positioning-and-whales.md §1.3).
const LIGHT = new Set(['l2Book', 'allMids', 'clearinghouseState', 'orderStatus', 'spotClearinghouseState', 'exchangeStatus']);
// "Extra weight per 20 items returned" for these (guilder-client-hyperliquid README mirroring the doc, §1.3).
const PER_20_ITEMS = new Set(['recentTrades', 'historicalOrders', 'userFills', 'userFillsByTime', 'fundingHistory', 'userFunding', 'nonUserFundingUpdates', 'twapHistory', 'userTwapSliceFills', 'userTwapSliceFillsByTime', 'delegatorHistory', 'delegatorRewards', 'validatorStats']);

/** infoWeight is the documented weight of one `POST /info` request by its `type`. */
export function infoWeight(type: string): number {
  if (LIGHT.has(type)) return 2;
  if (type === 'userRole') return 60;
  return 20;
}

/** extraWeight is the weight an answer adds after the fact: 1 per 20 items for the listed types, 1 per 60 candles. */
export function extraWeight(type: string, payload: unknown): number {
  if (!Array.isArray(payload)) return 0;
  if (type === 'candleSnapshot') return Math.floor(payload.length / 60);
  return PER_20_ITEMS.has(type) ? Math.floor(payload.length / 20) : 0;
}

/**
 * WeightBudget counts the weight spent in the last minute and refuses a request that would take it over
 * the limit: a sliding-window log, the strict form of a token bucket (a bucket's burst plus its refill
 * could spend more than the limit within some 60-second window; this never does). A 429 blocks it until
 * the venue's wait is over. Pure: every method takes `now`.
 */
export class WeightBudget {
  private readonly spent: Array<{ at: number; weight: number }> = [];
  private sum = 0;
  private blockedTo = 0;

  constructor(readonly limit = HYPERLIQUID_WEIGHT_PER_MIN, readonly windowMs = WEIGHT_WINDOW_MS) {}

  /** used is the weight spent in the window ending at `now` (both ends included). */
  used(now: number): number {
    this.expire(now);
    return this.sum;
  }

  /** blockedUntil is when a 429 block ends (0 when none was met). */
  get blockedUntil(): number {
    return this.blockedTo;
  }

  /**
   * tryTake spends `weight` at `now` when the window has room for it with `reserve` left over for others
   * (the whale poller leaves room for the price and context polls), and says whether it did.
   */
  tryTake(weight: number, now: number, reserve = 0): boolean {
    if (now < this.blockedTo || this.used(now) + weight > this.limit - reserve) return false;
    this.record(weight, now);
    return true;
  }

  /** charge spends weight the venue counts after the fact (items returned); it may not be refused. */
  charge(weight: number, now: number): void {
    if (weight > 0) this.record(weight, now);
  }

  /** block refuses every request until `untilMs` (a 429 and its wait). */
  block(untilMs: number): void {
    this.blockedTo = Math.max(this.blockedTo, untilMs);
  }

  /** nextRoomAt is the earliest time `tryTake(weight, ·, reserve)` can succeed, assuming nothing else is spent. */
  nextRoomAt(weight: number, now: number, reserve = 0): number {
    this.expire(now);
    let free = this.limit - reserve - this.sum;
    let at = Math.max(now, this.blockedTo);
    for (const s of this.spent) {
      if (free >= weight) break;
      free += s.weight;
      at = Math.max(at, s.at + this.windowMs + 1);
    }
    return free >= weight ? at : Number.POSITIVE_INFINITY;
  }

  private record(weight: number, now: number): void {
    this.spent.push({ at: now, weight });
    this.sum += weight;
  }

  private expire(now: number): void {
    while (this.spent.length > 0 && this.spent[0].at < now - this.windowMs) this.sum -= this.spent.shift()!.weight;
  }
}
