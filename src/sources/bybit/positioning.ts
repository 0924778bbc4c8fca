import { leverageCall, type LeverageStore } from '../leverage-store.js';
import type { RestCall } from '../poller.js';
import { parseBybitLeverage } from './positioning-parse.js';

/**
 * bybitLeverageCalls polls `GET /v5/market/tickers?category=linear` once for every linear contract (open
 * interest in coins and funding with its interval; 1000PEPEUSDT read as PEPE). One call a poll, far inside
 * Bybit's IP limit of 600 requests per 5 s (positioning-and-whales.md §2.1).
 */
export function bybitLeverageCalls(base: string, symbols: readonly string[], store: LeverageStore): RestCall[] {
  return [leverageCall({ method: 'GET', url: `${base}/v5/market/tickers?category=linear` }, parseBybitLeverage, store, new Set(symbols))];
}
