import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { binanceForceOrder, bybitLiquidation, canaryFrame, okxLiquidation, type FakeLiq } from './formats.js';

/** StreamVenue is a venue with a liquidation stream on the fake. */
export type StreamVenue = 'binance' | 'bybit' | 'okx';

interface FakeSocket {
  id: number;
  venue: StreamVenue;
  ws: WebSocket;
  /** Liquidation topics (Bybit: allLiquidation.BTCUSDT; others: 'liq') and 'canary'. */
  topics: Set<string>;
  /** Binance raw path: frames without the combined-stream wrapper. */
  raw: boolean;
  /** Alive but silent: still answers pings and subscribes, sends no data. */
  silent: boolean;
}

/** Mutator edits the innermost venue record of a frame (Binance `o`, Bybit `data[0]`, OKX `details[0]`) to inject bad values. */
export type Mutator = (rec: Record<string, unknown>) => void;

/**
 * FakeStreams speaks each venue's WebSocket protocol on 127.0.0.1: Binance's routed `/market/stream`
 * (the unrouted legacy path accepts and never delivers, as the real one did after 2026-04-23), Bybit's
 * `op` subscribe/ping, OKX's `event` acks and text ping/pong, with a canary channel, and faults: dropped,
 * silent, duplicated and reordered frames.
 */
export class FakeStreams {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<FakeSocket>();
  private readonly held = new Map<StreamVenue, string[][]>();
  private readonly mode = new Map<StreamVenue, { duplicate?: boolean; reorder?: boolean }>();
  private readonly timer: NodeJS.Timeout;
  private nextId = 1;
  /** connections counts every socket ever accepted, per venue. */
  readonly connections: Record<StreamVenue, number> = { binance: 0, bybit: 0, okx: 0 };

  constructor(private readonly price: () => number, canaryMs: number, private readonly now: () => number, private readonly multiplied: ReadonlyMap<string, number> = new Map()) {
    this.timer = setInterval(() => this.canary(), canaryMs);
  }

  /** upgrade accepts a socket on a venue path, or refuses it with 404. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const venue: StreamVenue | null = url.pathname.startsWith('/market/') || url.pathname === '/stream' ? 'binance' : url.pathname === '/v5/public/linear' ? 'bybit' : url.pathname === '/ws/v5/public' ? 'okx' : null;
    if (!venue) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(venue, ws, url));
  }

  private accept(venue: StreamVenue, ws: WebSocket, url: URL): void {
    const s: FakeSocket = { id: this.nextId++, venue, ws, topics: new Set(), raw: false, silent: false };
    this.connections[venue]++;
    this.sockets.add(s);
    ws.on('close', () => this.sockets.delete(s));
    ws.on('error', () => this.sockets.delete(s));
    if (venue === 'binance' && url.pathname.startsWith('/market/')) {
      const streams = url.pathname.startsWith('/market/ws/') ? [decodeURIComponent(url.pathname.slice('/market/ws/'.length))] : (url.searchParams.get('streams') ?? '').split('/');
      s.raw = url.pathname.startsWith('/market/ws/');
      if (streams.includes('!forceOrder@arr')) s.topics.add('liq');
      if (streams.some((x) => x.includes('@markPrice'))) s.topics.add('canary');
    }
    ws.on('message', (data) => this.onMessage(s, String(data)));
  }

  private onMessage(s: FakeSocket, text: string): void {
    if (s.venue === 'okx' && text === 'ping') return s.ws.send('pong');
    let msg: { op?: string; args?: unknown[] };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (s.venue === 'bybit' && msg.op === 'ping') return s.ws.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: `c${s.id}`, req_id: '', op: 'ping' }));
    if (msg.op !== 'subscribe' || !Array.isArray(msg.args)) return;
    if (s.venue === 'bybit') {
      for (const a of msg.args as string[]) s.topics.add(a.startsWith('tickers.') ? 'canary' : a);
      s.ws.send(JSON.stringify({ success: true, ret_msg: '', conn_id: `c${s.id}`, req_id: '', op: 'subscribe' }));
    } else if (s.venue === 'okx') {
      for (const a of msg.args as Array<{ channel: string }>) {
        s.topics.add(a.channel === 'tickers' ? 'canary' : 'liq');
        s.ws.send(JSON.stringify({ event: 'subscribe', arg: a, connId: `c${s.id}` }));
      }
    }
  }

  /** push sends one liquidation, in the venue's format, to every subscribed socket (mutated when asked). */
  push(venue: StreamVenue, liq: FakeLiq, mutate?: Mutator): void {
    // Binance and Bybit name some assets per 1,000 units (1000PEPEUSDT): sizes in lots, prices per lot.
    const m = venue === 'okx' ? undefined : this.multiplied.get(liq.symbol);
    const l = m ? { ...liq, symbol: `${m}${liq.symbol}`, qty: liq.qty / m, price: liq.price * m } : liq;
    const topic = venue === 'bybit' ? `allLiquidation.${l.symbol}USDT` : 'liq';
    for (const s of this.subscribed(venue, topic)) {
      const frame = venue === 'binance' ? binanceForceOrder(l) : venue === 'bybit' ? bybitLiquidation(l) : okxLiquidation(l);
      if (mutate) mutate(venue === 'binance' ? (frame as ReturnType<typeof binanceForceOrder>).data.o : venue === 'bybit' ? (frame as ReturnType<typeof bybitLiquidation>).data[0] : (frame as ReturnType<typeof okxLiquidation>).data[0].details[0]);
      const body = venue === 'binance' && s.raw ? (frame as ReturnType<typeof binanceForceOrder>).data : frame;
      this.send(s, JSON.stringify(body));
    }
  }

