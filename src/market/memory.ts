import { History, type CompositeTrack, type VenueCols } from './history.js';
import { LeverageState } from './leverage.js';
import { PositionBook } from './positions.js';
import { MarketState, type AssetState } from './state.js';
import type { MarketEvent, PositionEvent, PriceEvent } from './types.js';

/** MarketAsset is one asset as the memory keeps it: its windowed state, its history track, and the rules' memory of it. */
export interface MarketAsset<R> {
  state: AssetState;
  track: CompositeTrack;
  /** What the price rules keep for this asset (null: no rule watches it), held here so a price event costs one lookup. */
  rules: R | null;
}

/**
 * MarketMemory is the engine's memory of the market: the windowed state the rules judge (`state`, and the
 * open interest and funding of `leverage`), the tracked accounts' positions (`positions`) and the per-minute
 * history summaries and charts read (`history`). `remember` is the one door an event takes into it: the
 * clock, the venue quote, the composite and its series, the liquidation sums, open interest, positions and
 * the history all move in that one call.
 */
export class MarketMemory<R = unknown> {
  readonly assets = new Map<string, MarketAsset<R>>();
  history = new History();
  readonly positions = new PositionBook();

  constructor(readonly state: MarketState, readonly leverage: LeverageState = new LeverageState(3_600_000, 600_000)) {}

  /** remember folds one event in; it returns the asset whose composite it moved (a price event), else null. */
  remember(ev: MarketEvent): MarketAsset<R> | null {
    this.state.tick(ev.ts);
    if (ev.kind === 'price') return this.price(ev);
    if (ev.kind === 'liquidation') {
      this.history.noteLiquidation(ev);
      this.state.liquidations.add(ev.ts, ev.side === 'long', ev.notionalUsd);
    } else if (ev.kind === 'index') this.history.noteIndex(ev);
    else if (ev.kind === 'open_interest') {
      this.history.noteOpenInterest(ev);
      this.leverage.noteOpenInterest(ev);
    } else if (ev.kind === 'funding') {
      this.history.noteFunding(ev);
      this.leverage.noteFunding(ev);
    } else this.position(ev);
    return null;
  }

  /** asset returns (creating) the memory of `symbol`. */
  asset(symbol: string): MarketAsset<R> {
    let a = this.assets.get(symbol);
    if (!a) {
      a = { state: this.state.asset(symbol), track: this.history.compositeCols(symbol), rules: null };
      this.assets.set(symbol, a);
    }
    return a;
  }

  /** adoptHistory takes over a restored history (a snapshot under changed rules): every asset's track is re-linked to it. */
  adoptHistory(h: History): void {
    this.history = h;
    for (const [symbol, a] of this.assets) a.track = h.compositeCols(symbol);
  }

  private position(ev: PositionEvent): void {
    if (this.positions.apply(ev) === undefined) return; // an older snapshot than the one held
    this.history.notePosition(ev.source, ev.account, ev.ts, this.positions.accountPnl(ev.account));
  }

  // Numbers travel in the objects that hold them (the event, the clock, the book), never as arguments or
  // return values: on this path, once per price event, each would be boxed.
  private price(ev: PriceEvent): MarketAsset<R> | null {
    const a = this.assets.get(ev.symbol) ?? this.asset(ev.symbol);
    const q = a.state.book.updateFrom(ev);
    const venue = (q.extra ??= this.history.venueCols(ev.symbol, ev.source)) as VenueCols;
    this.history.notePrice(venue, ev);
    if (!this.state.refresh(a.state)) return null;
    this.history.noteComposite(a.track, a.state);
    return a;
  }
}
