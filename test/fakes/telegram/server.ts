import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FakeClock } from '../clock.js';
import { ChatRegistry, type BotStatus, type ChatOptions } from './chats.js';
import { ChatFaults, type ChatFailure } from './faults.js';
import { inbox, sentTo, type InboxEntry } from './inspect.js';
import { limitsFor, RateLimiter, type LimitMode, type RateLimits } from './limits.js';
import { fail, METHODS, type ChatMemberStatus, type FakeState, type Params, type Reply, type SentMessage } from './methods.js';
import { parseParams, readBody, send, UpdateQueue, type Update } from './polling.js';
import { StarsLedger, type StarsOptions } from './stars.js';
import { FAKE_BOT, migrateFromMessage, migrateToMessage, myChatMemberUpdate } from './updates.js';
import { WebhookDriver, type WebhookDriverOptions } from './webhook.js';

export { FAKE_BOT } from './updates.js';
export type { SentMessage } from './methods.js';
export type { ChatFailure } from './faults.js';
export type { Update } from './polling.js';
export type { InboxEntry } from './inspect.js';

/** FAKE_TOKEN is a well-formed token the fake accepts by default. */
export const FAKE_TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_fake';
/** DEFAULT_HOLD_MS caps how long getUpdates holds an empty long poll (telegraf asks for 50 s). */
const DEFAULT_HOLD_MS = 1000;
/** EDIT_WINDOW_MS: messages in groups and channels can be edited for 48 h (issue 10; see edit.ts). */
export const EDIT_WINDOW_MS = 48 * 3600 * 1000;

/** FakeTelegramOptions configure the fake: token, clock, long-poll cap, rate limits, Stars, the edit window, webhook timings. */
export interface FakeTelegramOptions {
  token?: string;
  now?: () => number;
  holdMs?: number;
  limits?: LimitMode | RateLimits;
  stars?: StarsOptions;
  /** null: messages never become too old to edit. */
  editWindowMs?: number | null;
  webhook?: WebhookDriverOptions;
}

/**
 * FakeTelegram is a local Bot API server for the real telegraf client (`telegram: { apiRoot: fake.apiRoot }`)
 * that refuses what Telegram refuses: HTML and length rules, edits of the wrong kind, too old or unchanged, forum
 * topics and channel rights, flood limits (and paid broadcasts with a Stars balance), command menus per scope and
 * language; it serves updates by long poll or by webhook (with re-sends), and records every accepted message.
 */
export class FakeTelegram {
  readonly token: string;
  apiRoot = '';
  readonly state: FakeState;
  readonly clock: FakeClock;
  readonly chats: ChatRegistry;
  readonly stars: StarsLedger;
  readonly webhook: WebhookDriver;
  readonly faults: ChatFaults;
  readonly requests: Array<{ method: string; fields: Record<string, unknown>; time: number }> = [];
  private server: Server | null = null;
  private readonly updates: UpdateQueue;
  private readonly history = new Map<number, Update>();
  private nextUpdateId = 1;

