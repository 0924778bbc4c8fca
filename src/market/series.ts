/** The largest ring a series starts with (1 MiB of samples); a longer window grows it by doubling. */
const MAX_INITIAL_SAMPLES = 1 << 16;

/**
 * WindowedSeries holds an asset's composite samples (at most one per `stepMs`) for the longest window
 * and answers, for each window, the value one window ago: the latest sample at or before now − window,
 * or the oldest sample held early on (DESIGN §4 pct_move). Amortized O(1) per sample, bounded memory;
 * the hot path (a sample in the same step, no window boundary crossed) is a few comparisons.
 */
export class WindowedSeries {
  private times: Float64Array;
  private values: Float64Array;
  private mask: number;
  private head = 0; // logical index of the oldest held sample
  private tail = 0; // logical index one past the newest sample
  private lastStep = -Infinity;
  private readonly refIdx: number[];
  /** For each window, the cutoff at which its reference moves on (the next sample's time). */
  private readonly nextRefAt: number[];
  /** The earliest of nextRefAt: before it, a sample moves no reference (tested before the call). */
  private soonest = Infinity;
  /** The sample being taken (fields, not arguments: a number passed to a call is boxed). */
  private inT = NaN;
  private inValue = NaN;

  /**
   * By default the ring is sized once for the samples the longest window holds (at most MAX_INITIAL_SAMPLES;
   * beyond that it doubles as needed): growing it sample by sample cost copies and garbage on every asset.
   */
  constructor(
    readonly windowsMs: readonly number[],
    readonly stepMs: number,
    initialCapacity = Math.min(MAX_INITIAL_SAMPLES, Math.ceil(Math.max(0, ...windowsMs) / stepMs) + 2),
  ) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(2, initialCapacity)));
    this.times = new Float64Array(cap);
    this.values = new Float64Array(cap);
    this.mask = cap - 1;
    this.refIdx = windowsMs.map(() => 0);
    this.nextRefAt = windowsMs.map(() => Infinity);
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** push records the composite at time `t` (non-decreasing); samples in one step overwrite. */
  push(t: number, value: number): void {
    this.inT = t;
    this.inValue = value;
    this.take();
  }

  /** pushFrom is push of an asset's composite and its time (the engine's per-tick form: numbers passed to a call are boxed). */
  pushFrom(a: { readonly composite: number; readonly compositeTs: number }): void {
    this.inT = a.compositeTs;
    this.inValue = a.composite;
    this.take();
  }

  /** take records the sample in inT and inValue. */
  private take(): void {
    const t = this.inT;
    const step = Math.floor(t / this.stepMs);
    if (step === this.lastStep && this.tail > this.head) {
      const last = (this.tail - 1) & this.mask;
      this.times[last] = t;
      this.values[last] = this.inValue;
    } else {
      if (this.tail - this.head === this.times.length) this.grow();
      const slot = this.tail & this.mask;
      this.times[slot] = t;
      this.values[slot] = this.inValue;
      this.tail++;
      this.lastStep = step;
      for (let w = 0; w < this.windowsMs.length; w++) {
        if (this.refIdx[w] + 1 !== this.tail - 1) continue;
        this.nextRefAt[w] = t + this.windowsMs[w];
        if (this.nextRefAt[w] < this.soonest) this.soonest = this.nextRefAt[w];
      }
    }
    if (!(t < this.soonest)) this.advance(); // written so: a series restored from an older snapshot has no soonest yet
  }

  /** reference returns the value one window ago for window index `w` (NaN when empty). */
  reference(w: number): number {
    if (this.tail === this.head) return NaN;
    return this.values[this.refIdx[w] & this.mask];
  }

  /** referencesInto writes reference(w) of every window into `out` (the engine's per-tick form: no number returned, so none boxed). */
  referencesInto(out: Float64Array): void {
    // Two loops, not `empty ? NaN : value`: that choice makes a boxed number of every value read.
    if (this.tail === this.head) out.fill(NaN);
    else for (let w = 0; w < out.length; w++) out[w] = this.values[this.refIdx[w] & this.mask];
  }

  /** advance moves each window's reference on to the clock (inT) where its cutoff has passed. */
  private advance(): void {
    const now = this.inT;
    let moved = false;
    let soonest = Infinity;
    for (let w = 0; w < this.windowsMs.length; w++) {
      if (now >= this.nextRefAt[w]) {
        const win = this.windowsMs[w];
        const cutoff = now - win;
        let i = Math.max(this.refIdx[w], this.head);
        while (i + 1 < this.tail && this.times[(i + 1) & this.mask] <= cutoff) i++;
        this.refIdx[w] = i;
        this.nextRefAt[w] = i + 1 < this.tail ? this.times[(i + 1) & this.mask] + win : Infinity;
        moved = true;
      }
      if (this.nextRefAt[w] < soonest) soonest = this.nextRefAt[w];
    }
    this.soonest = soonest;
    if (!moved) return;
    let minRef = Infinity;
    for (let w = 0; w < this.refIdx.length; w++) if (this.refIdx[w] < minRef) minRef = this.refIdx[w];
    if (minRef !== Infinity && minRef > this.head) this.head = minRef;
  }

  private grow(): void {
    const cap = this.times.length;
    const next = cap * 2;
    const times = new Float64Array(next);
    const values = new Float64Array(next);
    // The held samples [head, tail) lie in the ring as up to two runs; copy each run whole.
    for (let i = this.head; i < this.tail; ) {
      const from = i & this.mask;
      const run = Math.min(this.tail - i, cap - from);
      const to = i & (next - 1);
      times.set(this.times.subarray(from, from + run), to);
      values.set(this.values.subarray(from, from + run), to);
      i += run;
    }
    this.times = times;
    this.values = values;
    this.mask = next - 1;
  }
}
