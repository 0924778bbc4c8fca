import type { RejectReason } from './types.js';

/** BACKOFF_BASE_MS is the first reconnect/retry ceiling (reliability-and-limits.md §6.3 F3: full jitter, 1 s → 30 s cap). */
export const BACKOFF_BASE_MS = 1_000;
/** BACKOFF_CAP_MS is the largest reconnect/retry ceiling (§6.3 F3). */
export const BACKOFF_CAP_MS = 30_000;
/** BAN_BACKOFF_MS is the least we wait after an HTTP 418 (Binance: IP auto-banned after ignoring 429s; market-data-apis.md §1). */
export const BAN_BACKOFF_MS = 120_000;
/** GEO_BLOCK_BACKOFF_MS is how long we leave a venue alone after HTTP 451 (restricted location; market-data-apis.md §0). */
export const GEO_BLOCK_BACKOFF_MS = 600_000;
/** MAX_RETRY_AFTER_MS caps a venue's Retry-After: an absurd value parks the venue for an hour, not for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** BackoffOpts tunes the waits (tests shorten them). */
export interface BackoffOpts {
  baseMs?: number;
  capMs?: number;
  banMs?: number;
  geoBlockMs?: number;
  random?: () => number;
}

/** fullJitter is AWS's "full jitter": a uniform wait in [0, min(cap, base × 2^attempt)). */
export function fullJitter(attempt: number, opts: BackoffOpts = {}): number {
  const base = opts.baseMs ?? BACKOFF_BASE_MS;
  const cap = opts.capMs ?? BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor((opts.random ?? Math.random)() * ceiling);
}

/** parseRetryAfter reads an HTTP Retry-After header (delta seconds or an HTTP date) as ms, capped; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}

/**
 * restBackoffMs is how long a REST source waits after its `failures`-th failure in a row: exactly the
 * venue's Retry-After when it gave one, at least BAN_BACKOFF_MS after a 418, GEO_BLOCK_BACKOFF_MS after
 * a 451, else full jitter.
 */
export function restBackoffMs(reason: RejectReason, failures: number, retryAfterMs: number | undefined, opts: BackoffOpts = {}): number {
  if (reason === 'http_429' && retryAfterMs !== undefined) return retryAfterMs;
  if (reason === 'http_418') return Math.max(retryAfterMs ?? 0, opts.banMs ?? BAN_BACKOFF_MS);
  if (reason === 'http_451') return opts.geoBlockMs ?? GEO_BLOCK_BACKOFF_MS;
  return Math.max(opts.baseMs ?? BACKOFF_BASE_MS, fullJitter(failures, opts));
}
