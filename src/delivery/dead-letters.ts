import type { Redis } from 'ioredis';
import type { PlatformName } from '../chat/platform.js';
import { scrub } from '../ops/secrets.js';
import { RedisKeys } from '../store/keys.js';
import type { DeliveryJob } from './jobs.js';

/** MAX_DEAD_LETTERS bounds the set: the oldest go first (a chat that is gone stays gone; its history need not). */
const MAX_DEAD_LETTERS = 10_000;
/** MAX_REASON is the longest reason kept (the platform's answer, scrubbed). */
const MAX_REASON = 300;

/** DeadLetter is one delivery that failed for good. */
export interface DeadLetter {
  at: number;
  platform: PlatformName;
  chatId: string;
  op: DeliveryJob['op'];
  /** The alert (or message, cascade, digest) it was delivering. */
  alertId: string;
  jobId: string;
  reason: string;
}

/** DeadLetterLog is the slice of pino dead letters are announced on. */
export interface DeadLetterLog {
  warn(obj: object, msg: string): void;
}

/**
 * DeadLetters is where deliveries that failed for good go, loudly: one warning line each (platform, chat, alert
 * id, reason, every secret scrubbed), a count for /metrics (`onDead`), and the sorted set `<prefix>:dead` that
 * `/status` reads (how many, and the last one).
 */
export class DeadLetters {
  private readonly key: string;

  constructor(private readonly redis: Redis, prefix: string, private readonly log?: DeadLetterLog, private readonly onDead?: (d: DeadLetter) => void) {
    this.key = new RedisKeys(prefix).deadLetters;
  }

  /** record keeps one dead letter, logs it and counts it. */
  async record(job: DeliveryJob, jobId: string, reason: string, at: number): Promise<DeadLetter> {
    const d: DeadLetter = { at, platform: job.platform, chatId: job.chatId, op: job.op, alertId: job.payloadId, jobId, reason: scrub(reason).slice(0, MAX_REASON) };
    this.log?.warn({ platform: d.platform, chatId: d.chatId, alertId: d.alertId, op: d.op, jobId, reason: d.reason }, `delivery failed for good: ${d.platform} chat ${d.chatId}, ${d.alertId}: ${d.reason}`);
    this.onDead?.(d);
    await this.redis.multi().zadd(this.key, at, JSON.stringify(d)).zremrangebyrank(this.key, 0, -MAX_DEAD_LETTERS - 1).exec();
    return d;
  }

  /** count is how many dead letters are kept. */
  async count(): Promise<number> {
    return this.redis.zcard(this.key);
  }

  /** last is the newest dead letter, or null. */
  async last(): Promise<DeadLetter | null> {
    const [raw, score] = await this.redis.zrange(this.key, '-1', '-1', 'WITHSCORES');
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<DeadLetter> & { data?: DeliveryJob };
    if (d.platform) return d as DeadLetter;
    // written by the previous release: { jobId, data, reason }
    return { at: Number(score), platform: d.data!.platform, chatId: d.data!.chatId, op: d.data!.op, alertId: d.data!.payloadId, jobId: String(d.jobId), reason: String(d.reason) };
  }
}
