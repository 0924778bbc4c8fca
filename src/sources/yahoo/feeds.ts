import type { RestCall } from '../poller.js';
import type { IndexQuote } from '../types.js';
import { parseYahooChart } from './parse.js';

/** YAHOO_SYMBOLS maps our index keys to Yahoo chart symbols (market-data-apis.md §10.1, §12.5). */
export const YAHOO_SYMBOLS: Readonly<Record<string, string>> = {
  NASDAQ: '^IXIC',
  SP500: '^GSPC',
  DOW: '^DJI',
  GOLD: 'GC=F',
  DXY: 'DX-Y.NYB',
  MSTR: 'MSTR',
  COIN: 'COIN',
};

/** YAHOO_MAX_AGE_MS: a closed market's last price may be a long weekend old (Good Friday to Monday), but not older. */
export const YAHOO_MAX_AGE_MS = 7 * 86_400_000;
/** YAHOO_RANGE: 5 daily bars hold the previous session's close even when `meta.previousClose` is absent (§10.3). */
export const YAHOO_RANGE = 'range=5d&interval=1d';

/** yahooIndexCalls polls the chart API once per index key, handing each quote (with market state) to `onQuote`. */
export function yahooIndexCalls(base: string, keys: readonly string[], onQuote: (q: IndexQuote) => void): RestCall[] {
  return keys.filter((k) => YAHOO_SYMBOLS[k]).map((key) => ({
    req: { method: 'GET', url: `${base}/v8/finance/chart/${encodeURIComponent(YAHOO_SYMBOLS[key])}?${YAHOO_RANGE}` },
    parse: (payload, ctx) => {
      const res = parseYahooChart(payload, ctx, key);
      for (const q of res.quotes) onQuote(q);
      return res;
    },
  }));
}
