import type { RestCall } from '../poller.js';
import type { AggregatorLiquidations } from '../types.js';
import { parseCoinglassHistory, type CoinglassTotals } from './parse.js';

/** COINGLASS_EXCHANGES is the venue list CoinGlass sums over (`exchange_list` is required; market-data-apis.md §8.1; spellings [?]). */
export const COINGLASS_EXCHANGES = 'Binance,OKX,Bybit,Bitget,Hyperliquid,Gate,HTX,BitMEX,Deribit,Bitfinex,Kraken,CoinEx';
/** COINGLASS_INTERVAL_MS: hourly buckets (the Startup plan allows ≥ 30m, Hobbyist ≥ 4h; §8.1). */
export const COINGLASS_INTERVAL_MS = 3_600_000;
/** COINGLASS_WINDOW_MS is the default window summed: the last 24 h. */
export const COINGLASS_WINDOW_MS = 86_400_000;

/** CoinglassAccumulator collects one poll's per-coin totals. */
export class CoinglassAccumulator {
  private parts: CoinglassTotals[] = [];
  private expected = 0;

  /** begin starts a poll of `coins` coins. */
  begin(coins: number): void {
    this.parts = [];
    this.expected = coins;
  }

  /** add records one coin's totals. */
  add(t: CoinglassTotals): void {
    this.parts.push(t);
  }

  /** total sums the poll, or null unless every coin answered (a partial sum would understate the range). */
  total(windowMs: number, now: number): AggregatorLiquidations | null {
    if (this.expected === 0 || this.parts.length !== this.expected) return null;
    const longUsd = this.parts.reduce((a, p) => a + p.longUsd, 0);
    const shortUsd = this.parts.reduce((a, p) => a + p.shortUsd, 0);
    return { source: 'coinglass', windowMs, totalUsd: longUsd + shortUsd, longUsd, shortUsd, ts: now };
  }
}

/** coinglassCalls requests each followed coin's hourly aggregated history with the API key header (never in the URL). */
export function coinglassCalls(base: string, apiKey: string, symbols: readonly string[], windowMs: number, acc: CoinglassAccumulator): RestCall[] {
  const limit = Math.ceil(windowMs / COINGLASS_INTERVAL_MS);
  return symbols.map((s) => ({
    req: {
      method: 'GET',
      url: `${base}/api/futures/liquidation/aggregated-history?exchange_list=${encodeURIComponent(COINGLASS_EXCHANGES)}&symbol=${s}&interval=1h&limit=${limit}`,
      headers: { 'CG-API-KEY': apiKey },
    },
    parse: (payload, ctx) => {
      const res = parseCoinglassHistory(payload, { ...ctx, windowMs });
      if (res.totals) acc.add(res.totals);
      return { events: [], rejected: res.rejected };
    },
  }));
}
