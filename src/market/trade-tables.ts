import { KIND_LIQUIDATION, KIND_PRICE, type BatchColumns } from './event-batch.js';
import { History, type TradeHistory, type VenueCols } from './history.js';
import type { MarketEvent } from './types.js';
import { ScratchEvents } from './validate.js';

/**
 * TradeTables keeps only the trade part of a history (TradeHistory) from the events it is shown, in file
 * order: a replay's reader thread runs one beside its parsing, so the engine's thread only tallies those
 * events, and adopts `trades()` at the end. Rows are read from the batch columns the reader just wrote.
 */
export class TradeTables {
  private readonly history = new History();
  /** Each venue's bookkeeping by [symbol id][source id] (the reader's string numbers), or by name for the rare slow-path line. */
  private readonly byIds: Array<Array<VenueCols | undefined> | undefined> = [];
  private readonly byNames = new Map<string, VenueCols>();
  private readonly scratch = new ScratchEvents();

  /** row tables row `i` of batch columns whose sources and symbols are numbered in `strings`. */
  row(c: BatchColumns, i: number, strings: readonly string[]): void {
    const k = c.kind[i];
    if (k === KIND_PRICE) {
      const e = this.scratch.price;
      e.ts = c.ts[i];
      e.price = c.price[i];
      this.history.tablePrice(this.venueById(c.symbol[i], c.source[i], strings), e);
    } else if (k === KIND_LIQUIDATION) {
      const e = this.scratch.liquidation;
      e.ts = c.ts[i];
      e.source = strings[c.source[i]];
      e.symbol = strings[c.symbol[i]];
      e.price = c.price[i];
      e.side = c.side[i] === 0 ? 'long' : 'short';
      e.qty = c.a[i];
      e.notionalUsd = c.b[i];
      this.history.tableLiquidation(e);
    }
  }

  /** event tables an event decoded the slow way (any kind: only prices and liquidations are tabled). */
  event(ev: MarketEvent): void {
    if (ev.kind === 'price') {
      const key = `${ev.symbol}\u0000${ev.source}`;
      let v = this.byNames.get(key);
      if (!v) this.byNames.set(key, (v = this.history.venueCols(ev.symbol, ev.source)));
      this.history.tablePrice(v, ev);
    } else if (ev.kind === 'liquidation') this.history.tableLiquidation(ev);
  }

  trades(): TradeHistory {
    return this.history.trades();
  }

  private venueById(symbol: number, source: number, strings: readonly string[]): VenueCols {
    const row = (this.byIds[symbol] ??= []);
    let v = row[source];
    if (v === undefined) {
      const key = `${strings[symbol]}\u0000${strings[source]}`;
      v = this.byNames.get(key);
      if (!v) this.byNames.set(key, (v = this.history.venueCols(strings[symbol], strings[source])));
      row[source] = v;
    }
    return v;
  }
}
