import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../clock.js';
import { viewOf, type MessageView } from './attachments.js';
import { ChannelRegistry, type FakeChannel, type ThreadOptions } from './channels.js';
import { botUser, FAKE_IDS, interactionPayload, snowflake, type FakeGuild, type InteractOptions } from './fixtures.js';
import { FakeGateway } from './gateway.js';
import { apiError, BadBody, parseBody, readBody, sendReply, type ParsedBody, type Reply } from './http.js';
import { followup, interactionCallback, originalMessage } from './interactions.js';
import { FakeRateLimiter, type RateLimitConfig, type RateLimitMode, type RouteKind } from './ratelimit.js';
import { application, createMessage, editMessage, gatewayBot, getChannel, getCommands, putCommands } from './rest.js';
import { type FakeInteraction, type FakeState, type RecordedMessage } from './state.js';

/** FakeDiscordOptions: everything has a default; tokens are fake. */
export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guilds?: FakeGuild[];
  rateLimits?: RateLimitMode | RateLimitConfig;
  heartbeatIntervalMs?: number;
  /** Discord invalidates an unanswered interaction after 3 s (https://discord.com/developers/docs/interactions/receiving-and-responding). */
  interactionDeadlineMs?: number;
  /** How long `enforce_nonce` remembers a nonce ("the past few minutes" in the docs). */
  nonceWindowMs?: number;
  /** The fake's clock (default: real time); tests move it with fake.clock.advance(). */
  now?: () => number;
  /** Unknown channel ids answer 404 10003 instead of being served as text channels of the first guild. */
  strictChannels?: boolean;
  /** The bot holds MANAGE_THREADS (posts in locked threads, unarchives them). */
  botCanManageThreads?: boolean;
}

/** ScriptedFailure names the per-channel failures a test can script. */
export type ScriptedFailure = 'missing_access' | 'missing_permissions' | 'unknown_channel' | 'server_error' | { status: number; code: number; message: string };

const FAILURES: Record<Exclude<ScriptedFailure, object>, { status: number; code: number; message: string }> = {
  missing_access: { status: 403, code: 50001, message: 'Missing Access' },
  missing_permissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  unknown_channel: { status: 404, code: 10003, message: 'Unknown Channel' },
  server_error: { status: 500, code: 0, message: '500: Internal Server Error' },
};

interface Route {
  method: string;
  re: RegExp;
  /** Bot-token routes count toward the global limit; interaction and webhook routes neither need auth nor count. */
  auth: boolean;
  kind?: RouteKind;
  run(this: FakeDiscord, m: RegExpExecArray, body: ParsedBody, url: URL, now: number, method: string): Reply;
}

const ROUTES: Route[] = [
  { method: 'GET', re: /^\/gateway\/bot$/, auth: true, run() { return gatewayBot(this.gatewayUrl); } },
  { method: 'GET', re: /^\/users\/@me$/, auth: true, run() { return { status: 200, body: botUser(this.state.applicationId) }; } },
  { method: 'GET', re: /^\/applications\/@me$/, auth: true, run() { return application(this.state); } },
  { method: 'PUT', re: /^\/applications\/(\d+)\/commands$/, auth: true, run(m, b) { return putCommands(this.state, m[1], null, b.json); } },
  { method: 'GET', re: /^\/applications\/(\d+)\/commands$/, auth: true, run(_m, _b, u) { return getCommands(this.state, null, u.searchParams.get('with_localizations') === 'true'); } },
  { method: 'PUT', re: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, auth: true, run(m, b) { return putCommands(this.state, m[1], m[2], b.json); } },
  { method: 'GET', re: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, auth: true, run(m, _b, u) { return getCommands(this.state, m[2], u.searchParams.get('with_localizations') === 'true'); } },
  { method: 'GET', re: /^\/channels\/(\d+)$/, auth: true, run(m) { return getChannel(this.state, m[1]); } },
  { method: 'POST', re: /^\/channels\/(\d+)\/messages$/, auth: true, kind: 'message_create', run(m, b, _u, now) { return createMessage(this.state, m[1], b, now, (c) => this.threadEvent('THREAD_UPDATE', c)); } },
  { method: 'PATCH', re: /^\/channels\/(\d+)\/messages\/(\d+)$/, auth: true, kind: 'message_edit', run(m, b, _u, now) { return editMessage(this.state, m[1], m[2], b, now); } },
  { method: 'POST', re: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, auth: false, run(m, b, u, now) { return interactionCallback(this.state, m[1], m[2], b, u.searchParams.get('with_response') === 'true', now); } },
  { method: '*', re: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, auth: false, run(m, b, _u, _now, method) { return originalMessage(this.state, method, m[1], m[2], b); } },
  { method: 'POST', re: /^\/webhooks\/(\d+)\/([^/]+)$/, auth: false, run(m, b, _u, now) { return followup(this.state, m[1], m[2], b, now); } },
];

