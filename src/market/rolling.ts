/** WindowSums is the state of one rolling liquidation window. */
export interface WindowSums {
  windowMs: number;
  longUsd: number;
  shortUsd: number;
  count: number;
}

/**
 * RollingLiquidations keeps market-wide liquidation sums over several windows (1h, 24h, …) in
 * fixed-width time buckets: each event is added once, each bucket subtracted once when it leaves a
 * window, so the cost is amortized O(1) and memory is bounded by the longest window. Slightly late
 * events land in their own bucket while it is still inside a window.
 */
export class RollingLiquidations {
  readonly windows: WindowSums[];
  private readonly cap: number;
  private readonly bucketNo: Float64Array;
  private readonly longUsd: Float64Array;
  private readonly shortUsd: Float64Array;
  private readonly count: Uint32Array;
  private readonly expiredUpTo: number[];
  /** Before this clock no window has a bucket to expire (a margin of 1 ms): advance returns at once. */
  quietUntil = -Infinity;

  constructor(windowsMs: readonly number[], readonly bucketMs: number) {
    this.windows = windowsMs.map((windowMs) => ({ windowMs, longUsd: 0, shortUsd: 0, count: 0 }));
    const longest = Math.max(bucketMs, ...windowsMs);
    this.cap = Math.ceil(longest / bucketMs) + 2;
    this.bucketNo = new Float64Array(this.cap).fill(-1);
    this.longUsd = new Float64Array(this.cap);
    this.shortUsd = new Float64Array(this.cap);
    this.count = new Uint32Array(this.cap);
    this.expiredUpTo = windowsMs.map(() => -Infinity);
  }

  /** advance expires buckets that have left each window at `now` (the clock). */
  advance(now: number): void {
    if (now < this.quietUntil) return;
    this.expire(now);
    let next = Infinity;
    for (let w = 0; w < this.windows.length; w++) next = Math.min(next, (this.expiredUpTo[w] + 1) * this.bucketMs + this.windows[w].windowMs - 1);
    this.quietUntil = next;
  }

  private expire(now: number): void {
    for (let w = 0; w < this.windows.length; w++) {
      const win = this.windows[w];
      const lastOut = Math.floor((now - win.windowMs) / this.bucketMs);
      let b = this.expiredUpTo[w];
      if (lastOut <= b) continue;
      if (b === -Infinity || lastOut - b > this.cap) b = lastOut - this.cap;
      for (b = b + 1; b <= lastOut; b++) {
        const slot = b % this.cap;
        if (this.bucketNo[slot] !== b) continue;
        win.longUsd -= this.longUsd[slot];
        win.shortUsd -= this.shortUsd[slot];
        win.count -= this.count[slot];
      }
      this.expiredUpTo[w] = lastOut;
      if (win.count === 0) win.longUsd = win.shortUsd = 0;
    }
  }

  /** add records one liquidation at time `ts` (call advance(now) first). */
  add(ts: number, isLong: boolean, usd: number): void {
    const b = Math.floor(ts / this.bucketMs);
    const slot = b % this.cap;
    if (this.bucketNo[slot] !== b) {
      if (this.bucketNo[slot] > b) return; // older than anything held: outside every window
      this.bucketNo[slot] = b;
      this.longUsd[slot] = 0;
      this.shortUsd[slot] = 0;
      this.count[slot] = 0;
    }
    if (isLong) this.longUsd[slot] += usd;
    else this.shortUsd[slot] += usd;
    this.count[slot]++;
    for (let w = 0; w < this.windows.length; w++) {
      if (b <= this.expiredUpTo[w]) continue;
      const win = this.windows[w];
      if (isLong) win.longUsd += usd;
      else win.shortUsd += usd;
      win.count++;
    }
  }

  /** window returns the sums of the window of length `windowMs` (it must be one of the configured ones). */
  window(windowMs: number): WindowSums {
    const win = this.windows.find((w) => w.windowMs === windowMs);
    if (!win) throw new Error(`no rolling window of ${windowMs} ms is configured`);
    return win;
  }
}
