import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { botUser, guildCreate, type FakeGuild } from './fixtures.js';

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes). */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, hello: 10, heartbeatAck: 11 } as const;
/** Close code 4004: authentication failed (fatal for discord.js, no reconnect). */
const CLOSE_AUTH_FAILED = 4004;

interface Session {
  ws: WebSocket;
  seq: number;
  identified: boolean;
  id: string;
}

/** GatewayOptions: what the fake gateway answers with. */
export interface GatewayOptions {
  token: string;
  applicationId: string;
  guilds: () => FakeGuild[];
  /** The active threads of a guild, as channel objects (GUILD_CREATE `threads`). */
  threads: (guildId: string) => unknown[];
  /** Public URL (resume_gateway_url), e.g. ws://127.0.0.1:PORT/gateway. */
  url: () => string;
  heartbeatIntervalMs: number;
}

/** FakeGateway speaks Discord's JSON gateway (no compression): HELLO, heartbeat ACK, IDENTIFY → READY + GUILD_CREATE, RESUME, dispatches. */
export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  /** Paths clients connected on, with their query strings (discord.js adds `?v=10&encoding=json`). */
  readonly connections: string[] = [];
  heartbeats = 0;
  identifies = 0;

  constructor(private readonly opts: GatewayOptions) {}

  /** handleUpgrade takes an HTTP upgrade on any path under /gateway. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!req.url?.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    this.connections.push(req.url);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const s: Session = { ws, seq: 0, identified: false, id: `session-${this.connections.length}` };
    this.sessions.add(s);
    ws.on('close', () => this.sessions.delete(s));
    ws.on('message', (raw) => this.onMessage(s, raw.toString()));
    this.send(s, { op: OP.hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private send(s: Session, payload: unknown): void {
    if (s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(s: Session, t: string, d: unknown): void {
    s.seq += 1;
    this.send(s, { op: OP.dispatch, t, s: s.seq, d });
  }

  private onMessage(s: Session, raw: string): void {
    let msg: { op?: number; d?: any };
    try {
      msg = JSON.parse(raw);
    } catch {
      s.ws.close(4002, 'Decode error');
      return;
    }
    if (msg.op === OP.heartbeat) {
      this.heartbeats += 1;
      this.send(s, { op: OP.heartbeatAck });
    } else if (msg.op === OP.identify || msg.op === OP.resume) {
      if (msg.d?.token !== this.opts.token) {
        s.ws.close(CLOSE_AUTH_FAILED, 'Authentication failed.');
        return;
      }
      if (msg.op === OP.resume) {
        s.identified = true;
        s.seq = Number(msg.d.seq) || 0;
        this.sendDispatch(s, 'RESUMED', {});
        return;
      }
      this.identify(s);
    }
  }

  private identify(s: Session): void {
    this.identifies += 1;
    s.identified = true;
    const guilds = this.opts.guilds();
    this.sendDispatch(s, 'READY', {
      v: 10, user: botUser(this.opts.applicationId), guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: s.id, resume_gateway_url: this.opts.url(), shard: [0, 1],
      application: { id: this.opts.applicationId, flags: 0 },
    });
    for (const g of guilds) this.sendDispatch(s, 'GUILD_CREATE', guildCreate(g, this.opts.applicationId, this.opts.threads(g.id)));
  }

  /** dispatch sends an event to every identified session; returns how many received it. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const s of this.sessions) {
      if (!s.identified) continue;
      this.sendDispatch(s, t, d);
      n += 1;
    }
    return n;
  }

  /** ready is the number of identified sessions. */
  get ready(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** close drops every client and stops accepting. */
  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