  constructor(opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? FAKE_TOKEN;
    this.clock = new FakeClock(opts.now);
    this.updates = new UpdateQueue(opts.holdMs ?? DEFAULT_HOLD_MS);
    const counters = { parseErrors: 0, tooManyRequests: 0, nextMessageId: 1, tooManyByChat: new Map<string, number>() };
    this.chats = new ChatRegistry(() => counters.nextMessageId++);
    this.stars = new StarsLedger(opts.stars);
    this.state = {
      now: this.clock.now, messages: [], members: new Map(), commands: [], commandSets: new Map(), webhook: null, files: new Map(),
      limiter: new RateLimiter(this.clock.now), chats: this.chats, stars: this.stars, counters,
      editWindowMs: opts.editWindowMs === undefined ? EDIT_WINDOW_MS : opts.editWindowMs,
    };
    this.faults = new ChatFaults(this.chats);
    this.webhook = new WebhookDriver(this.state, (method, fields) => this.dispatch(method, { fields, files: {} }), opts.webhook);
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
  /** tooManyByChat counts the 429 answers each chat got. */
  tooManyFor(chatId: string | number): number {
    return this.state.counters.tooManyByChat.get(String(chatId)) ?? 0;
  }

  /** uploads counts the photos uploaded (each got a file_id; a send by file_id uploads nothing). */
  get uploads(): number {
    return this.state.files.size;
  }
  /** forgetFiles makes every file_id handed out so far unknown ("wrong file identifier"), as for another bot's ids. */
  forgetFiles(): void {
    this.state.files.clear();
  }
  /** tooManyRequests counts 429 answers (limits and storms). */
  get tooManyRequests(): number {
    return this.state.counters.tooManyRequests;
  }
  /** pendingUpdates are the updates not yet confirmed by a getUpdates offset (or not yet routed to a webhook). */
  get pendingUpdates(): readonly Update[] {
    return this.updates.pending;
  }

  /** start listens on 127.0.0.1, a free port; apiRoot ends with a slash (telegraf resolves methods relative to it). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.apiRoot = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  }

  /** stop answers held polls, stops webhook re-sends, drops hung requests and closes the server. */
  async stop(): Promise<void> {
    this.updates.wake();
    this.webhook.close();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** pushUpdate assigns update_id (and a message_id), then queues it for getUpdates or POSTs it to a routed webhook. */
  pushUpdate(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    for (const k of ['message', 'channel_post']) {
      const message = update[k] as Record<string, unknown> | undefined;
      if (message && !message.message_id) message.message_id = this.state.counters.nextMessageId++;
    }
    const u: Update = { ...update, update_id: id };
    this.history.set(id, u);
    if (this.webhook.deliverable) this.webhook.enqueue(u);
    else this.updates.push(u);
    return id;
  }

  /** redeliver sends an update again with the same update_id, as Telegram does after a slow or failed answer. */
  redeliver(updateId: number): void {
    const u = this.history.get(updateId);
    if (!u) throw new Error(`FakeTelegram.redeliver: no update ${updateId}`);
    if (this.webhook.deliverable) this.webhook.enqueue(u);
    else this.updates.push(u);
  }

  /** routeWebhook points the registered webhook URL at a local listener (http://127.0.0.1:PORT) and starts delivering. */
  routeWebhook(base: string): void {
    this.webhook.route(base, this.updates);
  }

  /** setBotStatus changes the bot's membership in a chat and sends the my_chat_member update; returns its update_id. */
  setBotStatus(chatId: number, status: BotStatus, rights: Pick<ChatOptions, 'canPostMessages' | 'canManageTopics'> = {}): number {
    const chat = this.chats.get(chatId);
    const old = chat.bot.status;
    chat.bot = { status, canPostMessages: rights.canPostMessages ?? status === 'administrator', canManageTopics: rights.canManageTopics ?? false };
    return this.pushUpdate(myChatMemberUpdate(chatId, old, status, undefined, this.chats.object(chatId)));
  }

  /**
   * migrateChat upgrades a group to a supergroup as Telegram does: the old chat gets a migrate_to_chat_id service
   * message, the new one a migrate_from_chat_id one, and calls to the old id answer 400 with migrate_to_chat_id.
   */
  migrateChat(groupId: number, supergroupId: number): void {
    this.chats.migrate(groupId, supergroupId);
    this.pushUpdate(migrateToMessage(groupId, supergroupId));
    this.pushUpdate(migrateFromMessage(supergroupId, groupId));
  }

  /** failChat scripts a failure for a chat's calls (all chat methods, or `methods`), `times` times or until cleared. */
  failChat(chatId: string | number, failure: ChatFailure, opts: { times?: number; methods?: readonly string[] } = {}): void {
    this.faults.set(chatId, failure, opts);
  }

  /** clearFailures removes the scripted failures of one chat, or of all. */
  clearFailures(chatId?: string | number): void {
    this.faults.clear(chatId);
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

  /** deleteMessage deletes a message as a user or admin would; later edits answer "message to edit not found". */
  deleteMessage(chatId: string | number, messageId: number): void {
    const m = this.state.messages.find((x) => x.chatId === String(chatId) && x.messageId === messageId);
    if (!m) throw new Error(`FakeTelegram.deleteMessage: no message ${messageId} in chat ${chatId}`);
    m.deleted = true;
  }

  /** sentTo lists the accepted messages to a chat; `threadId` narrows to one topic (null: outside any topic). */
  sentTo(chatId: string | number, opts: { threadId?: number | null } = {}): SentMessage[] {
    return sentTo(this.state, chatId, opts);
  }

  /** inbox is what a chat (or one topic) shows now: each live message's text or caption (as rendered), photo and edit count. */
  inbox(chatId: string | number, opts: { threadId?: number | null } = {}): InboxEntry[] {
    return inbox(this.state, chatId, opts);
  }

  /** commandsFor is the command menu stored for a scope (default {type: "default"}) and language ('' for all). */
  commandsFor(scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): Array<{ command: string; description: string }> | undefined {
    return [...this.state.commandSets.values()].find((s) => JSON.stringify(s.scope) === JSON.stringify(scope) && s.languageCode === languageCode)?.commands;
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
    if (method === 'getUpdates') {
      this.requests.push({ method, fields: params.fields, time: this.clock.now() });
      return this.updates.getUpdates(params, res, this.webhook.active);
    }
    const reply = this.dispatch(method, params);
    if (reply !== null) send(res, reply); // null: a scripted hang, dropped on socket close or stop()
  }

  /** dispatch records and answers one call (also a "webhook reply" the webhook driver hands over). */
  private dispatch(method: string, params: Params): Reply | null {
    this.requests.push({ method, fields: params.fields, time: this.clock.now() });
    const scripted = this.faults.answer(method, params);
    if (scripted !== undefined) return scripted;
    if (method === 'setWebhook') return this.webhook.setWebhook(params, this.updates);
    if (method === 'deleteWebhook') return this.webhook.deleteWebhook(params, this.updates);
    if (method === 'getWebhookInfo') return this.webhook.info(this.updates);
    return METHODS[method]?.(this.state, params) ?? fail(404, 'Not Found: method not found');
  }
}
