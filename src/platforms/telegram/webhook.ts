import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** SECRET_HEADER carries setWebhook's secret_token on every webhook POST (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** SECRET_TOKEN_SHAPE is what Telegram accepts as secret_token: 1–256 of A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
/** MAX_WEBHOOK_BODY_BYTES caps an update body; real updates are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** TelegramWebhookConfig is where the bot listens for updates, and the public URL registered with setWebhook (if any). */
export interface TelegramWebhookConfig {
  port: number;
  path: string;
  secretToken: string;
  host?: string;
  /** The https URL Telegram should POST to; when set, start() calls setWebhook with it and the secret. */
  url?: string;
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

async function readCapped(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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

/** webhookHandler checks the secret first (403 before any byte of the body is read), then method, path and size. */
async function webhookHandler(cfg: TelegramWebhookConfig, handle: (update: Record<string, unknown>) => Promise<void>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!secretMatches(req.headers[SECRET_HEADER], cfg.secretToken)) return answer(res, 403, 'Forbidden', true);
  if (req.method !== 'POST') return answer(res, 405, 'Method Not Allowed', true, { allow: 'POST' });
  if (new URL(req.url ?? '/', 'http://localhost').pathname !== cfg.path) return answer(res, 404, 'Not Found', true);
  if (Number(req.headers['content-length'] ?? 0) > MAX_WEBHOOK_BODY_BYTES) return answer(res, 413, 'Payload Too Large', true);
  let body: Buffer;
  try {
    body = await readCapped(req, MAX_WEBHOOK_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return answer(res, 413, 'Payload Too Large', true);
    throw err;
  }
  const update = parseUpdate(body);
  if (!update) return answer(res, 400, 'Bad Request: not a Telegram update');
  await handle(update);
  answer(res, 200, 'OK');
}

/** createWebhookServer serves Telegram webhook POSTs on `cfg.path`, handing each parsed update to `handle`. */
export function createWebhookServer(cfg: TelegramWebhookConfig, handle: (update: Record<string, unknown>) => Promise<void>, onError: (err: unknown) => void): Server {
  return createServer((req, res) => {
    webhookHandler(cfg, handle, req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) answer(res, 500, 'Internal Server Error', true);
      else res.destroy();
    });
  });
}
