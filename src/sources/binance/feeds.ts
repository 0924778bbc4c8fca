import { asRecord, excerpt } from '../normalize.js';
import type { RestCall } from '../poller.js';
import { parseFrameRecord, type WsFrame, type WsVenue } from '../ws-venue.js';
import { parseBinanceForceOrder, parseBinanceTicker } from './parse.js';

/** BINANCE_MARKET_PATH is the routed path that carries forceOrder and markPrice since 2026-04-23 (market-data-apis.md §2.1; ccxt#28091). */
export const BINANCE_MARKET_PATH = '/market/stream';
/** BINANCE_PING_MS: the server pings every 3 min and wants a pong within 10 min; our own ping is only a liveness probe. */
export const BINANCE_PING_MS = 60_000;

/** binancePair is the USD-M perpetual of a base asset (BTC → BTCUSDT). */
export function binancePair(symbol: string): string {
  return `${symbol}USDT`;
}

/** binancePriceCalls polls `GET /fapi/v1/ticker/24hr?symbol=` per followed asset (weight 1 each, market-data-apis.md §1.1), under its listed name (1000PEPEUSDT). */
export function binancePriceCalls(base: string, symbols: readonly string[], name: (symbol: string) => string = (s) => s): RestCall[] {
  return symbols.map((s) => ({
    req: { method: 'GET', url: `${base}/fapi/v1/ticker/24hr?symbol=${binancePair(name(s))}` },
    parse: parseBinanceTicker,
  }));
}

/**
 * classifyBinanceFrame reads one combined-stream frame: `!forceOrder@arr` is data, the first asset's
 * `markPrice@1s` is the canary (the liquidation stream is silent when nothing is liquidated).
 */
export function classifyBinanceFrame(text: string, ctx: Parameters<WsVenue['classify']>[1]): WsFrame {
  const parsed = parseFrameRecord(text);
  if (!parsed.ok) return parsed.frame;
  const rec = parsed.rec;
  if (rec.error !== undefined) return { type: 'error', detail: excerpt(rec.error) };
  if ('result' in rec && 'id' in rec) return { type: 'ack' };
  const data = asRecord(typeof rec.stream === 'string' ? rec.data : rec);
  if (data?.e === 'markPriceUpdate') return { type: 'canary' };
  if (data?.e === 'forceOrder' || rec.stream === '!forceOrder@arr') return { type: 'data', result: parseBinanceForceOrder(rec, ctx) };
  return { type: 'bad', rejection: { reason: 'bad_shape', field: 'stream', detail: excerpt(rec.stream ?? rec.e) } };
}

/** binanceWs is the USD-M all-market liquidation stream with a mark-price canary on the same socket. */
export const binanceWs: WsVenue = {
  source: 'binance',
  url: (base, symbols) => `${base}${BINANCE_MARKET_PATH}?streams=!forceOrder@arr/${binancePair(symbols[0] ?? 'BTC').toLowerCase()}@markPrice@1s`,
  subscribe: () => [],
  expectedAcks: () => 0,
  ping: { kind: 'frame' },
  pingIntervalMs: BINANCE_PING_MS,
  classify: classifyBinanceFrame,
};
