import type { ChainableCommander, Redis } from 'ioredis';
import type { SendResult } from '../chat/platform.js';
import { RedisKeys } from '../store/keys.js';

/** LEDGER_TTL_S keeps delivery records for a week: longer than any retry, digest or edit window. */
const LEDGER_TTL_S = 7 * 86_400;

/** Delivered is what the ledger keeps of one delivery: the platform's messages (what an edit targets) and when they were posted. */
export interface Delivered extends SendResult {
  at: number;
}

/** parseDelivered reads a ledger value: JSON, or a bare message id as the previous release wrote it. */
function parseDelivered(raw: string): Delivered {
  if (!raw.startsWith('{')) return { messageIds: [raw], at: 0 };
  return JSON.parse(raw) as Delivered;
}

/** recordOf is the ledger value of one delivery. */
function recordOf(res: SendResult, at: number): string {
  const d: Delivered = { messageIds: res.messageIds, at, ...(res.image ? { image: res.image } : {}), ...(res.digests ? { digests: res.digests } : {}) };
  return JSON.stringify(d);
}

/**
 * DeliveryLedger records each (message, chat) that reached the platform, with the platform's message ids, so a
 * retried, stalled or re-run job never posts twice (BullMQ is at-least-once) and a cascade update knows what to
 * edit. Telegram has no idempotency key: the only window left is between the platform's 200 and `record`, which is measured.
 */
export class DeliveryLedger {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** sent returns what this delivery produced if it already happened, else null. */
  async sent(deliveryId: string): Promise<Delivered | null> {
    const raw = await this.redis.get(this.keys.ledger(deliveryId));
    return raw === null ? null : parseDelivered(raw);
  }

  /** record marks a delivery done with the messages it produced. */
  async record(deliveryId: string, res: SendResult, at: number): Promise<void> {
    await this.redis.set(this.keys.ledger(deliveryId), recordOf(res, at), 'EX', LEDGER_TTL_S);
  }

  /** recordIn queues record on a batch (a pipeline sent at once: the write still leaves right after the platform's answer). */
  recordIn(batch: ChainableCommander, deliveryId: string, res: SendResult, at: number): void {
    batch.set(this.keys.ledger(deliveryId), recordOf(res, at), 'EX', LEDGER_TTL_S);
  }
}