  /** sendRaw sends an arbitrary text frame (truncated JSON, HTML, …) to every subscribed socket of a venue. */
  sendRaw(venue: StreamVenue, text: string): void {
    for (const s of this.subscribed(venue, venue === 'bybit' ? null : 'liq')) s.ws.send(text);
  }

  /** setMode makes a venue duplicate every data frame, or hold them for `flushReversed`. */
  setMode(venue: StreamVenue, mode: { duplicate?: boolean; reorder?: boolean }): void {
    this.mode.set(venue, mode);
  }

  /** flushReversed sends the held frames of a venue in reverse order (out-of-order delivery). */
  flushReversed(venue: StreamVenue): void {
    const held = this.held.get(venue) ?? [];
    this.held.set(venue, []);
    for (const [id, text] of held.reverse()) [...this.sockets].find((s) => String(s.id) === id)?.ws.send(text);
  }

  /** drop cuts every open socket of a venue (TCP reset, no close frame). */
  drop(venue: StreamVenue): void {
    for (const s of this.sockets) if (s.venue === venue) s.ws.terminate();
  }

  /**
   * freeze stops reading the currently open sockets of a venue (frames still go out): a client's close
   * handshake on them never completes, as with a peer that stopped reading during a rotation.
   */
  freeze(venue: StreamVenue): void {
    for (const s of this.sockets) if (s.venue === venue) (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  /** dropNewest cuts the most recently accepted socket of a venue (TCP reset, no close frame). */
  dropNewest(venue: StreamVenue): void {
    const newest = [...this.sockets].filter((s) => s.venue === venue).sort((a, b) => b.id - a.id)[0];
    newest?.ws.terminate();
  }

  /** silence makes the currently open sockets of a venue alive but silent; new sockets are normal. */
  silence(venue: StreamVenue): void {
    for (const s of this.sockets) if (s.venue === venue) s.silent = true;
  }

  /** open counts the currently open sockets of a venue. */
  open(venue: StreamVenue): number {
    return [...this.sockets].filter((s) => s.venue === venue).length;
  }

  /** close stops the canary and cuts every socket. */
  close(): void {
    clearInterval(this.timer);
    for (const s of this.sockets) s.ws.terminate();
    this.wss.close();
  }

  private subscribed(venue: StreamVenue, topic: string | null): FakeSocket[] {
    return [...this.sockets].filter((s) => s.venue === venue && !s.silent && (topic === null ? s.topics.size > 0 : s.topics.has(topic)));
  }

  private send(s: FakeSocket, text: string): void {
    const mode = this.mode.get(s.venue) ?? {};
    if (mode.reorder) {
      const held = this.held.get(s.venue) ?? [];
      held.push([String(s.id), text]);
      this.held.set(s.venue, held);
      return;
    }
    s.ws.send(text);
    if (mode.duplicate) s.ws.send(text);
  }

  private canary(): void {
    for (const s of this.sockets) if (!s.silent && s.topics.has('canary')) s.ws.send(JSON.stringify(canaryFrame(s.venue, this.price(), this.now())));
  }
}
