import type { MarketEvent } from '../market/types.js';
import { restBackoffMs, type BackoffOpts } from './backoff.js';
import { SourceError, SourceUnavailable } from './errors.js';
import { requestJson, type HttpClient, type HttpOpts, type HttpRequest } from './http.js';
import type { SourceOutlet } from './outlet.js';
import type { FeedKind, ParseCtx, ParseResult } from './types.js';

function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** RestCall is one request of a poll and the pure parser for its answer. */
export interface RestCall {
  req: HttpRequest;
  parse(payload: unknown, ctx: ParseCtx): ParseResult;
}

/** RestPollerOpts are a poller's seams and limits. */
export interface RestPollerOpts {
  feed: FeedKind;
  /** The calls of one poll (built from the configured base URL and followed symbols). */
  calls: () => RestCall[];
  http?: HttpClient;
  httpOpts?: HttpOpts;
  backoff?: BackoffOpts;
  now: () => number;
  maxAgeMs?: number;
}

/**
 * RestPoller runs one venue's REST calls on demand (a scheduled job or a timer calls `poll`). It honours
 * 429 Retry-After, backs off on 418/451/5xx/timeouts/garbage, reports every fault through the outlet,
 * and never throws.
 */
export class RestPoller {
  private blockedUntil = 0;
  private failures = 0;
  private inFlight: Promise<MarketEvent[]> | null = null;

  constructor(private readonly outlet: SourceOutlet, private readonly opts: RestPollerOpts) {}

  /** source is the venue this poller calls. */
  get source(): string {
    return this.outlet.source;
  }

  /** backingOffUntil is when the next call may go out (0 when not backing off). */
  get backingOffUntil(): number {
    return this.blockedUntil;
  }

  /**
   * poll makes one round of calls, unless the venue asked us to wait. New events go to the sink; the
   * promise resolves to the same events (already delivered: do not ingest them again).
   */
  poll(): Promise<MarketEvent[]> {
    if (this.opts.now() < this.blockedUntil) return Promise.resolve([]);
    this.inFlight ??= this.round().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async round(): Promise<MarketEvent[]> {
    const calls = this.opts.calls();
    const results = await Promise.all(calls.map((c) => this.one(c)));
    return results.flat();
  }

  private async one(call: RestCall): Promise<MarketEvent[]> {
    let payload: unknown;
    try {
      payload = await (this.opts.http ?? requestJson)(this.source, call.req, { ...this.opts.httpOpts, now: this.opts.now });
    } catch (err) {
      this.fault(err);
      return [];
    }
    const now = this.opts.now();
    let result: ParseResult;
    try {
      result = call.parse(payload, { now, maxAgeMs: this.opts.maxAgeMs });
    } catch (err) {
      // A parser bug must not take the collector down; report it as a shape problem.
      result = { events: [], rejected: [{ reason: 'bad_shape', detail: `parser threw: ${(err as Error).message}`.slice(0, 120) }] };
    }
    this.failures = 0;
    return this.outlet.deliver(result, this.opts.feed);
  }

  private fault(err: unknown): void {
    const e = err instanceof SourceError ? err : new SourceUnavailable(this.source, 'network', `${this.source}: call failed`, { cause: err });
    this.failures++;
    const retryAfterMs = e instanceof SourceUnavailable ? e.retryAfterMs : undefined;
    const waitMs = restBackoffMs(e.reason, this.failures, retryAfterMs, this.opts.backoff);
    this.blockedUntil = Math.max(this.blockedUntil, this.opts.now() + waitMs);
    const detail = retryAfterMs !== undefined ? `retry after ${duration(retryAfterMs)}` : `backing off ${duration(waitMs)}`;
    this.outlet.reject({ reason: e.reason, detail, ...(e.status !== undefined ? { status: e.status } : {}) });
  }
}
