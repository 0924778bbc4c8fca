/** MINUTE_MS is the resolution of summary history. */
export const MINUTE_MS = 60_000;
/** A table's first allocation: a day of minutes and a little more (a day's file often starts before midnight). */
const DAY_ROWS = 1536;

/**
 * MinuteColumns is a growable table with one row per minute and a fixed set of numeric columns,
 * used for the market history (composite OHLC, venue lows, liquidation sums per minute).
 */
export class MinuteColumns {
  start = NaN;
  length = 0;
  cols: Float64Array[];

  constructor(private readonly fills: readonly number[]) {
    this.cols = fills.map(() => new Float64Array(0));
  }

  private lastMinute = NaN;
  private lastRow = -1;

  /** row returns the row index of `minute`, growing the table; -1 if before the first row. */
  row(minute: number): number {
    if (minute === this.lastMinute) return this.lastRow;
    if (Number.isNaN(this.start)) this.start = minute;
    const i = minute - this.start;
    if (i < 0) return -1;
    if (i >= this.length) this.extend(i + 1);
    this.lastMinute = minute;
    this.lastRow = i;
    return i;
  }

  /** index returns the row of `minute` without growing, or -1. */
  index(minute: number): number {
    const i = minute - this.start;
    return i >= 0 && i < this.length ? i : -1;
  }

  /** dropBefore discards rows older than `minute` (bounded memory in a long-running process). */
  dropBefore(minute: number): void {
    this.lastMinute = NaN;
    const n = minute - this.start;
    if (!(n > 0)) return;
    if (n >= this.length) {
      this.start = minute;
      this.length = 0;
      return;
    }
    for (const c of this.cols) c.copyWithin(0, n, this.length);
    this.start = minute;
    this.length -= n;
  }

  private extend(len: number): void {
    const cap = this.cols[0]?.length ?? 0;
    if (len > cap) {
      // A day's rows at first (a replay day, a live day of history), then doubling: one allocation per table in the usual case.
      const next = Math.max(len, cap * 2, DAY_ROWS);
      this.cols = this.cols.map((c, k) => {
        const a = new Float64Array(next).fill(this.fills[k]);
        a.set(c.subarray(0, this.length));
        return a;
      });
    } else if (len === this.length + 1) {
      for (let k = 0; k < this.cols.length; k++) this.cols[k][this.length] = this.fills[k]; // the next minute: the hot case
    } else {
      for (let k = 0; k < this.cols.length; k++) this.cols[k].fill(this.fills[k], this.length, len);
    }
    this.length = len;
  }
}
