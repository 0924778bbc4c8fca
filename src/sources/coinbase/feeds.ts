import type { RestCall } from '../poller.js';
import { parseCoinbaseTicker } from './parse.js';

/** coinbaseProduct is the USD spot product of a base asset (BTC → BTC-USD). */
export function coinbaseProduct(symbol: string): string {
  return `${symbol}-USD`;
}

/** coinbasePriceCalls polls `GET /products/{product}/ticker` per followed asset (about 10 req/s per IP; market-data-apis.md §6). */
export function coinbasePriceCalls(base: string, symbols: readonly string[]): RestCall[] {
  return symbols.map((s) => {
    const product = coinbaseProduct(s);
    return { req: { method: 'GET', url: `${base}/products/${product}/ticker` }, parse: (p, ctx) => parseCoinbaseTicker(p, { ...ctx, product }) };
  });
}
