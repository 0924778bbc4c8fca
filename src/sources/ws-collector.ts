import WebSocket from 'ws';
import { fullJitter, type BackoffOpts } from './backoff.js';
import type { SourceOutlet } from './outlet.js';
import type { WsFrame, WsVenue } from './ws-venue.js';

/** DEFAULT_MAX_CONNECTION_AGE_MS: venues cut a socket after 24 h (Binance, market-data-apis.md §2.1); we rotate 30 min early. */
export const DEFAULT_MAX_CONNECTION_AGE_MS = 23.5 * 3_600_000;
/** DEFAULT_SILENT_MS: a socket with no data or canary frame this long is dead even if it answers pings. */
export const DEFAULT_SILENT_MS = 10_000;
/** DEFAULT_READY_TIMEOUT_MS: a socket not subscribed (acks plus a first frame) within this is dropped. */
export const DEFAULT_READY_TIMEOUT_MS = 10_000;
/** RECONNECTS_PER_WINDOW: at most 30 connection attempts per RECONNECT_WINDOW_MS (reliability §6.3 F3; Binance allows 300 per 5 min). */
export const RECONNECTS_PER_WINDOW = 30;
/** RECONNECT_WINDOW_MS is the sliding window of the reconnect cap: 5 min. */
export const RECONNECT_WINDOW_MS = 5 * 60_000;
/** STABLE_MS: a connection ready this long resets the backoff. */
export const STABLE_MS = 60_000;
/** RETIRE_GRACE_MS: a socket retired by a rotation that has not finished its close handshake by then is cut (ws waits 30 s). */
export const RETIRE_GRACE_MS = 5_000;

/** WsCollectorOpts are a stream collector's endpoint and tunables (tests shorten every period). */
export interface WsCollectorOpts {
  venue: WsVenue;
  baseUrl: string;
  symbols: readonly string[];
  now: () => number;
  maxAgeMs?: number;
  pingIntervalMs?: number;
  silentMs?: number;
  readyTimeoutMs?: number;
  maxConnectionAgeMs?: number;
  stableMs?: number;
  tickMs?: number;
  backoff?: BackoffOpts;
  reconnectsPerWindow?: number;
}

interface Conn {
  id: number;
  ws: WebSocket;
  openedAt: number;
  lastDataAt: number;
  lastPingAt: number;
  acks: number;
  frames: number;
  readyAt: number | null;
  retiring: boolean;
  retiredAt: number;
  /** The last socket error (a refused handshake says why here: "Unexpected server response: 451"). */
  lastError?: string;
}

/**
 * WsCollector keeps one venue stream subscribed: heartbeats, silent-socket detection, reconnect with full
 * jitter, make-before-break rotation before the venue's forced disconnect, and a gap recorded whenever
 * no subscribed socket was covering the stream. Duplicates from overlaps are dropped by the outlet.
 * Nothing it does throws.
 */
export class WsCollector {
  private readonly conns = new Set<Conn>();
  private nextId = 1;
  private attempt = 0;
  private attempts: number[] = [];
  private gapFrom: number | null = null;
  private nextRotationAt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private stopped = true;
  /** connections counts every socket opened (rotations and reconnects included). */
  connections = 0;

  constructor(private readonly outlet: SourceOutlet, private readonly opts: WsCollectorOpts) {}

  /** source is the venue this collector streams from. */
  get source(): string {
    return this.outlet.source;
  }

  /** start opens the first socket and the housekeeping timer. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.ticker = setInterval(() => this.tick(), this.opts.tickMs ?? 1_000);
    this.open('start');
  }

  /** stop closes every socket and timer; it resolves once the sockets are closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const closing = [...this.conns].map((c) => new Promise<void>((r) => (c.ws.readyState === WebSocket.CLOSED ? r() : (c.ws.once('close', () => r()), c.ws.terminate()))));
    await Promise.all(closing);
    this.conns.clear();
  }

  /** ready says whether a subscribed socket is covering the stream now. */
  get ready(): boolean {
    return [...this.conns].some((c) => c.readyAt !== null && !c.retiring);
  }

