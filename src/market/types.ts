/**
 * MarketEvent is the one event shape that joins every source to every consumer (DESIGN §2).
 * `ts` is integer epoch milliseconds (UTC); `symbol` is the base asset or index key in upper case.
 */
export type MarketEvent = PriceEvent | LiquidationEvent | IndexEvent | OpenInterestEvent | FundingEvent | PositionEvent;

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
  /** The liquidated account, when the venue names it (Hyperliquid): `^0x[0-9a-f]{40}$`. */
  account?: string;
}

/** MarketSessionState is whether a cross-market instrument's session is open: pre-market, regular, post-market, or closed. */
export type MarketSessionState = 'pre' | 'regular' | 'post' | 'closed';

/**
 * IndexEvent is a cross-market quote (NASDAQ, SP500, GOLD, MSTR, …) with its previous session close. `ts` is
 * the quote's own time (Yahoo's regularMarketTime), never the poll's. A live collector adds the session
 * state it read (not part of the replay format: a recorded line without it reads as "unknown").
 */
export interface IndexEvent {
  kind: 'index';
  ts: number;
  source: string;
  symbol: string;
  price: number;
  prevClose: number;
  marketState?: MarketSessionState;
}

/** OpenInterestEvent is one venue's open interest for an asset in BASE units (BTC, not USD or contracts). */
export interface OpenInterestEvent {
  kind: 'open_interest';
  ts: number;
  source: string;
  symbol: string;
  oi: number;
}

/** FundingEvent is one venue's current funding rate, normalised to 8 hours, as a fraction (0.0001 = 0.01%/8h). */
export interface FundingEvent {
  kind: 'funding';
  ts: number;
  source: string;
  symbol: string;
  rate: number;
}

/** PositionEvent is a snapshot of one tracked account's position in one asset (Hyperliquid). */
export interface PositionEvent {
  kind: 'position';
  ts: number;
  source: string;
  account: string;
  symbol: string;
  /** Signed base units: > 0 long, < 0 short, 0 closed. */
  size: number;
  entryPrice: number;
  markPrice: number;
  /** null when the venue gives none (e.g. a cross position with ample margin). */
  liquidationPrice: number | null;
  unrealizedPnlUsd: number;
}

export type MarketEventKind = MarketEvent['kind'];
