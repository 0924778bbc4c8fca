import { asRecord, excerpt } from '../normalize.js';
import type { ParseCtx } from '../types.js';
import { parseFrameJson, type WsFrame, type WsVenue } from '../ws-venue.js';
import { parseUserFillsPush } from './accounts-parse.js';
import { parseHyperliquidTrades } from './liquidations.js';

/** HYPERLIQUID_WS_PATH is the WebSocket path on the API host (wss://api.hyperliquid.xyz/ws; market-data-apis.md §7). */
export const HYPERLIQUID_WS_PATH = '/ws';
/** HYPERLIQUID_PING_MS: send `{"method":"ping"}` every 30 s; "the server expects activity within about a minute" (SDK notes, [3p]). */
export const HYPERLIQUID_PING_MS = 30_000;
/** HYPERLIQUID_CANARY_COIN: `bbo` for BTC pushes several times a second (a live probe measured a 0.1 s median gap), so a quiet socket is a dead one. */
export const HYPERLIQUID_CANARY_COIN = 'BTC';

function subscribe(subscription: Record<string, unknown>): string {
  return JSON.stringify({ method: 'subscribe', subscription });
}

/** ChannelReader turns one data channel's frame into a WsFrame. */
type ChannelReader = (msg: Record<string, unknown>, ctx: ParseCtx) => WsFrame;

/**
 * classifyHyperliquidFrame reads one frame: `pong`, `subscriptionResponse` (the ack, one per subscription),
 * `error`, the `bbo` canary, and the data channels the stream reads (trades, userFills).
 */
export function classifyHyperliquidFrame(text: string, ctx: ParseCtx, channels: Record<string, ChannelReader>): WsFrame {
  const json = parseFrameJson(text);
  if (!json.ok) return json.frame;
  const msg = asRecord(json.value);
  if (!msg) return { type: 'bad', rejection: { reason: 'bad_shape', detail: `frame is ${excerpt(json.value)}` } };
  const channel = typeof msg.channel === 'string' ? msg.channel : '';
  if (channel === 'pong') return { type: 'pong' };
  if (channel === 'subscriptionResponse') return { type: 'ack' };
  if (channel === 'error') return { type: 'error', detail: excerpt(msg.data) };
  if (channel === 'bbo') return { type: 'canary' };
  const read = channels[channel];
  return read ? read(msg, ctx) : { type: 'bad', rejection: { reason: 'bad_shape', field: 'channel', detail: excerpt(msg.channel) } };
}

/**
 * hyperliquidTradesWs streams `trades` for the followed coins (venue names: BTC, kPEPE) and reads backstop
 * liquidations from the trades that involve a liquidator vault; `bbo` BTC is the canary.
 */
export function hyperliquidTradesWs(vaults: () => ReadonlySet<string>): WsVenue {
  return {
    source: 'hyperliquid',
    url: (base) => `${base}${HYPERLIQUID_WS_PATH}`,
    subscribe: (coins) => [...coins.map((coin) => subscribe({ type: 'trades', coin })), subscribe({ type: 'bbo', coin: HYPERLIQUID_CANARY_COIN })],
    expectedAcks: (coins) => coins.length + 1,
    ping: { kind: 'text', text: JSON.stringify({ method: 'ping' }) },
    pingIntervalMs: HYPERLIQUID_PING_MS,
    classify: (text, ctx) => classifyHyperliquidFrame(text, ctx, {
      trades: (msg, c) => ({ type: 'data', result: parseHyperliquidTrades(msg, { ...c, vaults: vaults() }) }),
    }),
  };
}

/**
 * hyperliquidUserFillsWs subscribes `userFills` for the real-time accounts (at most 10 unique users per IP)
 * and reads each account's own liquidation fills as `liquidation` events carrying `account`; the snapshot
 * push after subscribing is the proof of life, not data. `onAccountFill` hears every account with a new
 * fill (the whale poller reads its position at once). `userFills` rather than `userEvents`: its push names
 * the user, and a fill's `liquidatedUser` is compared with it to tell the liquidated from the counterparty.
 */
export function hyperliquidUserFillsWs(onAccountFill: (account: string) => void = () => {}): WsVenue {
  return {
    source: 'hyperliquid',
    url: (base) => `${base}${HYPERLIQUID_WS_PATH}`,
    subscribe: (accounts) => [...accounts.map((user) => subscribe({ type: 'userFills', user, aggregateByTime: false })), subscribe({ type: 'bbo', coin: HYPERLIQUID_CANARY_COIN })],
    expectedAcks: (accounts) => accounts.length + 1,
    ping: { kind: 'text', text: JSON.stringify({ method: 'ping' }) },
    pingIntervalMs: HYPERLIQUID_PING_MS,
    classify: (text, ctx) => classifyHyperliquidFrame(text, ctx, {
      userFills: (msg, c) => {
        const r = parseUserFillsPush(msg.data, c);
        if (r.snapshot) return { type: 'canary' };
        const user = asRecord(msg.data)?.user;
        if (typeof user === 'string' && r.rejected.length === 0) onAccountFill(user.toLowerCase());
        return { type: 'data', result: { events: r.events, rejected: r.rejected } };
      },
    }),
  };
}
