/**
 * MarketEvent is the one event shape that joins every source to every consumer (DESIGN §2).
 * `ts` is integer epoch milliseconds (UTC); `symbol` is the base asset or index key in upper case.
 */
export type MarketEvent = PriceEvent | LiquidationEvent | IndexEvent;

/** PriceEvent is one venue's latest price for a base asset. */
export interface PriceEvent {
  kind: 'price';
  ts: number;
  source: string;
  symbol: string;
  price: number;
}

/** LiqSide is the side of the POSITION that was liquidated (not the order side). */
export type LiqSide = 'long' | 'short';

/** LiquidationEvent is one forced close of a position on a venue. */
export interface LiquidationEvent {
  kind: 'liquidation';
  ts: number;
  source: string;
  symbol: string;
  side: LiqSide;
  price: number;
  qty: number;
  notionalUsd: number;
}

/** IndexEvent is a cross-market quote (NASDAQ, SP500, GOLD, MSTR, …) with its previous session close. */
export interface IndexEvent {
  kind: 'index';
  ts: number;
  source: string;
  symbol: string;
  price: number;
  prevClose: number;
}

export type MarketEventKind = MarketEvent['kind'];
