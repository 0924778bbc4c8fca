/** SourceQuote is one venue's latest price for an asset, with a slot for per-venue bookkeeping. */
export interface SourceQuote<X = unknown> {
  source: string;
  price: number;
  ts: number;
  extra: X | undefined;
}

/** BookClock is what `refresh` reads (MarketState is one): the clock and how old a venue's price may be. */
export interface BookClock {
  readonly clock: number;
  readonly maxAgeMs: number;
}

/**
 * CompositeBook keeps each venue's latest price for one asset and computes the composite: the median
 * of the prices at most `maxAgeMs` older than the clock (mean of the middle two for an even count), so
 * one venue's bad print cannot move it (DESIGN §4).
 */
export class CompositeBook<X = unknown> {
  readonly quotes: SourceQuote<X>[] = [];
  private scratch = new Float64Array(8);
  // freshCount right after composite (the engine's quorum check) reuses the count composite made.
  private countedAt = NaN;
  private countedAge = NaN;
  private counted = 0;
  /** The composite the last `refresh` computed. */
  value = NaN;
  private readonly at = { clock: 0, maxAgeMs: 0 };

  /** update records a venue's price unless it is older than the one held; returns that venue's quote. */
  update(source: string, price: number, ts: number): SourceQuote<X> {
    this.countedAt = NaN;
    const q = this.quotes;
    for (let i = 0; i < q.length; i++) {
      const cur = q[i];
      if (cur.source === source) {
        if (ts >= cur.ts) {
          cur.price = price;
          cur.ts = ts;
        }
        return cur;
      }
    }
    const added: SourceQuote<X> = { source, price, ts, extra: undefined };
    q.push(added);
    return added;
  }

  /** updateFrom is `update` with the venue's event itself (its source, price and ts read here: nothing boxed per tick). */
  updateFrom(ev: { readonly source: string; readonly price: number; readonly ts: number }): SourceQuote<X> {
    this.countedAt = NaN;
    const q = this.quotes;
    for (let i = 0; i < q.length; i++) {
      const cur = q[i];
      if (cur.source === ev.source) {
        if (ev.ts >= cur.ts) {
          cur.price = ev.price;
          cur.ts = ev.ts;
        }
        return cur;
      }
    }
    return this.update(ev.source, ev.price, ev.ts);
  }

  /** composite returns the median of fresh venue prices at `now`, or NaN when none is fresh. */
  composite(now: number, maxAgeMs: number): number {
    const at = this.at;
    at.clock = now;
    at.maxAgeMs = maxAgeMs;
    this.refresh(at);
    return this.value;
  }

  /**
   * refresh computes the composite at `c.clock` into `value` (NaN when no price is fresh). The engine's
   * per-tick form of `composite`: it takes the clock by reference and returns nothing, so no number is
   * boxed on the way in or out.
   */
  refresh(c: BookClock): void {
    const quotes = this.quotes;
    if (this.scratch.length < quotes.length) this.scratch = new Float64Array(quotes.length * 2);
    const vals = this.scratch;
    const oldest = c.clock - c.maxAgeMs;
    let n = 0;
    for (let i = 0; i < quotes.length; i++) if (quotes[i].ts >= oldest) vals[n++] = quotes[i].price;
    this.countedAt = c.clock;
    this.countedAge = c.maxAgeMs;
    this.counted = n;
    if (n === 0) this.value = NaN;
    else if (n === 1) this.value = vals[0];
    else if (n === 2) this.value = (vals[0] + vals[1]) / 2;
    else if (n <= 5) {
      // The usual venue counts, without a sort (the composite is taken on every price tick).
      if (n === 3) median3(vals);
      else if (n === 4) middle4(vals);
      else median5(vals);
      this.value = vals[0];
    } else {
      insertionSort(vals, n);
      const mid = n >> 1;
      this.value = n % 2 === 1 ? vals[mid] : (vals[mid - 1] + vals[mid]) / 2;
    }
  }

  /** freshCount is how many venues feed the composite at `now`. */
  freshCount(now: number, maxAgeMs: number): number {
    if (now === this.countedAt && maxAgeMs === this.countedAge) return this.counted;
    let n = 0;
    for (const q of this.quotes) if (q.ts >= now - maxAgeMs) n++;
    return n;
  }

  /** freshAt is freshCount at `c.clock` (by reference, like refresh). */
  freshAt(c: BookClock): number {
    if (c.clock === this.countedAt && c.maxAgeMs === this.countedAge) return this.counted;
    return this.freshCount(c.clock, c.maxAgeMs);
  }
}

/** median3 leaves the middle of vals[0..2] in vals[0] (numbers in and out of a call that is not inlined are boxed). */
function median3(v: Float64Array): void {
  let a = v[0], b = v[1];
  const c = v[2];
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  v[0] = c <= a ? a : c >= b ? b : c;
}

/** middle4 leaves the mean of the middle two of vals[0..3] in vals[0] (the pair's order does not change the sum). */
function middle4(v: Float64Array): void {
  const a = v[0], b = v[1], c = v[2], d = v[3];
  const lo = a < b ? a : b, hi = a < b ? b : a;
  const lo2 = c < d ? c : d, hi2 = c < d ? d : c;
  v[0] = ((lo > lo2 ? lo : lo2) + (hi < hi2 ? hi : hi2)) / 2;
}

/**
 * median5 leaves the middle of vals[0..4] in vals[0] without a branch: the comparisons of venue prices go
 * either way at random, and a mispredicted branch per comparison cost more than the ten comparisons. Each
 * price's rank is the count of prices below it (a tie counts for the earlier one); the median has rank 2.
 */
function median5(v: Float64Array): void {
  const a = v[0], b = v[1], c = v[2], d = v[3], e = v[4];
  // x > y as 0 or 1 (for the earlier x of each pair: y is below x; otherwise x is below y).
  const ab = +(a > b), ac = +(a > c), ad = +(a > d), ae = +(a > e);
  const bc = +(b > c), bd = +(b > d), be = +(b > e);
  const cd = +(c > d), ce = +(c > e), de = +(d > e);
  const rb = 1 - ab + bc + bd + be;
  const rc = 2 - ac - bc + cd + ce;
  const rd = 3 - ad - bd - cd + de;
  const re = 4 - ae - be - ce - de;
  v[0] = v[+(rb === 2) + 2 * +(rc === 2) + 3 * +(rd === 2) + 4 * +(re === 2)];
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
