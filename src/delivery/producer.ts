import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AlertEvent, CascadeTrigger } from '../alerts/types.js';
import { chatKey } from '../chat/chat-key.js';
import type { PlatformName } from '../chat/platform.js';
import { jobIdFor } from '../lifecycle/dedup.js';
import { digestSlot, EDIT_INTERVAL_MS, editSlot } from '../lifecycle/fold.js';
import { DEFAULT_GROUP_WAIT_MS } from '../config/env.js';
import { routeAlert, type Route } from '../lifecycle/route.js';
import { RedisKeys } from '../store/keys.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import { CascadeStore } from './cascades.js';
import { jobOptions, lineRank, priorityOf, type DeliveryJob } from './jobs.js';
import { Pacer, type LineEntry } from './pacing.js';
import { PAYLOAD_TTL_S, type PayloadStore, type StoredAlert } from './payloads.js';
import { localeOf } from './render.js';
import { localeId, type Locale } from '../i18n/locale.js';

/** ProducerDeps are the producer's seams. */
export interface ProducerDeps {
  redis: Redis;
  prefix: string;
  queues: Partial<Record<PlatformName, Queue<DeliveryJob>>>;
  subs: SubscriptionStore;
  payloads: PayloadStore;
  /** Renders the chart attached to a cascade message, in a chat's language and zone. */
  chart?: (a: AlertEvent, locale: Locale) => Buffer | null;
  editIntervalMs?: number;
  /** How long an alert that could set off a cascade waits before it is posted alone (DELIVERY_GROUP_WAIT_MS). */
  groupWaitMs?: number;
}

/** FanOut counts what one alert turned into (all zero when it had been published before). */
export interface FanOut {
  send: number;
  fold: number;
  hold: number;
}

/** chartsFor draws a cascade's chart once for each language and zone among the chats it reaches. */
function chartsFor(alert: AlertEvent, routes: readonly Route[], draw: (a: AlertEvent, l: Locale) => Buffer | null): Pick<StoredAlert, 'chart' | 'charts'> {
  const charts: Record<string, Buffer> = {};
  for (const r of routes) {
    const locale = localeOf(r.sub);
    const id = localeId(locale);
    if (id in charts) continue;
    const png = draw(alert, locale);
    if (png) charts[id] = png;
  }
  const first = Object.values(charts)[0];
  return first ? { chart: first, charts } : {};
}

type BulkJob = { name: string; data: DeliveryJob; opts: ReturnType<typeof jobOptions> };

/** lineEntry is a queued delivery's place in its chat's line. */
function lineEntry(data: DeliveryJob, opts: ReturnType<typeof jobOptions>): LineEntry {
  return { platform: data.platform, destination: data.chatId, jobId: String(opts.jobId), rank: lineRank(opts.priority ?? priorityOf(data.op, data.severity), data.seq) };
}

/**
 * DeliveryProducer turns an alert into deliveries: it stores the alert once (each chat's message is rendered from
 * it at delivery), routes it to every matching subscription and adds one deterministic job per chat. Publishing is
 * idempotent per alert id: a re-published alert (a restart, a replay) adds nothing, folded or not.
 */
export class DeliveryProducer {
  private readonly keys: RedisKeys;
  private readonly cascades: CascadeStore;
  private readonly chart: (a: AlertEvent, locale: Locale) => Buffer | null;
  private readonly editIntervalMs: number;
  private readonly groupWaitMs: number;
  private readonly pacer: Pacer;

  constructor(private readonly deps: ProducerDeps) {
    this.keys = new RedisKeys(deps.prefix);
    this.pacer = new Pacer(deps.redis, deps.prefix);
    this.cascades = new CascadeStore(deps.redis, deps.prefix);
    this.chart = deps.chart ?? (() => null);
    this.editIntervalMs = deps.editIntervalMs ?? EDIT_INTERVAL_MS;
    this.groupWaitMs = deps.groupWaitMs ?? DEFAULT_GROUP_WAIT_MS;
  }

