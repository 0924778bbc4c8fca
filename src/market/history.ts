import { LeverageHistory } from './leverage-history.js';
import { MINUTE_MS, MinuteColumns } from './minute-columns.js';
import type { FeedName, IndexQuote, LargestLiquidation, LevelBroken, VenueFeeds } from './records.js';
import type { FundingEvent, IndexEvent, LiquidationEvent, OpenInterestEvent, PriceEvent } from './types.js';

const O = 0, H = 1, L = 2, C = 3;
const LONG = 0, SHORT = 1, COUNT = 2;

/**
 * The current minute of a venue's low and of an asset's bar is kept in a small typed array, not in object
 * fields: a double in a field is a heap number of its own, and this runs on every tick. Its last slot is a
 * scratch: a new low or high goes either way at random on each tick, so it is chosen by index (the scratch
 * or the slot itself, from the comparison as 0 or 1) rather than by a branch that mispredicts. The choice
 * is exactly `if (x < low) low = x`.
 */
const LOW_MINUTE = 0, LOW = 1, LOW_PICK = 2;
const BAR_MINUTE = 0, BAR_O = 1, BAR_H = 2, BAR_L = 3, BAR_C = 4, BAR_PICK = 5;

/** VenueCols is one venue's price bookkeeping for one asset; the current minute's low is kept aside. */
export interface VenueCols {
  low: MinuteColumns;
  seen: VenueFeeds;
  /** The current minute (NaN: none yet) and its low so far, and the scratch slot (LOW_*). */
  now: Float64Array;
}

/** CompositeTrack is one asset's composite OHLC columns; the current minute's bar is kept aside. */
export interface CompositeTrack {
  cols: MinuteColumns;
  /** The current minute (NaN: none yet) and its open, high, low and close so far, and the scratch slot (BAR_*). */
  bar: Float64Array;
}

/**
 * History records what a summary needs, per minute: the composite OHLC of each asset, each venue's
 * low, liquidation sums market-wide, per venue and per asset, the largest liquidation, the levels
 * broken, the latest index quotes and the venues seen. Memory is bounded by
 * `dropBefore` (live) or by the length of the file (replay).
 */
export class History {
  readonly composite = new Map<string, MinuteColumns>();
  private readonly compositeTracks = new Map<string, CompositeTrack>();
  private readonly venueTracks: VenueCols[] = [];
  readonly venueLow = new Map<string, Map<string, MinuteColumns>>();
  readonly liq = new MinuteColumns([0, 0, 0]);
  readonly liqBySource = new Map<string, MinuteColumns>();
  readonly liqBySymbol = new Map<string, MinuteColumns>();
  readonly largest = new Map<number, LargestLiquidation>();
  /** The largest liquidation of each minute per venue (the summary names Hyperliquid's). */
  readonly largestBySource = new Map<string, Map<number, LargestLiquidation>>();
  /** Open interest, funding and tracked accounts, per minute. */
  readonly leverage = new LeverageHistory();
  readonly levels: LevelBroken[] = [];
  readonly indices = new Map<string, IndexQuote>();
  readonly sources = new Map<string, VenueFeeds>();
  firstTs = NaN;
  lastTs = NaN;

  /** venueCols returns (creating) the per-venue price bookkeeping of an asset; callers keep it. */
  venueCols(symbol: string, source: string): VenueCols {
    let bySource = this.venueLow.get(symbol);
    if (!bySource) this.venueLow.set(symbol, (bySource = new Map()));
    let low = bySource.get(source);
    if (!low) bySource.set(source, (low = new MinuteColumns([NaN])));
    this.seen(source, 'price', NaN);
    const v: VenueCols = { low, seen: this.sources.get(source)!, now: new Float64Array(3).fill(NaN) };
    this.venueTracks.push(v);
    return v;
  }

  /**
   * notePrice records a venue price for the venue-low range. The hot path only compares with the
   * current minute's low; a new minute writes the finished one into the columns (see flush).
   */
  notePrice(v: VenueCols, ev: PriceEvent): void {
    v.seen.events++;
    this.span(ev.ts);
    const m = Math.floor(ev.ts / MINUTE_MS);
    const now = v.now;
    if (m === now[LOW_MINUTE]) {
      now[LOW_PICK] = ev.price;
      now[LOW] = now[LOW + (LOW_PICK - LOW) * +(ev.price < now[LOW])];
    } else if (m > now[LOW_MINUTE] || Number.isNaN(now[LOW_MINUTE])) {
      flushLow(v);
      now[LOW_MINUTE] = m;
      now[LOW] = ev.price;
    } else writeLow(v.low, m, ev.price); // a late event for an earlier minute
  }

