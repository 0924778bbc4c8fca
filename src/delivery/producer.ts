import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { alertMessage } from '../alerts/message.js';
import type { AlertEvent } from '../alerts/types.js';
import type { PlatformName } from '../chat/platform.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { Subscription } from '../store/settings.js';
import { jobIdFor } from '../lifecycle/dedup.js';
import { digestSlot, EDIT_INTERVAL_MS, editSlot } from '../lifecycle/fold.js';
import { routeAlert } from '../lifecycle/route.js';
import { RedisKeys } from '../store/keys.js';
import { DELIVERY_JOB_OPTIONS, type DeliveryJob } from './jobs.js';
import type { PayloadStore } from './payloads.js';
import { chatKey } from '../chat/chat-key.js';

/** ProducerDeps are the producer's seams. */
export interface ProducerDeps {
  redis: Redis;
  prefix: string;
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  subs: SubscriptionStore;
  payloads: PayloadStore;
  /** Renders the chart attached to a cascade message. */
  chart?: (a: AlertEvent) => Buffer | null;
  editIntervalMs?: number;
}

/** FanOut counts what one alert turned into. */
export interface FanOut {
  send: number;
  fold: number;
  hold: number;
}

/**
 * DeliveryProducer turns an alert into deliveries: it stores the message once, routes it to every
 * matching subscription and adds one deterministic job per chat (a re-published alert adds nothing).
 */
export class DeliveryProducer {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  private readonly subs: SubscriptionStore;
  private readonly payloads: PayloadStore;
  private readonly chart: (a: AlertEvent) => Buffer | null;
  private readonly editIntervalMs: number;

  constructor(deps: ProducerDeps) {
    this.redis = deps.redis;
    this.keys = new RedisKeys(deps.prefix);
    this.queues = deps.queues;
    this.subs = deps.subs;
    this.payloads = deps.payloads;
    this.chart = deps.chart ?? (() => null);
    this.editIntervalMs = deps.editIntervalMs ?? EDIT_INTERVAL_MS;
  }

  /** publish fans one alert out to its chats; `now` is wall-clock time (quiet hours, mutes). */
  async publish(alert: AlertEvent, now: number): Promise<FanOut> {
    const subs = (await this.subs.active()).filter((s) => this.queues[s.platform]);
    const cascadeChats = alert.cascadeId ? new Set(await this.redis.smembers(this.cascadeKey(alert.cascadeId))) : new Set<string>();
    const routes = routeAlert(alert, subs, now, (s) => cascadeChats.has(chatKey(s.platform, s.chatId)));
    const count: FanOut = { send: 0, fold: 0, hold: 0 };
    const jobs: Record<string, Array<{ name: string; data: DeliveryJob; opts: typeof DELIVERY_JOB_OPTIONS }>> = {};
    const add = (sub: Subscription, data: DeliveryJob, jobId: string, delay = 0) =>
      (jobs[sub.platform] ??= []).push({ name: data.op, data, opts: { ...DELIVERY_JOB_OPTIONS, jobId, ...(delay > 0 ? { delay } : {}) } });
    if (routes.some((r) => r.action === 'send')) await this.payloads.put(alert.id, alertMessage(alert, alert.kind === 'cascade' ? this.chart(alert) : null), alert);
    if (alert.cascadeId && alert.kind !== 'cascade' && routes.some((r) => r.action === 'fold')) await this.payloads.fold(alert.cascadeId, alert);
    for (const r of routes) {
      count[r.action]++;
      const base = { platform: r.sub.platform, chatId: r.sub.chatId };
      if (r.action === 'send') add(r.sub, { ...base, op: 'send', payloadId: alert.id }, jobIdFor('send', alert.id, r.sub.platform, r.sub.chatId));
      else if (r.action === 'hold') await this.payloads.hold(chatKey(r.sub.platform, r.sub.chatId), alert);
      else {
        const { slot, delayMs } = editSlot(now, this.editIntervalMs);
        add(r.sub, { ...base, op: 'edit', payloadId: alert.cascadeId! }, jobIdFor('edit', alert.cascadeId!, r.sub.platform, r.sub.chatId, String(slot)), delayMs);
      }
    }
    if (alert.kind === 'cascade') {
      const keys = routes.filter((r) => r.action === 'send').map((r) => chatKey(r.sub.platform, r.sub.chatId));
      if (keys.length > 0) await this.redis.multi().sadd(this.cascadeKey(alert.id), ...keys).expire(this.cascadeKey(alert.id), 7 * 86_400).exec();
    }
    for (const [platform, list] of Object.entries(jobs)) {
      for (let i = 0; i < list.length; i += 1000) await this.queues[platform as PlatformName]!.addBulk(list.slice(i, i + 1000));
    }
    return count;
  }

  /** enqueueDigest queues the quiet-hours digest of a chat (its held alerts), once per bucket. */
  async enqueueDigest(platform: PlatformName, chatId: string, now: number): Promise<void> {
    const q = this.queues[platform];
    if (!q) return;
    const bucket = String(digestSlot(now, this.editIntervalMs));
    const data: DeliveryJob = { op: 'digest', platform, chatId, payloadId: `digest|${chatKey(platform, chatId)}|${bucket}` };
    await q.add('digest', data, { ...DELIVERY_JOB_OPTIONS, jobId: jobIdFor('digest', data.payloadId, platform, chatId) });
  }

  /** enqueueMessage queues a ready-made message (daily digest, summary) to one chat under a stable id. */
  async enqueueMessage(platform: PlatformName, chatId: string, payloadId: string, now: number): Promise<void> {
    const q = this.queues[platform];
    if (!q) return;
    await q.add('send', { op: 'send', platform, chatId, payloadId }, { ...DELIVERY_JOB_OPTIONS, jobId: jobIdFor('send', payloadId, platform, chatId) });
  }

  private cascadeKey(cascadeId: string): string {
    return this.keys.cascadeChats(cascadeId);
  }
}
