import { leverageCall, type LeverageStore } from '../leverage-store.js';
import type { RestCall } from '../poller.js';
import { okxSwap } from './feeds.js';
import { parseOkxFunding, parseOkxOpenInterest } from './positioning-parse.js';

/**
 * okxLeverageCalls polls, per followed asset, `GET /api/v5/public/open-interest?instType=SWAP&instId=`
 * ("20 requests per 2 seconds") and `GET /api/v5/public/funding-rate?instId=` (10 or 20 per 2 s, unconfirmed
 * which: positioning-and-whales.md §2.1). Two calls per asset per poll stay under either.
 */
export function okxLeverageCalls(base: string, symbols: readonly string[], store: LeverageStore): RestCall[] {
  const follow = new Set(symbols);
  return symbols.flatMap((s) => [
    leverageCall({ method: 'GET', url: `${base}/api/v5/public/open-interest?instType=SWAP&instId=${okxSwap(s)}` }, parseOkxOpenInterest, store, follow),
    leverageCall({ method: 'GET', url: `${base}/api/v5/public/funding-rate?instId=${okxSwap(s)}` }, parseOkxFunding, store, follow),
  ]);
}
