import { asRecord, excerpt } from '../normalize.js';
import type { RestCall } from '../poller.js';
import { parseFrameRecord, type WsFrame, type WsVenue } from '../ws-venue.js';
import { parseBybitLiquidation, parseBybitTickers } from './parse.js';

/** BYBIT_LINEAR_PATH is the public stream for USDT/USDC perpetuals (market-data-apis.md §4). */
export const BYBIT_LINEAR_PATH = '/v5/public/linear';
/** BYBIT_PING_MS: send `{"op":"ping"}` about every 20 s (market-data-apis.md §4). */
export const BYBIT_PING_MS = 20_000;

/**
 * BYBIT_ARGS_PER_SUBSCRIBE: subscribe in batches (the topic has no wildcard; market-data-apis.md §4.3). The
 * per-request cap is not in our reference [?]; 10 is the commonly cited spot cap, so it is safe everywhere.
 */
export const BYBIT_ARGS_PER_SUBSCRIBE = 10;

/** bybitPair is the linear perpetual of a base asset (BTC → BTCUSDT). */
export function bybitPair(symbol: string): string {
  return `${symbol}USDT`;
}

/** bybitPriceCalls polls `GET /v5/market/tickers?category=linear&symbol=` per followed asset, under its listed name (1000PEPEUSDT). */
export function bybitPriceCalls(base: string, symbols: readonly string[], name: (symbol: string) => string = (s) => s): RestCall[] {
  return symbols.map((s) => ({
    req: { method: 'GET', url: `${base}/v5/market/tickers?category=linear&symbol=${bybitPair(name(s))}` },
    parse: parseBybitTickers,
  }));
}

/**
 * classifyBybitFrame reads one frame: `allLiquidation.*` is data, `tickers.*` the canary, `op` replies
 * are the subscribe ack (or its failure) and the pong.
 */
export function classifyBybitFrame(text: string, ctx: Parameters<WsVenue['classify']>[1]): WsFrame {
  const parsed = parseFrameRecord(text);
  if (!parsed.ok) return parsed.frame;
  const rec = parsed.rec;
  if (typeof rec.op === 'string') {
    if (rec.success === false) return { type: 'error', detail: `${rec.op}: ${excerpt(rec.ret_msg)}` };
    return rec.op === 'subscribe' ? { type: 'ack' } : rec.op === 'ping' || rec.op === 'pong' ? { type: 'pong' } : { type: 'ignored' };
  }
  const topic = typeof rec.topic === 'string' ? rec.topic : '';
  if (topic.startsWith('allLiquidation.')) return { type: 'data', result: parseBybitLiquidation(rec, ctx) };
  if (topic.startsWith('tickers.')) return { type: 'canary' };
  return { type: 'bad', rejection: { reason: 'bad_shape', field: 'topic', detail: excerpt(rec.topic) } };
}

function bybitArgBatches(symbols: readonly string[], name: (symbol: string) => string): string[][] {
  const args = [...symbols.map((s) => `allLiquidation.${bybitPair(name(s))}`), `tickers.${bybitPair(name(symbols[0] ?? 'BTC'))}`];
  const batches: string[][] = [];
  for (let i = 0; i < args.length; i += BYBIT_ARGS_PER_SUBSCRIBE) batches.push(args.slice(i, i + BYBIT_ARGS_PER_SUBSCRIBE));
  return batches;
}

/**
 * bybitWs subscribes `allLiquidation.{pair}` per followed asset under its listed name (1000PEPEUSDT; no
 * wildcard exists) plus the first asset's tickers as canary; one ack per batch. USDT perpetuals only: the
 * USDC and inverse contracts are not subscribed (their sizes' units are unconfirmed, market-data-apis.md §13).
 */
export function bybitWs(name: (symbol: string) => string = (s) => s): WsVenue {
  return {
    source: 'bybit',
    url: (base) => `${base}${BYBIT_LINEAR_PATH}`,
    subscribe: (symbols) => bybitArgBatches(symbols, name).map((args) => JSON.stringify({ op: 'subscribe', args })),
    expectedAcks: (symbols) => bybitArgBatches(symbols, name).length,
    ping: { kind: 'text', text: JSON.stringify({ op: 'ping' }) },
    pingIntervalMs: BYBIT_PING_MS,
    classify: classifyBybitFrame,
  };
}
