import { MINUTE_MS, MinuteColumns } from './minute-columns.js';
import type { FundingEvent, LiquidationEvent, OpenInterestEvent } from './types.js';

/** AccountLiquidation is one liquidation of a tracked account (the venue named it). */
export interface AccountLiquidation {
  account: string;
  source: string;
  symbol: string;
  side: 'long' | 'short';
  notionalUsd: number;
  price: number;
  ts: number;
}

/**
 * LeverageHistory records, per minute, what the summary's Leverage and Whales sections read: each venue's
 * open interest and funding per asset (the last value of the minute), each tracked account's worst
 * unrealized PnL (all its positions together), and the tracked accounts' liquidations.
 */
export class LeverageHistory {
  readonly oi = new Map<string, Map<string, MinuteColumns>>();
  readonly funding = new Map<string, Map<string, MinuteColumns>>();
  readonly accountPnl = new Map<string, MinuteColumns>();
  readonly accountLiquidations: AccountLiquidation[] = [];

  /** noteOpenInterest keeps a venue's latest open interest of the minute. */
  noteOpenInterest(ev: OpenInterestEvent): void {
    put(cols(this.oi, ev.symbol, ev.source), ev.ts, ev.oi);
  }

  /** noteFunding keeps a venue's latest funding rate of the minute. */
  noteFunding(ev: FundingEvent): void {
    put(cols(this.funding, ev.symbol, ev.source), ev.ts, ev.rate);
  }

  /** noteAccountPnl keeps the minute's lowest unrealized PnL of an account (all its positions). */
  noteAccountPnl(account: string, ts: number, pnl: number): void {
    let c = this.accountPnl.get(account);
    if (!c) this.accountPnl.set(account, (c = new MinuteColumns([NaN])));
    const r = c.row(Math.floor(ts / MINUTE_MS));
    if (r >= 0 && !(c.cols[0][r] <= pnl)) c.cols[0][r] = pnl;
  }

  /** noteAccountLiquidation records a liquidation that names its account. */
  noteAccountLiquidation(ev: LiquidationEvent & { account: string }): void {
    this.accountLiquidations.push({ account: ev.account, source: ev.source, symbol: ev.symbol, side: ev.side, notionalUsd: ev.notionalUsd, price: ev.price, ts: ev.ts });
  }

  /** dropBefore forgets every minute before `minute` (and older account liquidations). */
  dropBefore(minute: number): void {
    for (const m of [this.oi, this.funding]) for (const bySource of m.values()) for (const c of bySource.values()) c.dropBefore(minute);
    for (const c of this.accountPnl.values()) c.dropBefore(minute);
    let n = 0;
    while (n < this.accountLiquidations.length && this.accountLiquidations[n].ts < minute * MINUTE_MS) n++;
    if (n > 0) this.accountLiquidations.splice(0, n);
  }
}

function cols(m: Map<string, Map<string, MinuteColumns>>, symbol: string, source: string): MinuteColumns {
  let bySource = m.get(symbol);
  if (!bySource) m.set(symbol, (bySource = new Map()));
  let c = bySource.get(source);
  if (!c) bySource.set(source, (c = new MinuteColumns([NaN])));
  return c;
}

function put(c: MinuteColumns, ts: number, v: number): void {
  const r = c.row(Math.floor(ts / MINUTE_MS));
  if (r >= 0) c.cols[0][r] = v;
}