  /** compositeCols returns (creating) an asset's composite OHLC track; callers keep it. */
  compositeCols(symbol: string): CompositeTrack {
    let t = this.compositeTracks.get(symbol);
    if (!t) {
      const cols = new MinuteColumns([NaN, NaN, NaN, NaN]);
      this.composite.set(symbol, cols);
      this.compositeTracks.set(symbol, (t = { cols, bar: new Float64Array(6).fill(NaN) }));
    }
    return t;
  }

  /** noteComposite records an asset's composite at its time, the clock (which never goes back); read from `at`, so nothing is boxed per tick. */
  noteComposite(t: CompositeTrack, at: { readonly composite: number; readonly compositeTs: number }): void {
    const value = at.composite;
    const m = Math.floor(at.compositeTs / MINUTE_MS);
    const bar = t.bar;
    if (m !== bar[BAR_MINUTE]) {
      flushBar(t);
      bar[BAR_MINUTE] = m;
      bar[BAR_O] = bar[BAR_H] = bar[BAR_L] = bar[BAR_C] = value;
      return;
    }
    bar[BAR_PICK] = value;
    bar[BAR_H] = bar[BAR_H + (BAR_PICK - BAR_H) * +(value > bar[BAR_H])];
    bar[BAR_L] = bar[BAR_L + (BAR_PICK - BAR_L) * +(value < bar[BAR_L])];
    bar[BAR_C] = value;
  }

  /**
   * restored takes over the current minutes of a snapshot written before they moved into typed arrays (the
   * fields `minute`, `pending` and `minute`, `o`, `h`, `l`, `c`).
   */
  restored(): void {
    for (const v of this.venueTracks) {
      const old = v as Partial<VenueCols> & { minute?: number; pending?: number };
      if (old.now) continue;
      v.now = Float64Array.of(old.minute ?? NaN, old.pending ?? NaN, NaN);
      delete old.minute;
      delete old.pending;
    }
    for (const t of this.compositeTracks.values()) {
      const old = t as Partial<CompositeTrack> & { minute?: number; o?: number; h?: number; l?: number; c?: number };
      if (old.bar) continue;
      t.bar = Float64Array.of(old.minute ?? NaN, old.o ?? NaN, old.h ?? NaN, old.l ?? NaN, old.c ?? NaN, NaN);
      for (const k of ['minute', 'o', 'h', 'l', 'c'] as const) delete old[k];
    }
  }

  /** flush writes the current minutes' pending lows and bars into the columns (before any read). */
  flush(): void {
    for (const v of this.venueTracks) flushLow(v);
    for (const t of this.compositeTracks.values()) flushBar(t);
  }

  /** noteLiquidation records one liquidation in every breakdown. */
  noteLiquidation(ev: LiquidationEvent): void {
    this.seen(ev.source, 'liquidation', ev.ts);
    const minute = Math.floor(ev.ts / MINUTE_MS);
    addLiq(this.liq, minute, ev);
    addLiq(keyed(this.liqBySource, ev.source), minute, ev);
    addLiq(keyed(this.liqBySymbol, ev.symbol), minute, ev);
    keepLargest(this.largest, minute, ev);
    let bySource = this.largestBySource.get(ev.source);
    if (!bySource) this.largestBySource.set(ev.source, (bySource = new Map()));
    keepLargest(bySource, minute, ev);
    if (ev.account !== undefined) this.leverage.noteAccountLiquidation(ev as LiquidationEvent & { account: string });
  }

  /** noteOpenInterest records a venue's open interest (the summary's Leverage section). */
  noteOpenInterest(ev: OpenInterestEvent): void {
    this.seen(ev.source, 'open_interest', ev.ts);
    this.leverage.noteOpenInterest(ev);
  }

  /** noteFunding records a venue's funding rate. */
  noteFunding(ev: FundingEvent): void {
    this.seen(ev.source, 'funding', ev.ts);
    this.leverage.noteFunding(ev);
  }

  /** notePosition records a tracked account's total unrealized PnL after one of its position snapshots. */
  notePosition(source: string, account: string, ts: number, accountPnl: number): void {
    this.seen(source, 'position', ts);
    this.leverage.noteAccountPnl(account, ts, accountPnl);
  }

