import { PlatformError } from '../../chat/errors.js';
import type { RichMessage } from '../../chat/message.js';
import type { SendResult } from '../../chat/platform.js';
import type { TelegramPlatform } from './platform.js';

/** ReplyPacer is the slice of delivery's Pacer a reply needs: 0 when `cost` calls may go to the chat now, else the ms to wait. */
export interface ReplyPacer {
  take(platform: 'telegram', chatId: string, now: number, member: string, cost?: number): Promise<number>;
}

/** MAX_REPLY_WAIT_MS: a reply that cannot go within this long (pacing and 429s together) is dropped: the asker has moved on. */
export const MAX_REPLY_WAIT_MS = 60_000;
/** MAX_REPLY_TRIES bounds the 429 retries of one reply. */
const MAX_REPLY_TRIES = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

/**
 * pacedSender sends a reply once the chat's pacing allows it (the same Redis pacing the alerts take, so they share
 * the per-group 20-a-minute budget), waiting out and retrying a 429 with its retry_after. Anything else is thrown.
 */
export function pacedSender(platform: TelegramPlatform, pacer: ReplyPacer | undefined, now: () => number) {
  return async (chatId: string, msg: RichMessage): Promise<SendResult> => {
    const member = `reply|${process.pid}|${++seq}`;
    const cost = platform.cost(msg);
    const deadline = now() + MAX_REPLY_WAIT_MS;
    for (let tries = 1; ; tries++) {
      for (let wait = (await pacer?.take('telegram', chatId, now(), member, cost)) ?? 0; wait > 0; wait = await pacer!.take('telegram', chatId, now(), member, cost)) {
        if (now() + wait > deadline) throw new PlatformError('rate_limited', `reply to ${chatId} would wait past ${MAX_REPLY_WAIT_MS / 1000} s`, { retryAfterMs: wait });
        await sleep(wait);
      }
      try {
        return await platform.send(chatId, msg);
      } catch (err) {
        const wait = err instanceof PlatformError && err.kind === 'rate_limited' ? (err.retryAfterMs ?? 1000) : null;
        if (wait === null || tries >= MAX_REPLY_TRIES || now() + wait > deadline) throw err;
        await sleep(wait);
      }
    }
  };
}
