import { asRecord, excerpt } from '../normalize.js';
import type { RestCall } from '../poller.js';
import type { HttpRequest } from '../http.js';
import { parseFrameRecord, type WsFrame, type WsVenue } from '../ws-venue.js';
import { parseOkxLiquidations, parseOkxTicker, type OkxContract } from './parse.js';

/** OKX_PUBLIC_PATH is the public stream path (market-data-apis.md §5). */
export const OKX_PUBLIC_PATH = '/ws/v5/public';
/** OKX_PING_MS: OKX cuts idle sockets after about 30 s; send the text `ping` well before (market-data-apis.md §5). */
export const OKX_PING_MS = 20_000;
/** OKX_CONTRACTS_REFRESH_MS: ctVal is fixed per instrument, refresh the table daily (market-data-apis.md §5.5). */
export const OKX_CONTRACTS_REFRESH_MS = 86_400_000;

/** okxSwap is the USDT-margined perpetual of a base asset (BTC → BTC-USDT-SWAP). */
export function okxSwap(symbol: string): string {
  return `${symbol}-USDT-SWAP`;
}

/** okxPriceCalls polls `GET /api/v5/market/ticker?instId=` per followed asset (20 req / 2 s per IP). */
export function okxPriceCalls(base: string, symbols: readonly string[]): RestCall[] {
  return symbols.map((s) => ({ req: { method: 'GET', url: `${base}/api/v5/market/ticker?instId=${okxSwap(s)}` }, parse: parseOkxTicker }));
}

/** okxInstrumentsRequest fetches every SWAP instrument's contract size. */
export function okxInstrumentsRequest(base: string): HttpRequest {
  return { method: 'GET', url: `${base}/api/v5/public/instruments?instType=SWAP` };
}

/**
 * classifyOkxFrame reads one frame: the text `pong`, `event` replies (subscribe ack, error, notice),
 * `liquidation-orders` data (sizes converted with `contracts`) and the `tickers` canary.
 */
export function classifyOkxFrame(text: string, ctx: Parameters<WsVenue['classify']>[1], contracts: ReadonlyMap<string, OkxContract>): WsFrame {
  if (text === 'pong') return { type: 'pong' };
  const parsed = parseFrameRecord(text);
  if (!parsed.ok) return parsed.frame;
  const rec = parsed.rec;
  if (rec.event === 'subscribe') return { type: 'ack' };
  if (rec.event === 'error') return { type: 'error', detail: `${excerpt(rec.code)} ${excerpt(rec.msg)}` };
  if (typeof rec.event === 'string') return { type: 'ignored' };
  const channel = asRecord(rec.arg)?.channel;
  if (channel === 'liquidation-orders') return { type: 'data', result: parseOkxLiquidations(rec, { ...ctx, contracts }) };
  if (channel === 'tickers') return { type: 'canary' };
  return { type: 'bad', rejection: { reason: 'bad_shape', field: 'arg.channel', detail: excerpt(channel) } };
}

/** okxWs subscribes the SWAP liquidation channel (no instId filter exists) plus the first asset's tickers as canary. */
export function okxWs(contracts: () => ReadonlyMap<string, OkxContract>): WsVenue {
  return {
    source: 'okx',
    url: (base) => `${base}${OKX_PUBLIC_PATH}`,
    subscribe: (symbols) => [JSON.stringify({ op: 'subscribe', args: [{ channel: 'liquidation-orders', instType: 'SWAP' }, { channel: 'tickers', instId: okxSwap(symbols[0] ?? 'BTC') }] })],
    // OKX acknowledges each channel of a subscribe separately.
    expectedAcks: () => 2,
    ping: { kind: 'text', text: 'ping' },
    pingIntervalMs: OKX_PING_MS,
    classify: (text, ctx) => classifyOkxFrame(text, ctx, contracts()),
  };
}
