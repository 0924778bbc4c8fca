/** SourceQuote is one venue's latest price for an asset, with a slot for per-venue bookkeeping. */
export interface SourceQuote<X = unknown> {
  source: string;
  price: number;
  ts: number;
  extra: X | undefined;
}

/**
 * CompositeBook keeps each venue's latest price for one asset and computes the composite: the median
 * of the prices at most `maxAgeMs` older than the clock (mean of the middle two for an even count), so
 * one venue's bad print cannot move it (DESIGN §4).
 */
export class CompositeBook<X = unknown> {
  readonly quotes: SourceQuote<X>[] = [];
  private readonly scratch: number[] = [];

  /** update records a venue's price unless it is older than the one held; returns that venue's quote. */
  update(source: string, price: number, ts: number): SourceQuote<X> {
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

  /** composite returns the median of fresh venue prices at `now`, or NaN when none is fresh. */
  composite(now: number, maxAgeMs: number): number {
    const vals = this.scratch;
    vals.length = 0;
    const oldest = now - maxAgeMs;
    for (const q of this.quotes) if (q.ts >= oldest) vals.push(q.price);
    const n = vals.length;
    if (n === 0) return NaN;
    if (n === 1) return vals[0];
    if (n === 2) return (vals[0] + vals[1]) / 2;
    insertionSort(vals);
    const mid = n >> 1;
    return n % 2 === 1 ? vals[mid] : (vals[mid - 1] + vals[mid]) / 2;
  }

  /** freshCount is how many venues feed the composite at `now`. */
  freshCount(now: number, maxAgeMs: number): number {
    let n = 0;
    for (const q of this.quotes) if (q.ts >= now - maxAgeMs) n++;
    return n;
  }
}

function insertionSort(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
