import type { RestCall } from '../poller.js';
import { parseHyperliquidMids } from './parse.js';

/**
 * hyperliquidPriceCalls polls `POST /info {"type":"allMids"}` once for every asset (weight 2 of the
 * 1,200 per minute per IP; market-data-apis.md §7). Hyperliquid has no public market-wide liquidation
 * feed (§7.4), so it is a price source only.
 */
export function hyperliquidPriceCalls(base: string): RestCall[] {
  return [{ req: { method: 'POST', url: `${base}/info`, body: JSON.stringify({ type: 'allMids' }) }, parse: parseHyperliquidMids }];
}
