import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  binanceTicker, bybitTickers, coinbaseTicker, coinglassHistory, hyperliquidMids, okxInstruments, okxTicker, yahooChart,
  type FakeIndex, type PayloadFault,
} from './formats.js';
import { positioningRouteOf, type FakePositioning, type PositioningRoute } from './positioning.js';

/** RestRoute names each venue REST route the fake serves (faults are injected per route). */
export type RestRoute = 'binance.klines' | 'bybit.kline' | 'okx.candles' | 'binance.ticker' | 'binance.exchangeInfo' | 'bybit.instruments' | 'bybit.tickers' | 'okx.ticker' | 'okx.instruments' | 'hyperliquid.info' | 'coinbase.ticker' | 'yahoo.chart' | 'coinglass.history' | 'coinglass.whales' | PositioningRoute;

/**
 * RestFault is what a route does instead of answering well: a payload fault, an HTML page with 200, an
 * empty or truncated body, a hung connection, or an HTTP status (429/418 with Retry-After, 451, 5xx).
 */
export type RestFault = Exclude<PayloadFault, null> | 'html200' | 'empty' | 'truncated' | 'hang' | { status: number; retryAfter?: string };

/** RestState is what the fake REST routes read. */
export interface RestState {
  prices: Map<string, number>;
  indices: Map<string, FakeIndex>;
  coinglassBuckets: Array<{ time: number; long: number; short: number }>;
  coinglassKey: string;
  /** The key's plan: below Startup, the whale endpoints answer CoinGlass's plan error. */
  coinglassPlan: 'hobbyist' | 'startup';
  /** CoinGlass `whale-position` rows, field for field as the API gives them. */
  coinglassWhales: object[];
  positioning: FakePositioning;
  /** Assets Binance and Bybit list per N units (PEPE → 1000: 1000PEPEUSDT), as the real venues do. */
  multiplied: Map<string, number>;
  /** 1-minute candle closes per asset ([openTs, close], any order): the venues' kline/candle history (issue 15 catch-up). */
  candles: Map<string, Array<[number, number]>>;
  now(): number;
}

/** candleRows are an asset's candles inside [from, to] as a venue's string rows, oldest first. */
function candleRows(s: RestState, asset: string, from: number, to: number, limit: number): string[][] {
  return (s.candles.get(asset) ?? []).filter(([t]) => t >= from && t <= to).sort((a, b) => a[0] - b[0]).slice(-limit)
    .map(([t, c]) => [String(t), String(c), String(c), String(c), String(c), '1.0', '100.0', '100.0', '1']);
}

/** listedBase is the contract base a venue lists for an asset (1000PEPE for PEPE when multiplied). */
export function listedBase(s: RestState, asset: string): string {
  const m = s.multiplied.get(asset);
  return m ? `${m}${asset}` : asset;
}

/** unlisted reads a venue contract base back to the asset and its multiplier (1000PEPE → PEPE × 1000). */
function unlisted(s: RestState, base: string): { asset: string; m: number } {
  for (const [asset, m] of s.multiplied) if (base === `${m}${asset}`) return { asset, m };
  return { asset: s.multiplied.has(base) ? '' : base, m: 1 };
}

const HTML = '<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1><p>Reference #18.2f</p></body></html>';

/** routeOf maps a request to its route and the venue symbol in it, or null for a 404. */
export function routeOf(method: string, url: URL): { route: RestRoute; arg: string } | null {
  const pos = positioningRouteOf(method, url);
  if (pos) return pos;
  const p = url.pathname;
  const q = url.searchParams;
  if (method === 'GET' && p === '/fapi/v1/klines') return { route: 'binance.klines', arg: (q.get('symbol') ?? '').replace(/USDT$/, '') };
  if (method === 'GET' && p === '/v5/market/kline') return { route: 'bybit.kline', arg: (q.get('symbol') ?? '').replace(/USDT$/, '') };
  if (method === 'GET' && p === '/api/v5/market/candles') return { route: 'okx.candles', arg: (q.get('instId') ?? '').split('-')[0] };
  if (method === 'GET' && p === '/fapi/v1/exchangeInfo') return { route: 'binance.exchangeInfo', arg: '' };
  if (method === 'GET' && p === '/v5/market/instruments-info') return { route: 'bybit.instruments', arg: '' };
  if (method === 'GET' && p === '/fapi/v1/ticker/24hr') return { route: 'binance.ticker', arg: (q.get('symbol') ?? '').replace(/USDT$/, '') };
  if (method === 'GET' && p === '/v5/market/tickers') return { route: 'bybit.tickers', arg: (q.get('symbol') ?? '').replace(/USDT$/, '') };
  if (method === 'GET' && p === '/api/v5/market/ticker') return { route: 'okx.ticker', arg: (q.get('instId') ?? '').split('-')[0] };
  if (method === 'GET' && p === '/api/v5/public/instruments') return { route: 'okx.instruments', arg: '' };
  if (method === 'POST' && p === '/info') return { route: 'hyperliquid.info', arg: '' };
  const cb = /^\/products\/([A-Z0-9]+)-USD\/ticker$/.exec(p);
  if (method === 'GET' && cb) return { route: 'coinbase.ticker', arg: cb[1] };
  const yf = /^\/v8\/finance\/chart\/(.+)$/.exec(p);
  if (method === 'GET' && yf) return { route: 'yahoo.chart', arg: decodeURIComponent(yf[1]) };
  if (method === 'GET' && p === '/api/futures/liquidation/aggregated-history') return { route: 'coinglass.history', arg: q.get('symbol') ?? '' };
  if (method === 'GET' && p === '/api/hyperliquid/whale-position') return { route: 'coinglass.whales', arg: '' };
  return null;
}

