import type { JobsOptions } from 'bullmq';
import type { PlatformName } from '../chat/platform.js';
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
}

/** DELIVERY_JOB_OPTIONS: retries with backoff for network errors and 5xx; records kept as long as dedup must hold. */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 86_400, count: 200_000 },
  removeOnFail: { age: 7 * 86_400 },
};
