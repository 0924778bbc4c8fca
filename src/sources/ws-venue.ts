import { asRecord, excerpt } from './normalize.js';
import type { ParseCtx, ParseResult, Rejection } from './types.js';

/**
 * WsFrame is what one text frame from a venue socket turned out to be:
 * - `data`: the liquidation channel (its events may be empty or all rejected);
 * - `canary`: a steady channel on the same socket (mark price, tickers) that proves the socket is live,
 *   because liquidation channels are silent when nothing happens (reliability-and-limits.md §5);
 * - `ack` / `pong`: the venue's subscribe confirmation and heartbeat answer;
 * - `error`: the venue's error message; `bad`: unparseable or unknown; `ignored`: harmless noise.
 */
export type WsFrame =
  | { type: 'data'; result: ParseResult }
  | { type: 'canary' }
  | { type: 'ack' }
  | { type: 'pong' }
  | { type: 'error'; detail: string }
  | { type: 'bad'; rejection: Rejection }
  | { type: 'ignored' };

/** WsVenue declares a venue's stream protocol: where to connect, how to subscribe and ping, how to read frames. */
export interface WsVenue {
  source: string;
  /** The full socket URL for the followed symbols, from the configured base. */
  url(base: string, symbols: readonly string[]): string;
  /** Text messages sent right after the socket opens (empty when the URL subscribes). */
  subscribe(symbols: readonly string[]): string[];
  /** How many acks confirm the subscription (the socket is ready after these and one data or canary frame). */
  expectedAcks(symbols: readonly string[]): number;
  /** The heartbeat: a WebSocket ping frame, or a text message the venue answers. */
  ping: { kind: 'frame' } | { kind: 'text'; text: string };
  /** Default heartbeat period (the venue's documented keep-alive). */
  pingIntervalMs: number;
  /** classify reads one text frame; it is pure and never throws. */
  classify(text: string, ctx: ParseCtx): WsFrame;
}

/** parseFrameJson decodes a frame, or says why it is not JSON (a truncated frame is `bad_json`). */
export function parseFrameJson(text: string): { ok: true; value: unknown } | { ok: false; frame: WsFrame } {
  if (text.trim() === '') return { ok: false, frame: { type: 'bad', rejection: { reason: 'empty_body', detail: 'empty frame' } } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const reason = text.trimStart().startsWith('<') ? 'html_body' : 'bad_json';
    return { ok: false, frame: { type: 'bad', rejection: { reason, detail: `frame ${JSON.stringify(text.slice(0, 30))}` } } };
  }
}

/** parseFrameRecord decodes a frame that must be a JSON object (every venue's frames are), or says why it is not. */
export function parseFrameRecord(text: string): { ok: true; rec: Record<string, unknown> } | { ok: false; frame: WsFrame } {
  const json = parseFrameJson(text);
  if (!json.ok) return json;
  const rec = asRecord(json.value);
  return rec ? { ok: true, rec } : { ok: false, frame: { type: 'bad', rejection: { reason: 'bad_shape', detail: `frame is ${excerpt(json.value)}` } } };
}