  private open(why: string): void {
    const now = this.opts.now();
    this.attempts = this.attempts.filter((t) => t > now - RECONNECT_WINDOW_MS).concat(now);
    this.connections++;
    const ws = new WebSocket(this.opts.venue.url(this.opts.baseUrl, this.opts.symbols), { handshakeTimeout: this.opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS });
    const conn: Conn = { id: this.nextId++, ws, openedAt: now, lastDataAt: now, lastPingAt: now, acks: 0, frames: 0, readyAt: null, retiring: false, retiredAt: 0 };
    this.conns.add(conn);
    ws.on('open', () => this.onOpen(conn, why));
    ws.on('message', (data, isBinary) => this.onMessage(conn, isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data)));
    ws.on('error', (err) => (conn.lastError = err.message.slice(0, 120)));
    ws.on('close', (code) => this.onClose(conn, code));
  }

  private onOpen(conn: Conn, why: string): void {
    const now = this.opts.now();
    Object.assign(conn, { openedAt: now, lastDataAt: now, lastPingAt: now });
    this.outlet.info({ conn: conn.id, why }, `socket open (${why})`);
    for (const msg of this.opts.venue.subscribe(this.opts.symbols)) conn.ws.send(msg);
  }

  private onMessage(conn: Conn, text: string): void {
    if (this.stopped) return;
    const now = this.opts.now();
    let frame: WsFrame;
    try {
      frame = this.opts.venue.classify(text, { now, maxAgeMs: this.opts.maxAgeMs });
    } catch (err) {
      frame = { type: 'bad', rejection: { reason: 'bad_shape', detail: `parser threw: ${(err as Error).message}`.slice(0, 120) } };
    }
    this.apply(conn, frame, now);
    this.checkReady(conn, now);
  }

  private apply(conn: Conn, frame: WsFrame, now: number): void {
    switch (frame.type) {
      case 'data':
        conn.lastDataAt = now;
        conn.frames++;
        this.outlet.deliver(frame.result, 'liquidation');
        return;
      case 'canary':
        conn.lastDataAt = now;
        conn.frames++;
        this.outlet.alive('liquidation');
        return;
      case 'ack':
        conn.acks++;
        return;
      case 'error':
        this.outlet.reject({ reason: 'venue_error', detail: frame.detail });
        return;
      case 'bad':
        this.outlet.reject(frame.rejection);
        return;
      default:
        return;
    }
  }

  private checkReady(conn: Conn, now: number): void {
    if (conn.readyAt !== null || conn.retiring || conn.frames < 1 || conn.acks < this.opts.venue.expectedAcks(this.opts.symbols)) return;
    conn.readyAt = now;
    if (this.gapFrom !== null) {
      this.outlet.gap(this.gapFrom, now);
      this.gapFrom = null;
    }
    // Make-before-break: the new socket is subscribed and delivering, so the older ones can go.
    for (const old of this.conns) {
      if (old === conn || old.retiring) continue;
      old.retiring = true;
      old.retiredAt = now;
      this.outlet.info({ conn: old.id, next: conn.id }, `rotated socket ${old.id} → ${conn.id} (make-before-break)`);
      old.ws.close(1000, 'rotation');
    }
  }

  /**
   * onClose handles every socket end. Each path leads back to a covering socket or to a counted failure:
   * a live socket's close is counted (`ws_closed`) and opens a gap if nothing else covers the stream, and
   * whenever no live socket is left a reconnect is scheduled, even while a retired one is still closing
   * (the make-before-break bug of issue 11: the new socket dying during the old one's close left silence).
   */
  private onClose(conn: Conn, code: number): void {
    this.conns.delete(conn);
    if (this.stopped) return;
    if (!conn.retiring) {
      const coveredBefore = conn.readyAt !== null;
      this.outlet.reject({ reason: 'ws_closed', detail: `socket ${conn.id}, code ${code}${conn.lastError ? `: ${conn.lastError}` : ''}` });
      if (coveredBefore && !this.ready) this.gapFrom ??= conn.lastDataAt;
      // A rotation socket that failed while the current one still covers: try the rotation again later.
      if (!coveredBefore && this.ready) this.nextRotationAt = this.opts.now() + fullJitter(++this.attempt, this.opts.backoff);
    }
    this.ensureLive();
  }

  /** ensureLive schedules a reconnect when no live (non-retiring) socket is open or opening. */
  private ensureLive(): void {
    if ([...this.conns].some((c) => !c.retiring)) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const now = this.opts.now();
    let delay = fullJitter(this.attempt++, this.opts.backoff);
    const max = this.opts.reconnectsPerWindow ?? RECONNECTS_PER_WINDOW;
    const recent = this.attempts.filter((t) => t > now - RECONNECT_WINDOW_MS);
    if (recent.length >= max) delay = Math.max(delay, recent[recent.length - max] + RECONNECT_WINDOW_MS - now);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open('reconnect');
    }, delay);
  }

  private tick(): void {
    const now = this.opts.now();
    for (const c of this.conns) this.tickConn(c, now);
    this.ensureLive();
    const current = [...this.conns].find((c) => c.readyAt !== null && !c.retiring);
    const rotating = [...this.conns].some((c) => c.readyAt === null);
    const maxAge = this.opts.maxConnectionAgeMs ?? DEFAULT_MAX_CONNECTION_AGE_MS;
    if (current && !rotating && now - current.openedAt >= maxAge && now >= this.nextRotationAt) this.open('rotation');
    if (current && now - (current.readyAt ?? now) >= (this.opts.stableMs ?? STABLE_MS)) this.attempt = 0;
  }

  private tickConn(c: Conn, now: number): void {
    if (c.retiring && now - c.retiredAt > RETIRE_GRACE_MS) c.ws.terminate();
    if (c.retiring || c.ws.readyState !== WebSocket.OPEN) return;
    if (now - c.lastDataAt > (this.opts.silentMs ?? DEFAULT_SILENT_MS)) {
      this.outlet.reject({ reason: 'ws_silent', detail: `no data on socket ${c.id} for ${now - c.lastDataAt} ms` });
      c.ws.terminate();
      return;
    }
    if (c.readyAt === null && now - c.openedAt > (this.opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS)) {
      this.outlet.reject({ reason: 'ws_not_ready', detail: `socket ${c.id}: ${c.acks} acks, ${c.frames} frames` });
      c.ws.terminate();
      return;
    }
    if (now - c.lastPingAt >= (this.opts.pingIntervalMs ?? this.opts.venue.pingIntervalMs)) {
      c.lastPingAt = now;
      const p = this.opts.venue.ping;
      if (p.kind === 'frame') c.ws.ping();
      else c.ws.send(p.text);
    }
  }
}
