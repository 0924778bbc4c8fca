import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { limitsFor, RateLimiter, type LimitMode, type RateLimits } from './limits.js';
import { fail, METHODS, ok, type ChatMemberStatus, type FakeState, type Params, type Reply, type SentMessage } from './methods.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { chatOf } from './updates.js';

export { FAKE_BOT } from './updates.js';
export type { SentMessage } from './methods.js';

/** FAKE_TOKEN is a well-formed token the fake accepts by default. */
export const FAKE_TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_fake';
/** MAX_BODY_BYTES caps a request body (uploads are at most 10 MB at Telegram; 50 MB for other files). */
const MAX_BODY_BYTES = 60 * 1024 * 1024;
/** DEFAULT_HOLD_MS caps how long getUpdates holds an empty long poll (telegraf asks for 50 s). */
const DEFAULT_HOLD_MS = 1000;
/** CHAT_METHODS are the calls a scripted chat failure applies to. */
const CHAT_METHODS = new Set(['sendMessage', 'sendPhoto', 'editMessageText', 'editMessageCaption', 'sendChatAction', 'getChatMember', 'getChatAdministrators']);

/** ChatFailure is a scripted failure for one chat: the exact answers Telegram gives (reference §1.2). */
export type ChatFailure = 'kicked' | 'blocked' | 'not_found' | 'hang' | { migrateTo: number } | { status: number; description?: string; parameters?: Record<string, unknown> };

/** Update is a queued Bot API update. */
export type Update = Record<string, unknown> & { update_id: number };

/** FakeTelegramOptions configure the fake: the token it accepts, its clock, the long-poll cap and the rate limits. */
export interface FakeTelegramOptions {
  token?: string;
  now?: () => number;
  holdMs?: number;
  limits?: LimitMode | RateLimits;
}

interface Script {
  failure: ChatFailure;
  remaining: number;
  methods?: readonly string[];
}

/** failureReply is the answer to a scripted failure (null: hang). */
function failureReply(chatId: string, failure: ChatFailure): Reply | null {
  if (failure === 'hang') return null;
  if (failure === 'kicked') return fail(403, `Forbidden: bot was kicked from the ${chatOf(chatId).type === 'supergroup' ? 'supergroup' : 'group'} chat`);
  if (failure === 'blocked') return fail(403, 'Forbidden: bot was blocked by the user');
  if (failure === 'not_found') return fail(400, 'Bad Request: chat not found');
  if ('migrateTo' in failure) return fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: failure.migrateTo });
  return fail(failure.status, failure.description ?? STATUS_CODES[failure.status] ?? 'Server Error', failure.parameters);
}

