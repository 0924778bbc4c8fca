import type { LiqSide, MarketSessionState } from './types.js';

/** IndexQuote is the latest quote of one cross-market index against its previous session close. */
export interface IndexQuote {
  price: number;
  prevClose: number;
  changePct: number;
  /** The quote's own time (when its price was set), not when it was polled. */
  ts: number;
  source: string;
  /** The session state the collector read with it; absent in a replay (unknown). */
  marketState?: MarketSessionState;
}

/** LevelBroken is one round or custom level the composite crossed. */
export interface LevelBroken {
  symbol: string;
  level: number;
  direction: 'down' | 'up';
  ts: number;
}

/** LargestLiquidation is the biggest single liquidation of a minute (and so of any window). */
export interface LargestLiquidation {
  source: string;
  symbol: string;
  side: LiqSide;
  notionalUsd: number;
  price: number;
  ts: number;
}

/** FeedName is a kind of figure a venue feeds (DESIGN §2 event kinds). */
export type FeedName = 'price' | 'liquidation' | 'index' | 'open_interest' | 'funding' | 'position';

/** VenueFeeds is what one venue has fed the history so far: which kinds of figures, and how many events. */
export interface VenueFeeds {
  feeds: Set<FeedName>;
  events: number;
}