const API_PREFIX = '/api/v10';
/** Discord invalidates an unanswered interaction token after 3 s (https://discord.com/developers/docs/interactions/receiving-and-responding). */
const INTERACTION_DEADLINE_MS = 3000;
/** enforce_nonce: "a message with the same nonce … within the past few minutes" returns the original (https://discord.com/developers/docs/resources/message#create-message). */
const DEFAULT_NONCE_WINDOW_MS = 5 * 60_000;

/**
 * FakeDiscord is a local Discord (REST v10 + JSON gateway on one 127.0.0.1 port) that the real discord.js
 * Client and @discordjs/rest talk to. It enforces embed and command limits (400 50035), rate limits with
 * real headers, `enforce_nonce`, scripted per-channel failures, and records every message and interaction.
 */
export class FakeDiscord {
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  readonly guilds: FakeGuild[];
  readonly clock: FakeClock;
  readonly channels: ChannelRegistry;
  /** Every request: method, decoded path (no query), status. Never the Authorization header. */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  private server: Server | null = null;
  private port = 0;

  constructor(opts: FakeDiscordOptions = {}) {
    this.guilds = opts.guilds ?? [{ id: FAKE_IDS.guild, name: 'Crash Watch', channelIds: [FAKE_IDS.channel, FAKE_IDS.otherChannel] }];
    this.clock = new FakeClock(opts.now);
    this.channels = new ChannelRegistry(this.guilds, opts.strictChannels ?? false, this.clock.now);
    this.state = {
      token: opts.token ?? 'fake-discord-token', applicationId: opts.applicationId ?? FAKE_IDS.application,
      limiter: new FakeRateLimiter(opts.rateLimits ?? 'off'), messages: [], nonces: new Map(), nonceWindowMs: opts.nonceWindowMs ?? DEFAULT_NONCE_WINDOW_MS,
      failures: new Map(), counters: { mentionViolations: 0, formErrors: 0, nonceHits: 0, droppedImages: 0 }, interactions: new Map(),
      interactionDeadlineMs: opts.interactionDeadlineMs ?? INTERACTION_DEADLINE_MS, commands: { global: [], guilds: new Map() }, commandPuts: [],
      channels: this.channels, botCanManageThreads: opts.botCanManageThreads ?? false,
    };
    this.gateway = new FakeGateway({
      token: this.state.token, applicationId: this.state.applicationId, guilds: () => this.guilds,
      threads: (guildId) => this.channels.activeThreads(guildId).map((c) => this.channels.object(c)),
      url: () => this.gatewayUrl, heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    });
  }

