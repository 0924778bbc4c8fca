import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

// The fake enforces the published limits (positioning-and-whales.md §1.3): 1,200 REST weight per minute per IP,
// 10 unique users across user-specific WebSocket subscriptions.
const LIGHT = new Set(['l2Book', 'allMids', 'clearinghouseState', 'orderStatus', 'spotClearinghouseState', 'exchangeStatus']);

/** fakeInfoWeight is the documented weight of an info request type (2, 60 for userRole, else 20). */
export function fakeInfoWeight(type: unknown): number {
  return typeof type === 'string' && LIGHT.has(type) ? 2 : type === 'userRole' ? 60 : 20;
}

/**
 * FakeHyperliquidLimits counts the REST weight the fake has served in the last minute (one IP: every test
 * client is 127.0.0.1) and answers 429 past 1,200, as the real API would.
 */
export class FakeHyperliquidLimits {
  /** served is every admitted request, oldest first. */
  readonly served: Array<{ at: number; weight: number; type: string; user?: string }> = [];
  /** refused counts the 429s the limit itself gave. */
  refused = 0;
  private from = 0;
  private sum = 0;

  constructor(readonly limit = 1_200) {}

  /** admit records a request of `type` at `now`, or says it is over the limit. */
  admit(type: string, now: number, user?: string): boolean {
    const weight = fakeInfoWeight(type);
    while (this.from < this.served.length && this.served[this.from].at <= now - 60_000) this.sum -= this.served[this.from++].weight;
    if (this.sum + weight > this.limit) {
      this.refused++;
      return false;
    }
    this.served.push({ at: now, weight, type, ...(user ? { user: user.toLowerCase() } : {}) });
    this.sum += weight;
    return true;
  }
}

interface HlSocket {
  ws: WebSocket;
  trades: Set<string>;
  users: Set<string>;
  bbo: boolean;
}

/**
 * FakeHyperliquidWs speaks Hyperliquid's WebSocket protocol on `/ws`: `{"method":"subscribe",…}` answered by
 * `subscriptionResponse`, `{"method":"ping"}` by `{"channel":"pong"}`, `trades` and `userFills` pushes (a
 * snapshot first), a `bbo` BTC canary, and an `error` when an eleventh unique user is subscribed.
 */
export class FakeHyperliquidWs {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<HlSocket>();
  private readonly timer: NodeJS.Timeout;
  /** connections counts every socket accepted. */
  connections = 0;
  /** errors are the `error` frames sent (for assertions). */
  readonly errors: string[] = [];

  constructor(private readonly snapshot: (user: string) => object[], canaryMs: number, private readonly now: () => number) {
    this.timer = setInterval(() => this.canary(), canaryMs);
  }

  /** upgrade accepts a socket on `/ws`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const s: HlSocket = { ws, trades: new Set(), users: new Set(), bbo: false };
      this.connections++;
      this.sockets.add(s);
      ws.on('close', () => this.sockets.delete(s));
      ws.on('error', () => this.sockets.delete(s));
      ws.on('message', (data) => this.onMessage(s, String(data)));
    });
  }

  /** uniqueUsers are the users subscribed across every open socket. */
  uniqueUsers(): Set<string> {
    return new Set([...this.sockets].flatMap((s) => [...s.users]));
  }

  /** pushTrades sends a `trades` push to the sockets following that coin. */
  pushTrades(coin: string, trades: object[]): void {
    for (const s of this.sockets) if (s.trades.has(coin)) s.ws.send(JSON.stringify({ channel: 'trades', data: trades }));
  }

  /** pushFills sends a live `userFills` push to the sockets following that user. */
  pushFills(user: string, fills: object[]): void {
    for (const s of this.sockets) if (s.users.has(user)) s.ws.send(JSON.stringify({ channel: 'userFills', data: { user, fills } }));
  }

  /** drop cuts every socket. */
  drop(): void {
    for (const s of this.sockets) s.ws.terminate();
  }

  /** open counts the open sockets. */
  open(): number {
    return this.sockets.size;
  }

  /** close stops the canary and cuts every socket. */
  close(): void {
    clearInterval(this.timer);
    this.drop();
    this.wss.close();
  }

  private onMessage(s: HlSocket, text: string): void {
    let msg: { method?: string; subscription?: { type?: string; coin?: string; user?: string } };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.method === 'ping') return s.ws.send(JSON.stringify({ channel: 'pong' }));
    const sub = msg.subscription;
    if (msg.method !== 'subscribe' || !sub) return;
    if (sub.type === 'userFills' && sub.user) {
      const user = sub.user.toLowerCase();
      if (!this.uniqueUsers().has(user) && this.uniqueUsers().size >= 10) return this.error(s, 'Cannot track more than 10 total users.');
      s.users.add(user);
    } else if (sub.type === 'trades' && sub.coin) s.trades.add(sub.coin);
    else if (sub.type === 'bbo') s.bbo = true;
    else return this.error(s, `Invalid subscription ${JSON.stringify(sub)}`);
    s.ws.send(JSON.stringify({ channel: 'subscriptionResponse', data: { method: 'subscribe', subscription: sub } }));
    if (sub.type === 'userFills' && sub.user) s.ws.send(JSON.stringify({ channel: 'userFills', data: { user: sub.user.toLowerCase(), isSnapshot: true, fills: this.snapshot(sub.user.toLowerCase()) } }));
  }

  private error(s: HlSocket, text: string): void {
    this.errors.push(text);
    s.ws.send(JSON.stringify({ channel: 'error', data: text }));
  }

  private canary(): void {
    const time = this.now();
    const bbo = { coin: 'BTC', time, bbo: [{ px: '64999.0', sz: '1.2', n: 3 }, { px: '65001.0', sz: '0.8', n: 2 }] };
    for (const s of this.sockets) if (s.bbo) s.ws.send(JSON.stringify({ channel: 'bbo', data: bbo }));
  }
}
