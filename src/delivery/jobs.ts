import type { JobsOptions } from 'bullmq';
import type { PlatformName } from '../chat/platform.js';
import type { Severity } from '../chat/severity.js';
import type { DeliveryOp } from '../lifecycle/dedup.js';

/** queueName is the delivery queue of one platform (each has its own global rate limit). */
export function queueName(platform: PlatformName): string {
  return `deliver-${platform}`;
}

/** DeliveryJob is a queued (message, chat) delivery. It carries ids only: no text, no secrets. */
export interface DeliveryJob {
  op: DeliveryOp;
  platform: PlatformName;
  chatId: string;
  /** send: the alert (or ready-made message) to post; edit: the cascade to update; digest: the digest's id. */
  payloadId: string;
  /** edit: how many times it has waited for the cascade message it updates to land. */
  waits?: number;
  /** The alert's severity (sends and cascade updates): what decides a Telegram paid broadcast (TELEGRAM_PAID_BROADCAST). */
  severity?: Severity;
  /** The publish that queued it, in order (a Redis counter): a chat's deliveries of one priority go out in this order. */
  seq?: number;
}

/**
 * DELIVERY_PRIORITY ranks deliveries (BullMQ job priority: 1 runs first, FIFO within one value). New alerts go by
 * severity, so a critical overtakes every queued warning and info in every chat; a cascade's updates rank below every
 * new alert (they come once a slot per chat and are folded, so they can wait; they must not starve new alerts); digests
 * and ready-made messages (summaries, operator notices) last. Every job carries one: BullMQ runs a job without a
 * priority before every prioritized one (https://docs.bullmq.io/guide/jobs/prioritized).
 */
export const DELIVERY_PRIORITY = { critical: 1, warning: 2, info: 3, update: 4, batch: 5 } as const;

/** priorityOf is the BullMQ priority of a delivery: a send by its alert's severity, an update or a batch below them. */
export function priorityOf(op: DeliveryOp, severity?: Severity): number {
  if (op === 'edit') return DELIVERY_PRIORITY.update;
  if (op === 'digest' || !severity) return DELIVERY_PRIORITY.batch;
  return DELIVERY_PRIORITY[severity];
}

/** SEQ_SPAN separates priorities in a line rank: publish counts stay far below it (2^40), ranks below 2^53. */
const SEQ_SPAN = 2 ** 40;

/**
 * lineRank is a delivery's place in its chat's line (Pacer): by priority, then by the order it was published in, so a
 * critical overtakes a chat's queued info posts while posts of one priority keep their order. A job queued before
 * deliveries carried a sequence goes last in its priority.
 */
export function lineRank(priority: number, seq: number | undefined): number {
  return priority * SEQ_SPAN + (seq ?? SEQ_SPAN - 1);
}

/** DELIVERY_JOB_OPTIONS: retries with backoff for network errors and 5xx; records kept as long as dedup must hold. */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 86_400, count: 200_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/** jobOptions are the options of one delivery job: the shared retry and retention options, its id and its priority. */
export function jobOptions(jobId: string, data: Pick<DeliveryJob, 'op' | 'severity'>, extra: JobsOptions = {}): JobsOptions {
  return { ...DELIVERY_JOB_OPTIONS, jobId, priority: priorityOf(data.op, data.severity), ...extra };
}
