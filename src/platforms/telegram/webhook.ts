import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** SECRET_HEADER carries setWebhook's secret_token on every webhook POST (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** SECRET_TOKEN_SHAPE is what Telegram accepts as secret_token: 1–256 of A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
/** MAX_WEBHOOK_BODY_BYTES caps an update body; real updates are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** WEBHOOK_BODY_TIMEOUT_MS: a request whose body has not fully arrived by then is cut off (Telegram sends a few kilobytes at once; a trickle is an attack). */
export const WEBHOOK_BODY_TIMEOUT_MS = 5_000;
/** SEEN_UPDATES is how many recent update_ids are remembered: Telegram re-sends an update whose answer was slow or failed, with the same id. */
const SEEN_UPDATES = 10_000;

/** TelegramWebhookConfig is where the bot listens for updates, and the public URL registered with setWebhook (if any). */
export interface TelegramWebhookConfig {
  port: number;
  path: string;
  secretToken: string;
  host?: string;
  /** The https URL Telegram should POST to; when set, start() calls setWebhook with it and the secret. */
  url?: string;
  /** How long a request body may take to arrive (default WEBHOOK_BODY_TIMEOUT_MS). */
  bodyTimeoutMs?: number;
}

/**
 * UpdateOnce runs each update_id once (https://core.telegram.org/bots/api#getting-updates: the id lets you ignore
 * repeated updates). A copy that arrives while the first is running waits for it and answers as it does (so a
 * failure is still re-sent by Telegram and then handled); one that arrives after a success is answered at once.
 */
export class UpdateOnce {
  private readonly running = new Map<number, Promise<void>>();
  private readonly done = new Set<number>();

  /** run handles an update unless it was handled already; resolves or rejects as the (first) handling did. */
  async run(updateId: number, handle: () => Promise<void>): Promise<'handled' | 'repeat'> {
    if (this.done.has(updateId)) return 'repeat';
    const first = this.running.get(updateId);
    if (first) return first.then(() => 'repeat' as const);
    const p = handle();
    this.running.set(updateId, p);
    try {
      await p;
      this.done.add(updateId);
      if (this.done.size > SEEN_UPDATES) this.done.delete(this.done.values().next().value!);
      return 'handled';
    } finally {
      this.running.delete(updateId);
    }
  }
}

/** secretMatches compares the header with the secret in constant time (hashes first, so lengths never leak). */
export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** answer ends a request; a refused request's body is never read: the connection is closed instead. */
function answer(res: ServerResponse, status: number, text: string, close = false, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(close ? { connection: 'close' } : {}), ...headers }).end(text);
}

class BodyTooLarge extends Error {
  constructor() {
    super('update body over the limit');
    this.name = 'BodyTooLarge';
  }
}

class BodyTooSlow extends Error {
  constructor() {
    super('update body too slow');
    this.name = 'BodyTooSlow';
  }
}

/** readCapped reads a body of at most `max` bytes that arrives within `timeoutMs`. */
async function readCapped(req: IncomingMessage, max: number, timeoutMs: number): Promise<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTooSlow()), timeoutMs);
  });
  const read = (async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new BodyTooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  })();
  read.catch(() => undefined);
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** parseUpdate reads a JSON update (an object with a numeric update_id), or null. */
function parseUpdate(body: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { update_id?: unknown }).update_id === 'number' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** webhookHandler checks the secret first (403 before any byte of the body is read), then method, path, size and time; each update_id runs once. */
async function webhookHandler(cfg: TelegramWebhookConfig, handle: (update: Record<string, unknown>) => Promise<void>, once: UpdateOnce, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!secretMatches(req.headers[SECRET_HEADER], cfg.secretToken)) return answer(res, 403, 'Forbidden', true);
  if (req.method !== 'POST') return answer(res, 405, 'Method Not Allowed', true, { allow: 'POST' });
  if (new URL(req.url ?? '/', 'http://localhost').pathname !== cfg.path) return answer(res, 404, 'Not Found', true);
  if (Number(req.headers['content-length'] ?? 0) > MAX_WEBHOOK_BODY_BYTES) return answer(res, 413, 'Payload Too Large', true);
  let body: Buffer;
  try {
    body = await readCapped(req, MAX_WEBHOOK_BODY_BYTES, cfg.bodyTimeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof BodyTooLarge) return answer(res, 413, 'Payload Too Large', true);
    if (err instanceof BodyTooSlow) return void (answer(res, 408, 'Request Timeout', true), req.destroy());
    throw err;
  }
  const update = parseUpdate(body);
  if (!update) return answer(res, 400, 'Bad Request: not a Telegram update');
  await once.run(update.update_id as number, () => handle(update));
  answer(res, 200, 'OK');
}

/** createWebhookServer serves Telegram webhook POSTs on `cfg.path`, handing each parsed update to `handle` once per update_id. */
export function createWebhookServer(cfg: TelegramWebhookConfig, handle: (update: Record<string, unknown>) => Promise<void>, onError: (err: unknown) => void): Server {
  const once = new UpdateOnce();
  const limit = cfg.bodyTimeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS;
  // Node's own request timeout is a second lock (it is checked every connectionsCheckingInterval).
  return createServer({ requestTimeout: limit * 2, headersTimeout: limit, connectionsCheckingInterval: Math.min(limit, 1000) }, (req, res) => {
    webhookHandler(cfg, handle, once, req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) answer(res, 500, 'Internal Server Error', true);
      else res.destroy();
    });
  });
}
