import { PlatformError } from '../../chat/errors.js';
import type { SendResult } from '../../chat/platform.js';

/** PART_TRIES bounds the tries of a later part of a message (its text after the chart, the next chunk). */
const PART_TRIES = 4;
/** MAX_PART_WAIT_MS: a later part waits out a 429 this long at most in place; beyond that the delivery is retried. */
const MAX_PART_WAIT_MS = 15_000;
/** NETWORK_PAUSE_MS is the pause before a later part is tried again after a network error or a 5xx. */
const NETWORK_PAUSE_MS = 1_000;

/**
 * patiently makes a call that is a later part of one message (the first part is already posted): a 429 is waited
 * out and a network error tried again in place, so the message is finished rather than posted again from the start.
 */
export async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof PlatformError) || tries >= PART_TRIES) throw err;
      const wait = err.kind === 'rate_limited' ? (err.retryAfterMs ?? NETWORK_PAUSE_MS) : err.kind === 'retry' ? NETWORK_PAUSE_MS : null;
      if (wait === null || wait > MAX_PART_WAIT_MS) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** withPartial marks a failure with what had already been posted, so the caller records it instead of posting it again. */
export function withPartial(err: unknown, partial: SendResult): unknown {
  if (err instanceof PlatformError && partial.messageIds.length > 0) err.partial = partial;
  return err;
}