  /**
   * publish fans one alert out to its chats; `now` is wall-clock time (quiet hours, mutes, edit slots). It waits on
   * Redis four times, each wait for the commands that need nothing from each other (a live engine hands its alerts
   * on one at a time, so each wait is paid by every alert behind it): what was published and who is subscribed;
   * the stored alert, its cascade records and its place in the count; the jobs (on the queue's own connection,
   * so after the alert they name is stored); the chats' lines and the published mark, sent together on one
   * connection, which runs them in order (the mark is never set without the lines).
   */
  async publish(alert: AlertEvent, now: number): Promise<FanOut> {
    const count: FanOut = { send: 0, fold: 0, hold: 0 };
    const inCascade = alert.cascadeId && alert.kind !== 'cascade' ? alert.cascadeId : null;
    const [published, active, reached] = await Promise.all([
      this.deps.redis.exists(this.keys.published(alert.id)),
      this.deps.subs.active(),
      inCascade ? this.cascades.reachedChats(inCascade) : new Set<string>(),
    ]);
    if (published) return count;
    const subs = active.filter((s) => this.deps.queues[s.platform]);
    const routes = routeAlert(alert, subs, now, (s) => reached.has(chatKey(s.platform, s.chatId)), this.groupWaitMs);
    const [seq] = await Promise.all([
      this.nextSeq(),
      this.deps.payloads.putAlert({ alert, at: now, ...(alert.kind === 'cascade' ? chartsFor(alert, routes, this.chart) : {}) }),
      alert.kind === 'cascade' ? this.noteCascade(alert, routes) : alert.cascadeId ? this.cascades.list(alert.cascadeId, [alert.id]) : undefined,
      alert.cascadeId && routes.some((r) => r.action === 'fold') ? this.cascades.fold(alert.cascadeId, alert, now) : undefined,
      ...routes.filter((r) => r.action === 'hold').map((r) => this.deps.payloads.hold(chatKey(r.sub.platform, r.sub.chatId), alert)),
    ]);
    const jobs: Partial<Record<PlatformName, BulkJob[]>> = {};
    for (const r of routes) {
      count[r.action]++;
      const job = this.jobFor(alert, r, now, seq);
      if (job) (jobs[r.sub.platform] ??= []).push(job);
    }
    await Promise.all(Object.entries(jobs).map(([platform, list]) => this.addJobs(this.deps.queues[platform as PlatformName]!, list)));
    // Sends due now join their chats' lines (a send held for its group wait joins when it asks to go).
    await Promise.all([
      this.pacer.joinLines(Object.values(jobs).flat().filter((j) => j.name === 'send' && !j.opts.delay).map((j) => lineEntry(j.data, j.opts)), now),
      this.deps.redis.set(this.keys.published(alert.id), '1', 'EX', PAYLOAD_TTL_S),
    ]);
    return count;
  }

  /**
   * addJobs adds a platform's jobs, a thousand to a call, the calls sent without waiting for each other: one
   * connection, so Redis still adds them in order, while this process builds the next call as Redis runs the last.
   */
  private async addJobs(q: Queue<DeliveryJob>, list: readonly BulkJob[]): Promise<void> {
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < list.length; i += 1000) calls.push(q.addBulk(list.slice(i, i + 1000)));
    await Promise.all(calls);
  }

  /** nextSeq counts a publish: its deliveries carry the count, their order in each chat's line. */
  private nextSeq(): Promise<number> {
    return this.deps.redis.incr(this.keys.deliverySeq);
  }

  /** noteCascade records where a cascade goes (its later alerts fold there) and which alerts it lists (its triggers). */
  private async noteCascade(alert: AlertEvent, routes: readonly Route[]): Promise<void> {
    await this.cascades.markReached(alert.id, routes.filter((r) => r.action === 'send').map((r) => chatKey(r.sub.platform, r.sub.chatId)));
    const triggers = (alert.data.triggers as CascadeTrigger[] | undefined) ?? [];
    await this.cascades.list(alert.id, triggers.map((t) => t.id));
  }

  /** jobFor is the delivery job of one route: a send (after its group wait), an edit in the next slot, or none for a hold (already stored). */
  private jobFor(alert: AlertEvent, r: Route, now: number, seq: number): BulkJob | null {
    const base = { platform: r.sub.platform, chatId: r.sub.chatId, severity: alert.severity, seq };
    if (r.action === 'hold') return null;
    if (r.action === 'send') {
      const data: DeliveryJob = { ...base, op: 'send', payloadId: alert.id };
      return { name: 'send', data, opts: jobOptions(jobIdFor('send', alert.id, r.sub.platform, r.sub.chatId), data, r.waitMs > 0 ? { delay: r.waitMs } : {}) };
    }
    const { slot, delayMs } = editSlot(now, this.editIntervalMs);
    const data: DeliveryJob = { ...base, op: 'edit', payloadId: alert.cascadeId! };
    return { name: 'edit', data, opts: jobOptions(jobIdFor('edit', alert.cascadeId!, r.sub.platform, r.sub.chatId, String(slot)), data, { delay: delayMs }) };
  }

  /** enqueueDigest queues the quiet-hours digest of a chat (its held alerts), once per bucket. */
  async enqueueDigest(platform: PlatformName, chatId: string, now: number): Promise<void> {
    const q = this.deps.queues[platform];
    if (!q) return;
    const bucket = String(digestSlot(now, this.editIntervalMs));
    const data: DeliveryJob = { op: 'digest', platform, chatId, payloadId: `digest|${chatKey(platform, chatId)}|${bucket}`, seq: await this.nextSeq() };
    await this.enqueue(q, 'digest', data, now);
  }

  /** enqueueMessage queues a ready-made message (daily digest, summary) to one chat under a stable id. */
  async enqueueMessage(platform: PlatformName, chatId: string, payloadId: string, now: number): Promise<void> {
    const q = this.deps.queues[platform];
    if (!q) return;
    await this.enqueue(q, 'send', { op: 'send', platform, chatId, payloadId, seq: await this.nextSeq() }, now);
  }

  /** enqueue queues one delivery under its stable id and puts it in its chat's line. */
  private async enqueue(q: Queue<DeliveryJob>, name: 'send' | 'digest', data: DeliveryJob, now: number): Promise<void> {
    const opts = jobOptions(jobIdFor(data.op, data.payloadId, data.platform, data.chatId), data);
    await q.add(name, data, opts);
    await this.pacer.joinLines([lineEntry(data, opts)], now);
  }
}
