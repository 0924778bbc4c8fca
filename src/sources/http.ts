import http from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from './backoff.js';
import { SourceError, SourceRejected, SourceUnavailable } from './errors.js';

/** CONNECT_TIMEOUT_MS bounds connecting to a venue (reliability-and-limits.md §6.3 F3: 5 s connect / 10 s total). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** TOTAL_TIMEOUT_MS bounds a whole venue call, body included (§6.3 F3). */
export const TOTAL_TIMEOUT_MS = 10_000;
/** MAX_BODY_BYTES caps a response body; a bigger one is refused unread (F1 lists a 10 MB body). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** USER_AGENT is sent on every call: Yahoo throttles missing or old user agents (market-data-apis.md §10.4). */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 cascade-bot';

/** HttpRequest is one venue call. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** HttpOpts are the timeouts and limits of a call (tests shorten them), plus the clock for Retry-After dates. */
export interface HttpOpts {
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxBodyBytes?: number;
  now?: () => number;
}

/** HttpClient is the seam pollers call: it resolves with decoded JSON or rejects with a SourceError. */
export type HttpClient = (source: string, req: HttpRequest, opts?: HttpOpts) => Promise<unknown>;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** requestJson performs one venue call with timeouts and classifies every failure as a SourceError (never echoing the query string). */
export const requestJson: HttpClient = async (source, req, opts = {}) => {
  const raw = await send(source, req, opts);
  return decode(source, raw, (opts.now ?? Date.now)());
};

function send(source: string, req: HttpRequest, opts: HttpOpts): Promise<Raw> {
  const url = new URL(req.url);
  const where = `${req.method} ${url.pathname}`;
  const mod = url.protocol === 'https:' ? https : http;
  const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  return new Promise<Raw>((resolve, reject) => {
    const fail = (e: SourceError) => {
      clearTimeout(total);
      r.destroy();
      reject(e);
    };
    const headers = { accept: 'application/json', 'user-agent': USER_AGENT, ...(req.body ? { 'content-type': 'application/json' } : {}), ...req.headers };
    const r = mod.request(url, { method: req.method, headers, agent: false });
    const total = setTimeout(() => fail(new SourceUnavailable(source, 'timeout', `${source}: ${where} took longer than ${opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS} ms`)), opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS);
    r.on('socket', (sock) => {
      if (!sock.connecting) return;
      const t = setTimeout(() => fail(new SourceUnavailable(source, 'timeout', `${source}: could not connect for ${where} within ${opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS} ms`)), opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      sock.once('connect', () => clearTimeout(t));
      sock.once('close', () => clearTimeout(t));
    });
    r.on('error', (err) => fail(new SourceUnavailable(source, 'network', `${source}: ${where} failed (${(err as NodeJS.ErrnoException).code ?? err.message})`, { cause: err })));
    r.on('response', (res) => collect(res, max, (body) => {
      clearTimeout(total);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
    }, (reason, message, cause) => fail(reason === 'body_too_large'
      ? new SourceRejected(source, reason, `${source}: ${where} ${message}`, { status: res.statusCode })
      : new SourceUnavailable(source, reason, `${source}: ${where} ${message}`, { cause }))));
    r.end(req.body);
  });
}

/** collect reads a response body up to `max` bytes. */
function collect(res: http.IncomingMessage, max: number, done: (body: string) => void, fail: (reason: 'body_too_large' | 'network', message: string, cause?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size > max) fail('body_too_large', `body over ${max} bytes`);
    else chunks.push(c);
  });
  res.on('error', (err) => fail('network', 'response broke off', err));
  res.on('end', () => {
    if (size <= max) done(Buffer.concat(chunks).toString('utf8'));
  });
}

function decode(source: string, raw: Raw, now: number): unknown {
  const { status } = raw;
  const retryAfterMs = parseRetryAfter(raw.headers['retry-after'] as string | undefined, now);
  if (status === 429) throw new SourceUnavailable(source, 'http_429', `${source}: rate limited (429)`, { status, retryAfterMs });
  if (status === 418) throw new SourceUnavailable(source, 'http_418', `${source}: IP banned (418)`, { status, retryAfterMs });
  if (status === 451) throw new SourceUnavailable(source, 'http_451', `${source}: unavailable from this location (451)`, { status });
  if (status >= 500) throw new SourceUnavailable(source, 'http_5xx', `${source}: server error (${status})`, { status });
  if (status < 200 || status >= 300) throw new SourceUnavailable(source, 'http_4xx', `${source}: request refused (${status})`, { status });
  const body = raw.body.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new SourceRejected(source, 'empty_body', `${source}: empty body (status ${status})`, { status });
  const type = String(raw.headers['content-type'] ?? '');
  if (body.startsWith('<') || type.includes('text/html')) throw new SourceRejected(source, 'html_body', `${source}: HTML page instead of JSON (status ${status})`, { status });
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new SourceRejected(source, 'bad_json', `${source}: truncated or invalid JSON (status ${status})`, { status, cause: err });
  }
}
