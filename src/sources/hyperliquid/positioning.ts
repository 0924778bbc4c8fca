import { leverageCall, type LeverageStore } from '../leverage-store.js';
import type { RestCall } from '../poller.js';
import { infoRequest } from './info-client.js';
import { hyperliquidUniverse, parseHyperliquidLeverage } from './positioning-parse.js';

/**
 * hyperliquidLeverageCalls polls `POST /info {"type":"metaAndAssetCtxs"}` (weight 20) once for every perp:
 * open interest in coins and the hourly funding. The universe it lists (kPEPE, BTC, …) goes to
 * `onUniverse`, so the trades stream can subscribe the venue's names for the followed assets.
 */
export function hyperliquidLeverageCalls(base: string, symbols: readonly string[], store: LeverageStore, onUniverse: (names: string[]) => void = () => {}): RestCall[] {
  const call = leverageCall(infoRequest(base, { type: 'metaAndAssetCtxs' }), parseHyperliquidLeverage, store, new Set(symbols));
  return [{
    req: call.req,
    parse: (payload, ctx) => {
      const names = hyperliquidUniverse(payload);
      if (names.length > 0) onUniverse(names);
      return call.parse(payload, ctx);
    },
  }];
}