  /** apiUrl is what to give discord.js as `rest.api` (it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get messages(): RecordedMessage[] {
    return this.state.messages;
  }

  /** start listens on 127.0.0.1, port 0 (a free port). */
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** setRateLimits switches between strict (Discord's), loose (10×), off, or a custom configuration. */
  setRateLimits(mode: RateLimitMode | RateLimitConfig): void {
    this.state.limiter.set(mode);
  }

  /** storm answers the next `count` requests on a channel with 429 and `retryAfterMs`. */
  storm(channelId: string, count: number, retryAfterMs: number, global = false): void {
    this.state.limiter.storm(channelId, count, retryAfterMs, global);
  }

  /** count429For is how many 429s one channel was answered. */
  count429For(channelId: string): number {
    return this.state.limiter.count429ByChannel.get(channelId) ?? 0;
  }

  /** count429 is every 429 answered so far, by cause. */
  get count429() {
    return this.state.limiter.count429;
  }

  /** failChannel scripts the next `times` requests on a channel to fail (default: until cleared). */
  failChannel(channelId: string, failure: ScriptedFailure, times = Number.POSITIVE_INFINITY): void {
    this.state.failures.set(channelId, { ...(typeof failure === 'string' ? FAILURES[failure] : failure), left: times });
  }

  clearFailures(): void {
    this.state.failures.clear();
  }

  /** interact dispatches a slash command over the gateway (INTERACTION_CREATE, with locale and guild_locale) and returns its record. */
  interact(o: InteractOptions): FakeInteraction {
    const id = snowflake();
    const token = `itok-${id}-${Math.random().toString(36).slice(2)}`;
    const commandId = [...this.state.commands.global, ...[...this.state.commands.guilds.values()].flat()].find((c) => c.name === o.command)?.id ?? snowflake();
    const channel = o.channelId && !o.dm ? this.channels.get(o.channelId) : undefined;
    const guild = this.guilds.find((g) => g.id === (o.guildId ?? FAKE_IDS.guild));
    const full = { ...o, guildLocale: o.guildLocale ?? guild?.preferredLocale };
    const d = interactionPayload(full, { id, token, appId: this.state.applicationId, commandId, ...(channel ? { channel: this.channels.object(channel) } : {}) });
    const rec: FakeInteraction = { id, token, channelId: d.channel_id, dispatchedAt: this.clock.now(), callbacks: [], original: null, originalEdits: 0, originalDeleted: false, followups: [], refusals: [] };
    this.state.interactions.set(id, rec);
    if (this.gateway.dispatch('INTERACTION_CREATE', d) === 0) throw new Error('no gateway client is connected');
    return rec;
  }

  /** addThread opens a thread under a text channel and announces it (THREAD_CREATE) to connected clients. */
  addThread(parentId: string, opts: ThreadOptions = {}): FakeChannel {
    const t = this.channels.addThread(parentId, opts);
    this.threadEvent('THREAD_CREATE', t);
    return t;
  }

  /** archiveThread archives (and optionally locks) a thread, or unarchives it, and sends THREAD_UPDATE. */
  archiveThread(threadId: string, archived = true, locked?: boolean): void {
    const t = this.channels.get(threadId);
    if (!t?.thread) throw new Error(`FakeDiscord.archiveThread: ${threadId} is not a live thread`);
    this.channels.setArchived(t, archived, locked);
    this.threadEvent('THREAD_UPDATE', t);
  }

  /** deleteThread deletes a thread (later calls: 404 Unknown Channel) and sends THREAD_DELETE. */
  deleteThread(threadId: string): void {
    const t = this.channels.get(threadId);
    if (!t?.thread) throw new Error(`FakeDiscord.deleteThread: ${threadId} is not a live thread`);
    t.deleted = true;
    this.gateway.dispatch('THREAD_DELETE', { id: t.id, guild_id: t.guildId, parent_id: t.parentId, type: t.type });
  }

  /** threadEvent dispatches THREAD_CREATE / THREAD_UPDATE with the thread's channel object. */
  threadEvent(t: 'THREAD_CREATE' | 'THREAD_UPDATE', c: FakeChannel): void {
    this.gateway.dispatch(t, { ...this.channels.object(c), ...(t === 'THREAD_CREATE' ? { newly_created: true } : {}) });
  }

  /** view is what readers of the channel see for a message: content, embeds with their images, loose files. */
  view(messageId: string): MessageView {
    const m = this.state.messages.find((x) => x.id === messageId) ?? [...this.state.interactions.values()].map((i) => i.original).find((x) => x?.id === messageId);
    if (!m) throw new Error(`FakeDiscord.view: no message ${messageId}`);
    return viewOf(m);
  }

  /** postedTo lists the messages accepted in a channel or thread, in order. */
  postedTo(channelId: string): RecordedMessage[] {
    return this.state.messages.filter((m) => m.channelId === channelId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
    const raw = await readBody(req);
    let reply: Reply;
    try {
      reply = await this.route(req, path, raw, url);
    } catch (err) {
      reply = err instanceof BadBody ? apiError(400, 50109, 'The request body contains invalid JSON.') : apiError(500, 0, '500: Internal Server Error');
    }
    this.requests.push({ method: req.method ?? '', path, status: reply.status });
    sendReply(res, reply);
  }

  private async route(req: IncomingMessage, path: string, raw: Buffer, url: URL): Promise<Reply> {
    const candidates = ROUTES.map((r) => ({ r, m: r.re.exec(path) })).filter((x) => x.m);
    if (candidates.length === 0) return apiError(404, 0, '404: Not Found');
    const hit = candidates.find((x) => x.r.method === req.method || x.r.method === '*');
    if (!hit) return apiError(405, 0, '405: Method Not Allowed');
    if (hit.r.auth && req.headers.authorization !== `Bot ${this.state.token}`) return apiError(401, 0, '401: Unauthorized');
    const major = /^\/channels\/(\d+)/.exec(path)?.[1] ?? null;
    const limit = this.state.limiter.check(hit.r.kind ?? null, major, hit.r.auth, this.clock.now());
    if (limit.refused) return { status: 429, body: limit.refused, headers: limit.headers };
    const reply = hit.r.run.call(this, hit.m!, await parseBody(req, raw), url, this.clock.now(), req.method ?? '');
    return { ...reply, headers: { ...limit.headers, ...(reply.headers ?? {}) } };
  }
}

/** waitFor polls `cond` every few ms until it holds, failing after `timeoutMs` (no fixed sleeps in tests). */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
