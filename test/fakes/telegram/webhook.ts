import type { UpdateQueue, Update } from './polling.js';
import { fail, flag, jsonField, ok, type FakeState, type Params, type Reply } from './state.js';

/** WEBHOOK_PORTS: "Webhook can be set up only on ports 80, 88, 443 or 8443" (tdlib/telegram-bot-api WebhookActor.cpp). */
export const WEBHOOK_PORTS = [443, 80, 88, 8443];
/** DEFAULT_MAX_CONNECTIONS: setWebhook max_connections defaults to 40 (https://core.telegram.org/bots/api#setwebhook). */
export const DEFAULT_MAX_CONNECTIONS = 40;
/** MAX_CONNECTIONS: max_connections is 1–100 (https://core.telegram.org/bots/api#setwebhook). */
export const MAX_CONNECTIONS = 100;
/** SECRET_TOKEN: 1–256 characters, only A-Z, a-z, 0-9, _ and - (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
/** SECRET_HEADER carries secret_token on every webhook POST (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';
/**
 * DEFAULT_ANSWER_TIMEOUT_MS: how long the fake waits for a webhook answer before it counts the delivery as failed
 * and re-sends. Telegram's own figure is unpublished; 10 s is grammY's webhook default, chosen because Telegram
 * re-sends a slow answer (https://grammy.dev/ref/core/webhookoptions).
 */
export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;
/** DEFAULT_RETRY_BASE_MS: a failed update is re-sent at once, then after doubling delays (WebhookActor.cpp on_update_error). */
export const DEFAULT_RETRY_BASE_MS = 1000;
/** DEFAULT_RETRY_MAX_MS: the delay stops doubling at WEBHOOK_MAX_RESEND_TIMEOUT = 60 s (WebhookActor.h). */
export const DEFAULT_RETRY_MAX_MS = 60_000;

/** WebhookDriverOptions shrink the timings for tests. */
export interface WebhookDriverOptions {
  answerTimeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Give up on an update after this many failed attempts (Telegram: "after a reasonable amount of attempts"). */
  maxAttempts?: number;
}

/** WebhookAttempt is one POST of an update to the webhook: its HTTP status, or the network error / timeout. */
export interface WebhookAttempt {
  updateId: number;
  attempt: number;
  status: number | null;
  error?: string;
  ms: number;
}

interface Pending {
  update: Update;
  tries: number;
}

/** chatKeyOf groups updates per chat: Telegram delivers one chat's updates in order, chats in parallel (WebhookActor queues). */
function chatKeyOf(u: Update): string {
  for (const k of ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'my_chat_member', 'chat_member']) {
    const chat = (u[k] as { chat?: { id?: unknown } } | undefined)?.chat;
    if (chat?.id !== undefined) return String(chat.id);
  }
  return `update-${u.update_id}`;
}

/** checkUrl applies setWebhook's URL rules (WebhookActor.cpp: HTTPS only, four ports). */
function checkUrl(raw: string): Reply | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(400, 'Bad Request: bad webhook: Failed to parse URL');
  }
  if (url.protocol !== 'https:') return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  if (!WEBHOOK_PORTS.includes(Number(url.port || 443))) return fail(400, 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
  return null;
}

/**
 * WebhookDriver plays Telegram's side of webhook mode: setWebhook/deleteWebhook/getWebhookInfo, and delivery of
 * updates by POST with the secret header, one chat's updates in order, re-sent after a non-2xx answer, an error or
 * a slow answer. Telegram can only reach an https URL; a test routes the registered URL to a local listener with
 * route(base) (the path of the registered URL is kept).
 */
