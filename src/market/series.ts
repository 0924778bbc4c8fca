/**
 * WindowedSeries holds an asset's composite samples (at most one per `stepMs`) for the longest window
 * and answers, for each window, the value one window ago: the latest sample at or before now − window,
 * or the oldest sample held early on (DESIGN §4 pct_move). Amortized O(1) per sample, bounded memory.
 */
export class WindowedSeries {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0; // logical index of the oldest held sample
  private tail = 0; // logical index one past the newest sample
  private readonly refIdx: number[];

  constructor(
    readonly windowsMs: readonly number[],
    readonly stepMs: number,
    initialCapacity = 64,
  ) {
    this.times = new Float64Array(initialCapacity);
    this.values = new Float64Array(initialCapacity);
    this.refIdx = windowsMs.map(() => 0);
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** push records the composite at time `t` (non-decreasing); samples in one step overwrite. */
  push(t: number, value: number): void {
    const cap = this.times.length;
    if (this.tail > this.head) {
      const last = (this.tail - 1) % cap;
      if (Math.floor(this.times[last] / this.stepMs) === Math.floor(t / this.stepMs)) {
        this.times[last] = t;
        this.values[last] = value;
        this.advance(t);
        return;
      }
    }
    if (this.tail - this.head === cap) this.grow();
    const slot = this.tail % this.times.length;
    this.times[slot] = t;
    this.values[slot] = value;
    this.tail++;
    this.advance(t);
  }

  /** reference returns the value one window ago for window index `w` (NaN when empty). */
  reference(w: number): number {
    if (this.tail === this.head) return NaN;
    return this.values[this.refIdx[w] % this.times.length];
  }

  private advance(now: number): void {
    const cap = this.times.length;
    let minRef = Infinity;
    for (let w = 0; w < this.windowsMs.length; w++) {
      const cutoff = now - this.windowsMs[w];
      let i = Math.max(this.refIdx[w], this.head);
      while (i + 1 < this.tail && this.times[(i + 1) % cap] <= cutoff) i++;
      this.refIdx[w] = i;
      if (i < minRef) minRef = i;
    }
    if (minRef !== Infinity && minRef > this.head) this.head = minRef;
  }

  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(cap * 2);
    const values = new Float64Array(cap * 2);
    for (let i = this.head; i < this.tail; i++) {
      times[i % (cap * 2)] = this.times[i % cap];
      values[i % (cap * 2)] = this.values[i % cap];
    }
    this.times = times;
    this.values = values;
  }
}
