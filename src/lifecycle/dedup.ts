import { createHash } from 'node:crypto';
import type { PlatformName } from '../chat/platform.js';

/** DeliveryOp is what a delivery does: post a message, edit the cascade message in place, or post a quiet-hours digest. */
export type DeliveryOp = 'send' | 'edit' | 'digest';

/**
 * jobIdFor is the deterministic job id of a delivery: the same (op, message, chat, slot) always gives the
 * same id, so a re-published alert or a second replica adds no second job (BullMQ ids must not contain ':').
 */
export function jobIdFor(op: DeliveryOp, payloadId: string, platform: PlatformName, chatId: string, slot = ''): string {
  const h = createHash('sha1').update(payloadId).digest('hex').slice(0, 20);
  return [op, h, platform, chatId, slot].filter(Boolean).join('|').replace(/:/g, '_');
}

/** deliveryId names one (message, chat) pair: the unit of exactly-once the delivery ledger records. */
export function deliveryId(messageId: string, platform: string, chatId: string): string {
  return `${messageId}|${platform}|${chatId}`;
}

/** discordNonce derives Discord's idempotency nonce (≤ 25 chars) from the job id. */
export function discordNonce(jobId: string): string {
  return createHash('sha1').update(jobId).digest('base64url').slice(0, 25);
}