/** answer serves a route in its venue's real format, applying a payload fault. */
export function answer(route: RestRoute, arg: string, req: IncomingMessage, s: RestState, f: PayloadFault, body = ''): { status: number; body: unknown } {
  const now = s.now();
  const price = s.prices.get(arg);
  const listed = unlisted(s, arg); // Binance and Bybit: 1000PEPE quotes 1,000 PEPE; a plain PEPE is not listed
  const lot = s.prices.get(listed.asset);
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const num = (k: string, d: number) => (q.has(k) ? Number(q.get(k)) : d);
  switch (route) {
    case 'binance.klines': // oldest first; openTime and closeTime numbers, prices strings (market-data-apis.md §1.2)
      return { status: 200, body: candleRows(s, arg, num('startTime', 0), num('endTime', now), num('limit', 500)).map((r) => [Number(r[0]), r[1], r[2], r[3], r[4], r[5], Number(r[0]) + 59_999, r[6], 10, '0.5', '50.0', '0']) };
    case 'bybit.kline': // newest first, all strings (§4.2)
      return { status: 200, body: { retCode: 0, retMsg: 'OK', result: { symbol: `${arg}USDT`, category: 'linear', list: candleRows(s, arg, num('start', 0), num('end', now), num('limit', 200)).reverse().map((r) => r.slice(0, 7)) }, retExtInfo: {}, time: now } };
    case 'okx.candles': // newest first, older than `after` (§5.2)
      return { status: 200, body: { code: '0', msg: '', data: candleRows(s, arg, 0, num('after', now + 1) - 1, num('limit', 100)).reverse() } };
    case 'binance.exchangeInfo':
      return { status: 200, body: { symbols: [...s.prices.keys()].map((a) => ({ symbol: `${listedBase(s, a)}USDT`, contractType: 'PERPETUAL', quoteAsset: 'USDT', status: 'TRADING' })) } };
    case 'bybit.instruments':
      return { status: 200, body: { retCode: 0, retMsg: 'OK', result: { category: 'linear', list: [...s.prices.keys()].map((a) => ({ symbol: `${listedBase(s, a)}USDT`, contractType: 'LinearPerpetual', quoteCoin: 'USDT', status: 'Trading' })), nextPageCursor: '' }, time: now } };
    case 'binance.ticker':
      return lot ? { status: 200, body: binanceTicker(arg, lot * listed.m, now, f) } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
    case 'bybit.tickers':
      return lot ? { status: 200, body: bybitTickers(arg, lot * listed.m, now, f) } : { status: 200, body: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, time: now } };
    case 'okx.ticker':
      return price ? { status: 200, body: okxTicker(arg, price, now, f) } : { status: 200, body: { code: '51001', msg: "Instrument ID doesn't exist.", data: [] } };
    case 'okx.instruments':
      return { status: 200, body: okxInstruments() };
    case 'hyperliquid.info':
      return s.positioning.info(infoBody(body), now) ?? { status: 200, body: hyperliquidMids(s.prices, f, s.multiplied) };
    case 'coinbase.ticker':
      return price ? { status: 200, body: coinbaseTicker(price, now, f) } : { status: 404, body: { message: 'NotFound' } };
    case 'yahoo.chart': {
      const x = s.indices.get(arg);
      return x ? { status: 200, body: yahooChart(arg, x, now, f) } : { status: 404, body: { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } } };
    }
    case 'coinglass.history':
      if (req.headers['cg-api-key'] !== s.coinglassKey) return { status: 401, body: { code: '401', msg: 'API key missing or invalid' } };
      return { status: 200, body: coinglassHistory(s.coinglassBuckets, f) };
    case 'coinglass.whales':
      if (req.headers['cg-api-key'] !== s.coinglassKey) return { status: 401, body: { code: '401', msg: 'API key missing or invalid' } };
      // Below the Startup plan the endpoint refuses (an error envelope; its exact text is not in our references).
      if (s.coinglassPlan === 'hobbyist') return { status: 200, body: { code: '400', msg: 'plan not sufficient' } };
      return { status: 200, body: { code: '0', msg: 'success', data: s.coinglassWhales } };
    default:
      return s.positioning.answer(route, arg, now);
  }
}

/** infoBody decodes a Hyperliquid info request body ({} when it is not JSON). */
export function infoBody(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body || '{}');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** sendFault writes a transport fault; it returns false for a hung connection (left open). */
export function sendFault(res: ServerResponse, fault: Exclude<RestFault, PayloadFault>, route: RestRoute, s: RestState): boolean {
  if (fault === 'hang') return false;
  if (fault === 'html200') return end(res, 200, HTML, 'text/html; charset=utf-8');
  if (fault === 'empty') return end(res, 200, '', 'application/json');
  if (fault === 'truncated') {
    const full = JSON.stringify(answer(route, 'BTC', { headers: {} } as IncomingMessage, s, null).body);
    return end(res, 200, full.slice(0, Math.floor(full.length / 2)), 'application/json');
  }
  const { status, retryAfter } = fault;
  if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
  const body = status === 451
    ? JSON.stringify({ code: 0, msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms." })
    : status >= 500 ? `<html><body><h1>${status} Bad Gateway</h1></body></html>` : JSON.stringify({ code: -1003, msg: 'Too many requests; current limit of IP is 2400 requests per minute.' });
  return end(res, status, body, status >= 500 ? 'text/html' : 'application/json');
}

function end(res: ServerResponse, status: number, body: string, type: string): true {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
  return true;
}
