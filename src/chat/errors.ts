/**
 * PlatformErrorKind says what the caller can do about a failed platform call:
 * - `retry`: network error or 5xx; try again with backoff.
 * - `rate_limited`: 429; wait exactly `retryAfterMs`, then try again.
 * - `gone`: the bot was kicked/blocked or the chat does not exist; deactivate, never retry.
 * - `migrated`: a Telegram group became a supergroup; move the subscription to `migrateTo` and resend.
 * - `uneditable`: the message to edit was deleted or is too old to edit (Telegram: 48 h); post a new one instead.
 * - `unpaid`: a Telegram paid broadcast was refused for the bot's Stars balance; send it again at the free rate.
 * - `fatal`: a bug or a bad request (e.g. bad markup, bad token); do not retry.
 */
export type PlatformErrorKind = 'retry' | 'rate_limited' | 'gone' | 'migrated' | 'uneditable' | 'unpaid' | 'fatal';

import type { SendResult } from './platform.js';

/** PlatformError is every failure a ChatPlatform throws, classified once at the edge. */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  readonly retryAfterMs?: number;
  readonly migrateTo?: string;
  readonly status?: number;
  /** What a send or edit of several messages had already done when it failed (record it, so a retry does not post those again). */
  partial?: SendResult;

  constructor(
    kind: PlatformErrorKind,
    message: string,
    opts: { retryAfterMs?: number; migrateTo?: string; status?: number; cause?: unknown; partial?: SendResult } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'PlatformError';
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
    this.migrateTo = opts.migrateTo;
    this.status = opts.status;
    this.partial = opts.partial;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