  /** noteIndex records the latest quote of an index. */
  noteIndex(ev: IndexEvent): IndexQuote {
    this.seen(ev.source, 'index', ev.ts);
    const q: IndexQuote = { price: ev.price, prevClose: ev.prevClose, changePct: ((ev.price - ev.prevClose) / ev.prevClose) * 100, ts: ev.ts, source: ev.source };
    if (ev.marketState) q.marketState = ev.marketState;
    const cur = this.indices.get(ev.symbol);
    // The same quote polled again after its session closed still updates the state (regular → post → closed).
    if (!cur || ev.ts >= cur.ts) this.indices.set(ev.symbol, q);
    return q;
  }

  /** noteLevel records a level the composite broke (the summary's list and the chart's marks). */
  noteLevel(l: LevelBroken): void {
    this.levels.push(l);
  }

  /** dropBefore forgets everything older than `ts` (a live process keeps a bounded history). */
  dropBefore(ts: number): void {
    this.flush();
    const minute = Math.floor(ts / MINUTE_MS);
    for (const c of this.composite.values()) c.dropBefore(minute);
    for (const m of this.venueLow.values()) for (const c of m.values()) c.dropBefore(minute);
    this.liq.dropBefore(minute);
    for (const c of this.liqBySource.values()) c.dropBefore(minute);
    for (const c of this.liqBySymbol.values()) c.dropBefore(minute);
    for (const m of [this.largest, ...this.largestBySource.values()]) for (const k of m.keys()) if (k < minute) m.delete(k);
    this.leverage.dropBefore(minute);
    trimFront(this.levels, (l) => l.ts < ts);
    if (this.firstTs < ts) this.firstTs = ts;
  }

  private seen(source: string, feed: FeedName, ts: number): void {
    let s = this.sources.get(source);
    if (!s) this.sources.set(source, (s = { feeds: new Set(), events: 0 }));
    s.feeds.add(feed);
    if (Number.isNaN(ts)) return;
    s.events++;
    this.span(ts);
  }

  private span(ts: number): void {
    if (!(this.firstTs <= ts)) this.firstTs = ts;
    if (!(this.lastTs >= ts)) this.lastTs = ts;
  }
}

function writeLow(cols: MinuteColumns, minute: number, price: number): void {
  const r = cols.row(minute);
  if (r < 0) return;
  const low = cols.cols[0];
  if (!(low[r] <= price)) low[r] = price;
}

function flushLow(v: VenueCols): void {
  const now = v.now;
  if (!Number.isNaN(now[LOW_MINUTE])) writeLow(v.low, now[LOW_MINUTE], now[LOW]);
}

function flushBar(t: CompositeTrack): void {
  const bar = t.bar;
  if (Number.isNaN(bar[BAR_MINUTE])) return;
  const r = t.cols.row(bar[BAR_MINUTE]);
  if (r < 0) return;
  const cs = t.cols.cols;
  const o = cs[O], h = cs[H], l = cs[L], c = cs[C];
  if (Number.isNaN(o[r])) {
    o[r] = bar[BAR_O];
    h[r] = bar[BAR_H];
    l[r] = bar[BAR_L];
  } else {
    if (bar[BAR_H] > h[r]) h[r] = bar[BAR_H];
    if (bar[BAR_L] < l[r]) l[r] = bar[BAR_L];
  }
  c[r] = bar[BAR_C];
}

function keepLargest(m: Map<number, LargestLiquidation>, minute: number, ev: LiquidationEvent): void {
  const cur = m.get(minute);
  if (!cur || ev.notionalUsd > cur.notionalUsd) m.set(minute, { source: ev.source, symbol: ev.symbol, side: ev.side, notionalUsd: ev.notionalUsd, price: ev.price, ts: ev.ts });
}

function keyed(map: Map<string, MinuteColumns>, key: string): MinuteColumns {
  let cols = map.get(key);
  if (!cols) map.set(key, (cols = new MinuteColumns([0, 0, 0])));
  return cols;
}

function addLiq(cols: MinuteColumns, minute: number, ev: LiquidationEvent): void {
  const r = cols.row(minute);
  if (r < 0) return;
  cols.cols[ev.side === 'long' ? LONG : SHORT][r] += ev.notionalUsd;
  cols.cols[COUNT][r] += 1;
}

function trimFront<T>(a: T[], old: (x: T) => boolean): void {
  let n = 0;
  while (n < a.length && old(a[n])) n++;
  if (n > 0) a.splice(0, n);
}

export { O, H, L, C, LONG, SHORT, COUNT };
