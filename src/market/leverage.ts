import type { FundingEvent, OpenInterestEvent } from './types.js';

/**
 * OiSeries is one venue's open interest for one asset (base units), as a ring of samples, with a pointer
 * to the sample one window ago (the latest at or before the clock minus the window). The pointer only moves
 * forward and everything older than it is dropped, so memory is about one window of samples.
 */
export class OiSeries {
  private times = new Float64Array(8);
  private values = new Float64Array(8);
  private mask = 7;
  private head = 0;
  private tail = 0;
  private ref = -1;

  /** push records a sample; an older one than the latest is a late read and is ignored, the same instant overwrites. */
  push(ts: number, oi: number): void {
    if (this.tail > this.head) {
      const last = (this.tail - 1) & this.mask;
      if (ts < this.times[last]) return;
      if (ts === this.times[last]) {
        this.values[last] = oi;
        return;
      }
    }
    if (this.tail - this.head === this.times.length) this.grow();
    const slot = this.tail & this.mask;
    this.times[slot] = ts;
    this.values[slot] = oi;
    this.tail++;
  }

  /** latestTs and latest are the newest sample (NaN when empty). */
  get latestTs(): number {
    return this.tail > this.head ? this.times[(this.tail - 1) & this.mask] : NaN;
  }

  get latest(): number {
    return this.tail > this.head ? this.values[(this.tail - 1) & this.mask] : NaN;
  }

  /**
   * refAt moves the pointer to the latest sample at or before `cutoff` (non-decreasing between calls) and
   * returns its index, or -1 when every sample is newer; older samples are dropped.
   */
  refAt(cutoff: number): number {
    let i = Math.max(this.ref, this.head - 1);
    while (i + 1 < this.tail && this.times[(i + 1) & this.mask] <= cutoff) i++;
    this.ref = i;
    if (i > this.head) this.head = i;
    return i >= this.head ? i : -1;
  }

  /** timeOf and valueOf read a sample by the index refAt returned. */
  timeOf(i: number): number {
    return this.times[i & this.mask];
  }

  valueOf(i: number): number {
    return this.values[i & this.mask];
  }

  private grow(): void {
    const next = this.times.length * 2;
    const times = new Float64Array(next);
    const values = new Float64Array(next);
    for (let i = this.head; i < this.tail; i++) {
      times[i & (next - 1)] = this.times[i & this.mask];
      values[i & (next - 1)] = this.values[i & this.mask];
    }
    this.times = times;
    this.values = values;
    this.mask = next - 1;
  }
}

/** FundingQuote is one venue's latest funding rate (per 8 h, a fraction) and when it was read. */
export interface FundingQuote {
  rate: number;
  ts: number;
}

/** LeverageAsset is one asset's open interest per venue and funding per venue. */
export interface LeverageAsset {
  symbol: string;
  oi: Map<string, OiSeries>;
  funding: Map<string, FundingQuote>;
}

/** OiChange is open interest summed over the venues seen at both ends of the window, and the change between them. */
export interface OiChange {
  from: number;
  to: number;
  changePct: number;
  sources: string[];
}

/**
 * LeverageState is the windowed leverage picture the rules judge: per asset, each venue's open interest
 * samples over one window, and each venue's latest funding rate.
 */
export class LeverageState {
  readonly assets = new Map<string, LeverageAsset>();

  /** `windowMs` is the leverage_flush window; `maxAgeMs` how old a venue's value may be at either end of it. */
  constructor(readonly windowMs: number, readonly maxAgeMs: number) {}

  /** asset returns (creating) the leverage memory of `symbol`. */
  asset(symbol: string): LeverageAsset {
    let a = this.assets.get(symbol);
    if (!a) this.assets.set(symbol, (a = { symbol, oi: new Map(), funding: new Map() }));
    return a;
  }

  /** noteOpenInterest records one venue's open interest; returns the asset. */
  noteOpenInterest(ev: OpenInterestEvent): LeverageAsset {
    const a = this.asset(ev.symbol);
    let s = a.oi.get(ev.source);
    if (!s) a.oi.set(ev.source, (s = new OiSeries()));
    s.push(ev.ts, ev.oi);
    return a;
  }

  /** noteFunding keeps one venue's latest funding rate (a late read does not replace a newer one). */
  noteFunding(ev: FundingEvent): void {
    const a = this.asset(ev.symbol);
    const cur = a.funding.get(ev.source);
    if (!cur) a.funding.set(ev.source, { rate: ev.rate, ts: ev.ts });
    else if (ev.ts >= cur.ts) {
      cur.rate = ev.rate;
      cur.ts = ev.ts;
    }
  }

  /**
   * change sums, at `now`, the open interest of every venue whose latest value is at most maxAgeMs old and
   * whose value one window ago (its latest at or before now − window) was at most maxAgeMs old then; a venue
   * missing at either end is left out of both sums (DESIGN §4). Null when no venue qualifies.
   */
  change(a: LeverageAsset, now: number): OiChange | null {
    const cutoff = now - this.windowMs;
    let from = 0;
    let to = 0;
    let sources: string[] | null = null;
    for (const [source, s] of a.oi) {
      const i = s.refAt(cutoff);
      if (i < 0 || s.timeOf(i) < cutoff - this.maxAgeMs || !(s.latestTs >= now - this.maxAgeMs)) continue;
      from += s.valueOf(i);
      to += s.latest;
      (sources ??= []).push(source);
    }
    if (!sources || !(from > 0)) return null;
    return { from, to, changePct: (to / from - 1) * 100, sources };
  }
}
