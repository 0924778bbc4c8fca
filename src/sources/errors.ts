import type { RejectReason } from './types.js';

/**
 * SourceError is a failed venue call, classified once at the edge (ccxt's NetworkError/ExchangeError split):
 * `SourceUnavailable` is worth retrying later, `SourceRejected` is a payload we cannot use.
 */
export class SourceError extends Error {
  readonly source: string;
  readonly reason: RejectReason;
  readonly status?: number;

  constructor(source: string, reason: RejectReason, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SourceError';
    this.source = source;
    this.reason = reason;
    this.status = opts.status;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** SourceUnavailable is retryable: network, timeout, 429 (with its wait), 418/451 bans, 5xx. */
export class SourceUnavailable extends SourceError {
  /** How long the venue asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  constructor(source: string, reason: RejectReason, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(source, reason, message, opts);
    this.name = 'SourceUnavailable';
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** SourceRejected is final for this payload: HTML instead of JSON, an empty or truncated body, a venue error envelope. */
export class SourceRejected extends SourceError {
  constructor(source: string, reason: RejectReason, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(source, reason, message, opts);
    this.name = 'SourceRejected';
  }
}