export class WebhookDriver {
  target: string | null = null;
  readonly attempts: WebhookAttempt[] = [];
  lastError: { date: number; message: string } | null = null;
  private readonly queues = new Map<string, { items: Pending[]; wakeAt: number; busy: boolean }>();
  private inFlight = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly st: FakeState, private readonly execute: (method: string, fields: Record<string, unknown>) => void, private readonly opts: WebhookDriverOptions = {}) {}

  /** pending counts updates not yet accepted by the webhook. */
  get pending(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.items.length, 0);
  }

  /** setWebhook validates and stores the webhook; queued updates start flowing if the URL is routed. */
  setWebhook({ fields: f }: Params, queue: UpdateQueue): Reply {
    const url = String(f.url ?? '');
    if (url === '') return this.deleteWebhook({ fields: f, files: {} }, queue);
    const bad = checkUrl(url);
    if (bad) return bad;
    const secret = f.secret_token === undefined ? undefined : String(f.secret_token);
    if (secret !== undefined && !SECRET_TOKEN.test(secret)) return fail(400, 'Bad Request: secret token contains unallowed characters');
    const maxConnections = f.max_connections === undefined ? DEFAULT_MAX_CONNECTIONS : Number(f.max_connections);
    if (!(maxConnections >= 1 && maxConnections <= MAX_CONNECTIONS)) return fail(400, 'Bad Request: max_connections must be between 1 and 100');
    if (flag(f.drop_pending_updates)) this.dropAll(queue);
    const allowed = jsonField(f.allowed_updates);
    this.st.webhook = { url, ...(secret ? { secretToken: secret } : {}), maxConnections, ...(Array.isArray(allowed) ? { allowedUpdates: allowed as string[] } : {}) };
    this.flush(queue);
    return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
  }

  /** deleteWebhook removes the webhook; undelivered updates go back to getUpdates unless dropped. */
  deleteWebhook({ fields: f }: Params, queue: UpdateQueue): Reply {
    const undelivered = [...this.queues.values()].flatMap((q) => q.items.map((p) => p.update));
    this.queues.clear();
    if (flag(f.drop_pending_updates)) queue.drop();
    else for (const u of undelivered.sort((a, b) => a.update_id - b.update_id)) queue.push(u);
    this.st.webhook = null;
    return { status: 200, body: { ok: true, result: true, description: 'Webhook was deleted' } };
  }

  /** info answers getWebhookInfo (https://core.telegram.org/bots/api#webhookinfo). */
  info(queue: UpdateQueue): Reply {
    const w = this.st.webhook;
    if (!w) return ok({ url: '', has_custom_certificate: false, pending_update_count: queue.pending.length });
    return ok({
      url: w.url, has_custom_certificate: false, pending_update_count: this.pending + queue.pending.length, max_connections: w.maxConnections,
      ...(w.allowedUpdates ? { allowed_updates: w.allowedUpdates } : {}),
      ...(this.lastError ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message } : {}),
    });
  }

  /** route makes deliveries go to `base` (e.g. http://127.0.0.1:PORT) and starts sending what is queued. */
  route(base: string, queue: UpdateQueue): void {
    this.target = base.replace(/\/$/, '');
    this.flush(queue);
  }

  /** active: a webhook is set (getUpdates answers 409). */
  get active(): boolean {
    return this.st.webhook !== null;
  }

  /** deliverable: a webhook is set and routed, so pushed updates are POSTed instead of queued. */
  get deliverable(): boolean {
    return this.st.webhook !== null && this.target !== null;
  }

  /** enqueue delivers an update (again, for a re-delivery: the same update_id). */
  enqueue(update: Update): void {
    const key = chatKeyOf(update);
    const q = this.queues.get(key) ?? { items: [], wakeAt: 0, busy: false };
    q.items.push({ update, tries: 0 });
    this.queues.set(key, q);
    this.pump();
  }

  /** close stops retries and timers. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private flush(queue: UpdateQueue): void {
    if (this.deliverable) for (const u of queue.take()) this.enqueue(u);
  }

  private dropAll(queue: UpdateQueue): void {
    this.queues.clear();
    queue.drop();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private pump(): void {
    const max = this.st.webhook?.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    for (const q of this.queues.values()) {
      if (this.closed || !this.deliverable || this.inFlight >= max) return;
      if (q.busy || q.items.length === 0 || q.wakeAt > Date.now()) continue;
      q.busy = true;
      this.inFlight += 1;
      void this.post(q.items[0]).then((delay) => {
        q.busy = false;
        this.inFlight -= 1;
        if (delay === null) q.items.shift();
        else {
          q.wakeAt = Date.now() + delay;
          // A timer may fire a millisecond before Date.now() reaches wakeAt: clear it rather than compare again.
          this.later(delay, () => {
            q.wakeAt = 0;
            this.pump();
          });
        }
        this.pump();
      });
    }
  }

  /** post sends one update; resolves null when accepted (or given up), else the re-send delay in ms. */
  private async post(p: Pending): Promise<number | null> {
    p.tries += 1;
    const started = Date.now();
    const w = this.st.webhook!;
    const url = new URL(w.url);
    const record = (status: number | null, error?: string) => this.attempts.push({ updateId: p.update.update_id, attempt: p.tries, status, ...(error ? { error } : {}), ms: Date.now() - started });
    try {
      const res = await fetch(`${this.target}${url.pathname}${url.search}`, {
        method: 'POST', body: JSON.stringify(p.update), signal: AbortSignal.timeout(this.opts.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS),
        headers: { 'content-type': 'application/json', ...(w.secretToken ? { [SECRET_HEADER]: w.secretToken } : {}) },
      });
      const body = await res.text();
      record(res.status);
      if (res.status >= 200 && res.status <= 299) return this.accepted(body);
      return this.failed(p, `Wrong response from the webhook: ${res.status} ${res.statusText}`, Number(res.headers.get('retry-after') ?? 0));
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      const message = timeout ? 'Read timeout expired' : `Connection failed: ${(err as Error).message}`;
      record(null, message);
      return this.failed(p, message, 0);
    }
  }

  /** accepted runs a "webhook reply" (a method call in the 2xx body), as the Bot API does. */
  private accepted(body: string): null {
    const call = jsonField(body) as Record<string, unknown> | undefined;
    if (call && typeof call === 'object' && typeof call.method === 'string') this.execute(call.method, call);
    return null;
  }

  private failed(p: Pending, message: string, retryAfterS: number): number | null {
    this.lastError = { date: Math.floor(this.st.now() / 1000), message };
    if (p.tries >= (this.opts.maxAttempts ?? 20)) return null;
    if (retryAfterS > 0) return retryAfterS * 1000;
    if (p.tries === 1) return 0;
    return Math.min(this.opts.retryMaxMs ?? DEFAULT_RETRY_MAX_MS, (this.opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 2 ** (p.tries - 2));
  }
}
