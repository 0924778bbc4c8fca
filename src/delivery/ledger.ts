import type { Redis } from 'ioredis';
import { RedisKeys } from '../store/keys.js';

/** LEDGER_TTL_S keeps delivery records for a week: longer than any retry, digest or edit window. */
const LEDGER_TTL_S = 7 * 86_400;

/**
 * DeliveryLedger records each (message, chat) that reached the platform, with the platform's message
 * id, so a retried, stalled or re-run job never posts twice (BullMQ is at-least-once). Telegram has no
 * idempotency key: the only window left is between the platform's 200 and `record`, which is measured.
 */
export class DeliveryLedger {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** sent returns the platform message id if this delivery already happened, else null. */
  async sent(deliveryId: string): Promise<string | null> {
    return this.redis.get(this.keys.ledger(deliveryId));
  }

  /** record marks a delivery done with its platform message id. */
  async record(deliveryId: string, messageId: string): Promise<void> {
    await this.redis.set(this.keys.ledger(deliveryId), messageId, 'EX', LEDGER_TTL_S);
  }
}