function parseParams(req: IncomingMessage, body: Buffer, url: URL): Params {
  const type = req.headers['content-type'] ?? '';
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (type.startsWith('multipart/form-data')) {
    const parsed = parseMultipart(body, boundaryOf(type) ?? '');
    return { fields: { ...fields, ...parsed.fields }, files: parsed.files };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return { fields: { ...fields, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }, files: {} };
  const json = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  return { fields: { ...fields, ...json }, files: {} };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

/**
 * FakeTelegram is a local Bot API server for the real telegraf client (`telegram: { apiRoot: fake.apiRoot }`):
 * long-polled updates, strict HTML and length checks, published rate limits, scripted per-chat failures,
 * and a record of every accepted message.
 */
export class FakeTelegram {
  readonly token: string;
  apiRoot = '';
  readonly state: FakeState;
  readonly requests: Array<{ method: string; fields: Record<string, unknown>; time: number }> = [];
  private readonly holdMs: number;
  private server: Server | null = null;
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private readonly waiters = new Set<() => void>();
  private readonly scripts = new Map<string, Script>();

  constructor(opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? FAKE_TOKEN;
    this.holdMs = opts.holdMs ?? DEFAULT_HOLD_MS;
    const now = opts.now ?? Date.now;
    this.state = {
      now, messages: [], members: new Map(), commands: [], webhook: null, files: new Map(),
      limiter: new RateLimiter(now), counters: { parseErrors: 0, tooManyRequests: 0, nextMessageId: 1 },
    };
    this.setLimits(opts.limits ?? 'off');
  }

  /** messages are the accepted sends, in order, with their edits. */
  get messages(): SentMessage[] {
    return this.state.messages;
  }
  /** parseErrors counts `can't parse entities` answers. */
  get parseErrors(): number {
    return this.state.counters.parseErrors;
  }
  /** tooManyRequests counts 429 answers (limits and storms). */
  get tooManyRequests(): number {
    return this.state.counters.tooManyRequests;
  }
  /** pendingUpdates are the updates not yet confirmed by a getUpdates offset. */
  get pendingUpdates(): readonly Update[] {
    return this.queue;
  }

  /** start listens on 127.0.0.1, a free port; apiRoot ends with a slash (telegraf resolves methods relative to it). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.apiRoot = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  }

  /** stop answers held polls, drops hung requests and closes the server. */
  async stop(): Promise<void> {
    for (const w of [...this.waiters]) w();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** pushUpdate queues an update (update_id and a message_id assigned) and releases a held getUpdates. */
  pushUpdate(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    const message = update.message as Record<string, unknown> | undefined;
    if (message && !message.message_id) message.message_id = this.state.counters.nextMessageId++;
    this.queue.push({ ...update, update_id: id });
    for (const w of [...this.waiters]) w();
    return id;
  }

  /** failChat scripts a failure for a chat's calls (all chat methods, or `methods`), `times` times or until cleared. */
  failChat(chatId: string | number, failure: ChatFailure, opts: { times?: number; methods?: readonly string[] } = {}): void {
    this.scripts.set(String(chatId), { failure, remaining: opts.times ?? Infinity, methods: opts.methods });
  }

  /** clearFailures removes the scripted failures of one chat, or of all. */
  clearFailures(chatId?: string | number): void {
    if (chatId === undefined) this.scripts.clear();
    else this.scripts.delete(String(chatId));
  }

  /** setLimits makes the rate limits strict (published), loose (10×), off, or exactly `limits`. */
  setLimits(limits: LimitMode | RateLimits): void {
    this.state.limiter.limits = typeof limits === 'string' ? limitsFor(limits) : { ...limits };
  }

  /** storm makes the next `count` sends to a chat answer 429 `retry after N`, whatever the limits. */
  storm(chatId: string | number, count: number, retryAfter = 5): void {
    this.state.limiter.storm(String(chatId), count, retryAfter);
  }

  /** setMember scripts getChatMember for a user in a chat (default `member`). */
  setMember(chatId: string | number, userId: number, status: ChatMemberStatus): void {
    this.state.members.set(`${String(chatId)}:${userId}`, status);
  }

  /** sentTo lists the accepted messages to one chat. */
  sentTo(chatId: string | number): SentMessage[] {
    return this.state.messages.filter((m) => m.chatId === String(chatId));
  }

  /** calls lists the requests made to one method. */
  calls(method: string): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.method === method).map((r) => r.fields);
  }

  /** waitFor polls `probe` (every 10 ms, at most `timeoutMs`) until it returns a truthy value. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`FakeTelegram.waitFor: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(decodeURIComponent(url.pathname));
    if (!m) return send(res, fail(404, 'Not Found'));
    if (m[1] !== this.token) return send(res, fail(401, 'Unauthorized'));
    let params: Params;
    try {
      params = parseParams(req, await readBody(req), url);
    } catch (err) {
      return send(res, fail(400, `Bad Request: ${(err as Error).message}`));
    }
    const method = m[2];
    this.requests.push({ method, fields: params.fields, time: this.state.now() });
    if (method === 'getUpdates') return this.getUpdates(params, res);
    const scripted = this.scripted(method, params);
    if (scripted === null) return; // hung: answered never; dropped on socket close or stop()
    send(res, scripted ?? METHODS[method]?.(this.state, params) ?? fail(404, 'Not Found: method not found'));
  }

  /** scripted returns the scripted failure for this call (null: hang; undefined: none). */
  private scripted(method: string, params: Params): Reply | null | undefined {
    if (!CHAT_METHODS.has(method)) return undefined;
    const chatId = String(params.fields.chat_id);
    const script = this.scripts.get(chatId);
    if (!script || (script.methods && !script.methods.includes(method))) return undefined;
    if (--script.remaining <= 0) this.scripts.delete(chatId);
    return failureReply(chatId, script.failure);
  }

  /** getUpdates confirms updates below `offset`, then answers pending ones or holds the poll until one arrives. */
  private getUpdates({ fields }: Params, res: ServerResponse): void {
    if (this.state.webhook) return send(res, fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
    const offset = Number(fields.offset ?? 0);
    const limit = Math.min(100, Number(fields.limit ?? 100));
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const answer = () => send(res, ok(this.queue.slice(0, limit)));
    const timeoutMs = Number(fields.timeout ?? 0) * 1000;
    if (this.queue.length > 0 || timeoutMs <= 0) return answer();
    const done = () => {
      clearTimeout(timer);
      this.waiters.delete(done);
      answer();
    };
    const timer = setTimeout(done, Math.min(timeoutMs, this.holdMs));
    this.waiters.add(done);
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters.delete(done);
    });
  }
}
