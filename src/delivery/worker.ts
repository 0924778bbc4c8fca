import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { cascadeUpdateMessage, heldDigestMessage } from '../alerts/message.js';
import { PlatformError } from '../chat/errors.js';
import type { RichMessage } from '../chat/message.js';
import type { ChatPlatform, PlatformName } from '../chat/platform.js';
import { type SubscriptionStore } from '../store/subscriptions.js';
import { deliveryId, discordNonce, jobIdFor } from '../lifecycle/dedup.js';
import type { DeliveryLedger } from './ledger.js';
import { DELIVERY_JOB_OPTIONS, queueName, type DeliveryJob } from './jobs.js';
import { RedisKeys } from '../store/keys.js';
import type { Pacer } from './pacing.js';
import type { PayloadStore } from './payloads.js';
import { chatKey } from '../chat/chat-key.js';

/**
 * Global send rates: one job per interval, spread evenly (a burst at a window edge would break a
 * sliding-window limit). Telegram ~30 msg/s in all (Bot FAQ); Discord 50 req/s global
 * (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).
 */
export const SEND_INTERVAL_MS: Record<PlatformName, number> = { telegram: 34, discord: 20 };
const EDIT_NOT_READY_MS = 5_000;

/** DeliveryDeps are the seams a delivery worker runs against. */
export interface DeliveryDeps {
  platform: ChatPlatform;
  redis: Redis;
  prefix: string;
  ledger: DeliveryLedger;
  pacer: Pacer;
  payloads: PayloadStore;
  subs: SubscriptionStore;
  /** The platform's queue (a migrated chat's delivery is re-queued to its new id). */
  queue: Queue<DeliveryJob>;
  now?: () => number;
  /** Called after each platform answer with the ms between its 200 and the ledger write. */
  onSent?: (job: DeliveryJob, ledgerWindowMs: number) => void;
  onOutcome?: (outcome: 'sent' | 'duplicate' | 'dropped' | 'rate_limited' | 'gone' | 'migrated' | 'retry' | 'failed', job: DeliveryJob) => void;
}

async function render(d: DeliveryDeps, job: DeliveryJob): Promise<RichMessage | null> {
  if (job.op === 'digest') {
    const held = await d.payloads.takeHeld(chatKey(job.platform, job.chatId));
    return held.length === 0 ? null : heldDigestMessage(held);
  }
  const p = await d.payloads.get(job.payloadId);
  if (!p) throw new UnrecoverableError(`payload ${job.payloadId} expired`);
  if (job.op === 'edit') return cascadeUpdateMessage(p.alert!, await d.payloads.folded(job.payloadId));
  return p.message;
}

/** processDelivery sends one job at most once per (message, chat), classifying every failure. */
export async function processDelivery(d: DeliveryDeps, job: Job<DeliveryJob>, token: string | undefined): Promise<string> {
  const data = job.data;
  const now = d.now ?? Date.now;
  const id = data.op === 'edit' ? `${job.id}` : deliveryId(data.payloadId, data.platform, data.chatId);
  if (await d.ledger.sent(id)) {
    d.onOutcome?.('duplicate', data);
    return 'already delivered';
  }
  const sub = await d.subs.get(data.platform, data.chatId);
  if (!sub?.active) {
    d.onOutcome?.('dropped', data);
    return 'chat no longer subscribed';
  }
  let editTarget: string | null = null;
  if (data.op === 'edit') {
    editTarget = await d.ledger.sent(deliveryId(data.payloadId, data.platform, data.chatId));
    if (!editTarget) return delay(job, token, EDIT_NOT_READY_MS, now);
  }
  const wait = await d.pacer.take(data.platform, data.chatId, now(), String(job.id));
  if (wait > 0) return delay(job, token, wait, now);
  const msg = await render(d, data);
  if (!msg) return 'nothing to send';
  try {
    const res = editTarget ? (await d.platform.edit(data.chatId, editTarget, msg), { messageIds: [editTarget] }) : await d.platform.send(data.chatId, msg, { nonce: discordNonce(String(job.id)) });
    const answered = now();
    await d.ledger.record(id, res.messageIds[0] ?? 'sent');
    d.onSent?.(data, now() - answered);
    d.onOutcome?.('sent', data);
    return `sent ${res.messageIds.join(',')}`;
  } catch (err) {
    return handleFailure(d, job, token, err, now);
  }
}

async function delay(job: Job<DeliveryJob>, token: string | undefined, ms: number, now: () => number): Promise<never> {
  await job.moveToDelayed(now() + ms, token);
  throw new DelayedError();
}

async function handleFailure(d: DeliveryDeps, job: Job<DeliveryJob>, token: string | undefined, err: unknown, now: () => number): Promise<string> {
  const data = job.data;
  if (!(err instanceof PlatformError)) throw err; // unknown: retried with backoff
  d.onOutcome?.(err.kind === 'fatal' ? 'failed' : err.kind, data);
  switch (err.kind) {
    case 'rate_limited':
      return delay(job, token, err.retryAfterMs ?? 1000, now);
    case 'gone':
      await d.subs.deactivate(data.platform, data.chatId, 'kicked', now());
      throw new UnrecoverableError(`${data.platform} chat ${data.chatId} is gone: ${err.message}`);
    case 'migrated': {
      await d.subs.migrate(data.platform, data.chatId, err.migrateTo!, now());
      const moved: DeliveryJob = { ...data, chatId: err.migrateTo! };
      await d.queue.add(data.op, moved, { ...DELIVERY_JOB_OPTIONS, jobId: jobIdFor(data.op, data.payloadId, data.platform, moved.chatId) });
      return `moved to ${err.migrateTo} and re-queued`;
    }
    case 'retry':
      throw err;
    default:
      throw new UnrecoverableError(err.message);
  }
}

/** createDeliveryWorker starts a BullMQ worker on a platform's queue with the global send rate. */
export function createDeliveryWorker(d: DeliveryDeps, connection: ConnectionOptions, concurrency = 8): Worker<DeliveryJob> {
  const name = d.platform.name;
  const keys = new RedisKeys(d.prefix);
  const worker = new Worker<DeliveryJob>(queueName(name), (job, token) => processDelivery(d, job, token), {
    connection,
    prefix: keys.bull,
    concurrency,
    limiter: { max: 1, duration: SEND_INTERVAL_MS[name] },
    lockDuration: 15_000,
    stalledInterval: 15_000,
    maxStalledCount: 3,
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) void d.redis.zadd(keys.deadLetters, Date.now(), JSON.stringify({ jobId: job.id, data: job.data, reason: err.message.slice(0, 200) })).catch(() => {});
  });
  return worker;
}
