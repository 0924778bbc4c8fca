import type { IncomingMessage, ServerResponse } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.js';
import { fail, ok, type Params, type Reply } from './state.js';

/** MAX_BODY_BYTES caps a request body (uploads are at most 10 MB at Telegram; 50 MB for other files). */
const MAX_BODY_BYTES = 60 * 1024 * 1024;

/** Update is a queued Bot API update. */
export type Update = Record<string, unknown> & { update_id: number };

/** MAX_UPDATES_LIMIT: getUpdates `limit` is 1–100 (https://core.telegram.org/bots/api#getupdates). */
export const MAX_UPDATES_LIMIT = 100;

/** parseParams reads a call's fields from the query, JSON, urlencoded or multipart body (numbers arrive as strings in the last two). */
export function parseParams(req: IncomingMessage, body: Buffer, url: URL): Params {
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

/** readBody collects a request body, refusing one over MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** send writes a Reply as JSON (no-op on a closed response). */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

/**
 * UpdateQueue holds the updates not yet confirmed and serves getUpdates: updates below `offset` are confirmed
 * and dropped, an empty long poll is held (capped at holdMs) until an update arrives.
 */
export class UpdateQueue {
  private queue: Update[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly holdMs: number) {}

  /** pending are the updates not yet confirmed. */
  get pending(): readonly Update[] {
    return this.queue;
  }

  /** push queues an update and releases a held poll. */
  push(update: Update): void {
    this.queue.push(update);
    this.wake();
  }

  /** take removes and returns every pending update (for webhook delivery). */
  take(): Update[] {
    const all = this.queue;
    this.queue = [];
    return all;
  }

  /** drop forgets the pending updates (drop_pending_updates). */
  drop(): void {
    this.queue = [];
  }

  /** wake answers every held poll now (on push and on stop). */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** getUpdates confirms updates below `offset`, then answers pending ones or holds the poll until one arrives. */
  getUpdates({ fields }: Params, res: ServerResponse, webhookActive: boolean): void {
    if (webhookActive) return send(res, fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
    const offset = Number(fields.offset ?? 0);
    const limit = Math.min(MAX_UPDATES_LIMIT, Number(fields.limit ?? MAX_UPDATES_LIMIT));
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
