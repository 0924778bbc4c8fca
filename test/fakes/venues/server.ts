import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PayloadFault, FakeIndex } from './formats.js';
import { FakeHyperliquidLimits, FakeHyperliquidWs } from './hyperliquid.js';
import { FakePositioning } from './positioning.js';
import { answer, infoBody, routeOf, sendFault, type RestFault, type RestRoute, type RestState } from './rest.js';
import { FakeStreams } from './streams.js';

export type { RestFault, RestRoute } from './rest.js';
export type { StreamVenue, Mutator } from './streams.js';
export type { FakeLiq, FakeIndex } from './formats.js';

const PAYLOAD_FAULTS = new Set(['nan', 'junk', 'seconds', 'future']);

/**
 * FakeVenues is one scriptable fake of every venue on 127.0.0.1 (port 0): the REST routes at their real
 * paths and formats, and the WebSocket streams with their real subscribe/ack/ping protocols. A test sets
 * prices and indices, pushes liquidations, and injects faults per route or per stream.
 */
export class FakeVenues implements RestState {
  readonly prices = new Map<string, number>([['BTC', 65_000], ['ETH', 3_100], ['SOL', 140]]);
  readonly indices = new Map<string, FakeIndex>();
  coinglassBuckets: Array<{ time: number; long: number; short: number }> = [];
  /** 1-minute candle closes per asset, served by the klines/candles routes (issue 15 catch-up). */
  readonly candles = new Map<string, Array<[number, number]>>();
  coinglassKey = 'cg-test-key-0123456789';
  /** Assets Binance and Bybit list per N units (set PEPE → 1000 to serve 1000PEPEUSDT, as the real venues do). */
  readonly multiplied = new Map<string, number>();
  coinglassPlan: 'hobbyist' | 'startup' = 'startup';
  coinglassWhales: object[] = [];
  /** hits counts requests per route. */
  readonly hits = new Map<RestRoute, number>();
  /** positioning is the leverage and tracked-account state (open interest, funding, positions, fills). */
  readonly positioning = new FakePositioning(this.prices);
  /** hlLimits enforces Hyperliquid's 1,200 weight per minute (429 past it). */
  readonly hlLimits = new FakeHyperliquidLimits();
  streams!: FakeStreams;
  hyperliquid!: FakeHyperliquidWs;
  url = '';
  wsUrl = '';
  private server: Server | null = null;
  private readonly faults = new Map<RestRoute, { fault: RestFault; remaining: number }>();
  private readonly hung = new Set<ServerResponse>();

  constructor(private readonly opts: { canaryMs?: number; now?: () => number } = {}) {}

  /** now is the fake's clock (the wall clock unless a test injects one). */
  now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** start listens on 127.0.0.1 with a free port. */
  async start(): Promise<void> {
    this.streams = new FakeStreams(() => this.prices.get('BTC') ?? 1, this.opts.canaryMs ?? 50, () => this.now(), this.multiplied);
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.hyperliquid = new FakeHyperliquidWs((user) => this.positioning.fills.get(user) ?? [], this.opts.canaryMs ?? 50, () => this.now());
    this.server.on('upgrade', (req, socket, head) => (new URL(req.url ?? '/', 'http://x').pathname === '/ws' ? this.hyperliquid : this.streams).upgrade(req, socket, head));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
  }

  /** close ends hung requests, cuts sockets and stops listening. */
  async close(): Promise<void> {
    this.streams?.close();
    this.hyperliquid?.close();
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** fault makes a route misbehave for the next `times` requests (default: until cleared). */
  fault(route: RestRoute, fault: RestFault, times = Infinity): void {
    this.faults.set(route, { fault, remaining: times });
  }

  /** clearFaults makes every route answer well again. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** setIndex puts an instrument on the fake Yahoo (by Yahoo ticker, e.g. ^IXIC). */
  setIndex(ticker: string, x: Partial<FakeIndex> & { price: number; prevClose: number }): void {
    this.indices.set(ticker, { weekAgoClose: x.prevClose * 1.05, state: 'regular', asOf: this.now() - 60_000, withPreviousClose: false, ...x });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const r = routeOf(req.method ?? 'GET', url);
      if (!r) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      this.hits.set(r.route, (this.hits.get(r.route) ?? 0) + 1);
      const info = infoBody(body);
      if (r.route === 'hyperliquid.info' && !this.hlLimits.admit(String(info.type ?? ''), this.now(), typeof info.user === 'string' ? info.user : undefined)) {
        res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'rate limited' }));
        return;
      }
      const fault = this.takeFault(r.route);
      if (fault !== null && !PAYLOAD_FAULTS.has(fault as string)) {
        if (!sendFault(res, fault as Exclude<RestFault, PayloadFault>, r.route, this)) this.hung.add(res);
        return;
      }
      const out = answer(r.route, r.arg, req, this, fault as PayloadFault, body);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
    });
  }

  private takeFault(route: RestRoute): RestFault | null {
    const f = this.faults.get(route);
    if (!f) return null;
    if (--f.remaining <= 0) this.faults.delete(route);
    return f.fault;
  }
}
