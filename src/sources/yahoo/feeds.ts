import type { RestCall } from '../poller.js';
import type { SessionQuote } from '../types.js';
import { parseYahooChart } from './parse.js';

/**
 * YAHOO_INDICES is the one table of the cross-market instruments: our index key, its Yahoo chart symbol
 * (market-data-apis.md §10.1, §12.5) and the name a reader sees, in the order boards and summaries list them.
 */
export const YAHOO_INDICES: Readonly<Record<string, { yahoo: string; name: string }>> = {
  NASDAQ: { yahoo: '^IXIC', name: 'Nasdaq' },
  SP500: { yahoo: '^GSPC', name: 'S&P 500' },
  DOW: { yahoo: '^DJI', name: 'Dow' },
  GOLD: { yahoo: 'GC=F', name: 'Gold' },
  DXY: { yahoo: 'DX-Y.NYB', name: 'Dollar index (DXY)' },
  MSTR: { yahoo: 'MSTR', name: 'MSTR' },
  COIN: { yahoo: 'COIN', name: 'COIN' },
};

/** YAHOO_MAX_AGE_MS: a closed market's last price may be a long weekend old (Good Friday to Monday), but not older. */
export const YAHOO_MAX_AGE_MS = 7 * 86_400_000;
/** YAHOO_RANGE: 5 daily bars hold the previous session's close even when `meta.previousClose` is absent (§10.3). */
export const YAHOO_RANGE = 'range=5d&interval=1d';

/** yahooIndexCalls polls the chart API once per index key, handing each quote (with market state) to `onQuote`. */
export function yahooIndexCalls(base: string, keys: readonly string[], onQuote: (q: SessionQuote) => void): RestCall[] {
  return keys.filter((k) => YAHOO_INDICES[k]).map((key) => ({
    req: { method: 'GET', url: `${base}/v8/finance/chart/${encodeURIComponent(YAHOO_INDICES[key].yahoo)}?${YAHOO_RANGE}` },
    parse: (payload, ctx) => {
      const res = parseYahooChart(payload, ctx, key);
      for (const q of res.quotes) onQuote(q);
      return res;
    },
  }));
}
