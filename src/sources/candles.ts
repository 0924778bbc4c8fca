import type { MarketEvent } from '../market/types.js';
import { binancePair } from './binance/feeds.js';
import { bybitPair } from './bybit/feeds.js';
import { requestJson, type HttpClient, type HttpRequest } from './http.js';
import { PRICE_MAX, toNumber } from './normalize.js';
import { okxSwap } from './okx/feeds.js';

/**
 * Catch-up from the venues' REST history (issue 15): a standby taking the engine over fills the minutes after the
 * state it restored with each venue's 1-minute candles (one price event per closed candle, at its last ms). Prices
 * only: Binance and Bybit keep no public liquidation history (market-data-apis.md §1.6), and OKX's
 * `public/liquidation-orders` is undocumented and best-effort (§5.4), so the handover's liquidations stay a gap.
 */

/** CANDLE_MS: the catch-up reads 1-minute candles. */
export const CANDLE_MS = 60_000;
/** CATCH_UP_MAX_MINUTES: one call per venue and asset; Bybit serves at most 200 candles a call (§4.2), the smallest cap. */
export const CATCH_UP_MAX_MINUTES = 200;
/** CATCH_UP_TIMEOUT_MS: a venue that does not answer this fast is skipped (the takeover must not wait on it). */
export const CATCH_UP_TIMEOUT_MS = 3_000;

/** Candle is one parsed 1-minute candle: its open time and close price. */
export interface Candle {
  openTs: number;
  close: number;
}

/** openedFrom is the open time of the candle running at `fromMs`: venues filter on open time, and that candle closes after `fromMs`. */
const openedFrom = (fromMs: number) => Math.floor(fromMs / CANDLE_MS) * CANDLE_MS;

/** CandleVenue is one venue's candle call and parser. */
interface CandleVenue {
  req(base: string, symbol: string, fromMs: number, toMs: number): HttpRequest;
  parse(payload: unknown): Candle[];
}

const rows = (v: unknown): unknown[][] => (Array.isArray(v) ? v.filter((r): r is unknown[] => Array.isArray(r)) : []);
const candle = (r: unknown[]): Candle | null => {
  const openTs = toNumber(r[0]);
  const close = toNumber(r[4]);
  return openTs !== null && close !== null && close > 0 && close < PRICE_MAX && Number.isInteger(openTs) ? { openTs, close } : null;
};
const candles = (v: unknown): Candle[] => rows(v).map(candle).filter((c): c is Candle => c !== null);

/** CANDLE_VENUES are the venues with a 1-minute candle history, by source id; their base URLs are the collectors' (BINANCE_REST_URL …). */
export const CANDLE_VENUES: Record<'binance' | 'bybit' | 'okx', CandleVenue> = {
  /** `GET /fapi/v1/klines` (§1.2): `[[1616338800000,"57212.69","57315.00","57196.19","57300.00","496.263",1616339099999,…]]`, oldest first. */
  binance: {
    req: (base, s, from, to) => ({ method: 'GET', url: `${base}/fapi/v1/klines?symbol=${binancePair(s)}&interval=1m&startTime=${openedFrom(from)}&endTime=${to}&limit=${CATCH_UP_MAX_MINUTES}` }),
    parse: (p) => candles(p),
  },
  /** `GET /v5/market/kline` (§4.2): `{"retCode":0,"result":{"list":[["1670608800000","17071","17073","17027","17055.5",…]]}}`, newest first. */
  bybit: {
    req: (base, s, from, to) => ({ method: 'GET', url: `${base}/v5/market/kline?category=linear&symbol=${bybitPair(s)}&interval=1&start=${openedFrom(from)}&end=${to}&limit=${CATCH_UP_MAX_MINUTES}` }),
    parse: (p) => candles((p as { result?: { list?: unknown } } | null)?.result?.list),
  },
  /** `GET /api/v5/market/candles` (§5.2): `{"code":"0","data":[["1597026383085","3.721","3.743","3.677","3.708",…,"1"]]}`, newest first; `after` returns older rows. */
  okx: {
    req: (base, s, _from, to) => ({ method: 'GET', url: `${base}/api/v5/market/candles?instId=${okxSwap(s)}&bar=1m&after=${to + 1}&limit=${CATCH_UP_MAX_MINUTES}` }),
    parse: (p) => candles((p as { data?: unknown } | null)?.data),
  },
};

/** candleEvents turns one venue's candles into price events: closed candles only, each at its last ms, inside (fromMs, toMs], in time order. */
export function candleEvents(source: string, symbol: string, list: readonly Candle[], fromMs: number, toMs: number): MarketEvent[] {
  return list
    .map((c) => ({ kind: 'price' as const, ts: c.openTs + CANDLE_MS - 1, source, symbol, price: c.close }))
    .filter((e) => e.ts > fromMs && e.ts <= toMs)
    .sort((a, b) => a.ts - b.ts);
}

/** CatchUp is what a catch-up fetched: the events in time order, and per venue how many candles or why none. */
export interface CatchUp {
  events: MarketEvent[];
  venues: Record<string, number | string>;
}

/**
 * catchUpPrices fetches the candles of every asset from every enabled candle venue for (fromMs, toMs] (at most the
 * last CATCH_UP_MAX_MINUTES), in parallel, each bounded by CATCH_UP_TIMEOUT_MS; a venue that fails is named, not fatal.
 */
export async function catchUpPrices(o: { bases: Partial<Record<keyof typeof CANDLE_VENUES, string>>; symbols: readonly string[]; fromMs: number; toMs: number; http?: HttpClient }): Promise<CatchUp> {
  const http = o.http ?? requestJson;
  const from = Math.max(o.fromMs, o.toMs - CATCH_UP_MAX_MINUTES * CANDLE_MS);
  const venues: CatchUp['venues'] = {};
  const jobs = Object.entries(o.bases).flatMap(([id, base]) => o.symbols.map(async (s) => {
    const v = CANDLE_VENUES[id as keyof typeof CANDLE_VENUES];
    try {
      const p = await http(id, v.req(base!, s, from, o.toMs), { totalTimeoutMs: CATCH_UP_TIMEOUT_MS, connectTimeoutMs: CATCH_UP_TIMEOUT_MS });
      const evs = candleEvents(id, s, v.parse(p), from, o.toMs);
      if (typeof venues[id] !== 'string') venues[id] = Number(venues[id] ?? 0) + evs.length;
      return evs;
    } catch (err) {
      venues[id] = (err as Error).message.slice(0, 120);
      return [];
    }
  }));
  const events = (await Promise.all(jobs)).flat().sort((a, b) => a.ts - b.ts);
  return { events, venues };
}
