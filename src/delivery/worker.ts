import { DelayedError, RateLimitError, UnrecoverableError, Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PlatformError } from '../chat/errors.js';
import type { ChatPlatform, PlatformName, SendResult } from '../chat/platform.js';
import { deliveryId, discordNonce, jobIdFor } from '../lifecycle/dedup.js';
import { RedisKeys } from '../store/keys.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import { CascadeStore } from './cascades.js';
import { DeadLetters, type DeadLetterLog } from './dead-letters.js';
import { jobOptions, lineRank, priorityOf, queueName, type DeliveryJob } from './jobs.js';
import type { DeliveryLedger } from './ledger.js';
import type { Pacer } from './pacing.js';
import { PAID_GLOBAL_PER_SEC, type PaidBroadcast, type PaidTurn } from './paid.js';
import type { PayloadStore } from './payloads.js';
import { planFor, type Plan, type PlanDeps } from './plan.js';

/**
 * Global send rates: one job per interval, spread evenly (a burst at a window edge would break a
 * sliding-window limit). Telegram ~30 msg/s in all (Bot FAQ); Discord 50 req/s global
 * (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).
 */
export const SEND_INTERVAL_MS: Record<PlatformName, number> = { telegram: 34, discord: 20 };
/**
 * IN_PROCESS_WAIT_MS: with Telegram paid broadcast on, the queue is taken at the paid rate and a call that must wait
 * for the free rate waits this long at most in place; longer, the job goes back to the queue (its priority kept) and
 * the queue pauses for that wait, so a slot never sits on a job while a paid critical could go.
 */
export const IN_PROCESS_WAIT_MS = 100;

/**
 * DELIVERY_REDIS_OPTIONS are the delivery stores' own connection's (one per worker; BullMQ keeps its own): the commands
 * its concurrent jobs issue in one event-loop turn leave in one write (ioredis auto-pipelining), halving the worker's
 * socket writes in a paid fan-out (issue 15: CPU-bound on the worker). Explicit pipelines (the ledger write) still
 * leave at once.
 */
export const DELIVERY_REDIS_OPTIONS = { enableAutoPipelining: true } as const;

/** Outcome is what one run of a delivery job came to (counted per platform in /metrics). */
export type Outcome =
  | 'sent' | 'edited' | 'resent' | 'duplicate' | 'dropped' | 'absorbed' | 'empty' | 'waiting'
  | 'rate_limited' | 'gone' | 'migrated' | 'uneditable' | 'unpaid' | 'retry' | 'failed' | 'dead_letter';

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
  /** Where deliveries that fail for good are announced (one warning line each). */
  log?: DeadLetterLog;
  /** Called after each platform answer with the ms between its 200 and the ledger write. */
  onSent?: (job: DeliveryJob, ledgerWindowMs: number) => void;
  onOutcome?: (outcome: Outcome, job: DeliveryJob) => void;
  /** Telegram paid broadcast (TELEGRAM_PAID_BROADCAST); absent or off: every call at the free rate. */
  paid?: PaidBroadcast;
  /** Called for each paid send with its calls and the Stars they were charged. */
  onPaid?: (calls: number, stars: number) => void;
}

/** ledgerIdOf is the ledger entry that makes a job happen once: its (message, chat) pair, or the edit job itself. */
function ledgerIdOf(job: Job<DeliveryJob>): string {
  return job.data.op === 'edit' ? String(job.id) : deliveryId(job.data.payloadId, job.data.platform, job.data.chatId);
}

/** planStores keeps each worker's plan stores (one set for all its jobs, not one a job). */
const planStores = new WeakMap<DeliveryDeps, PlanDeps>();

function planDeps(d: DeliveryDeps): PlanDeps {
  let p = planStores.get(d);
  if (!p) planStores.set(d, (p = { payloads: d.payloads, cascades: new CascadeStore(d.redis, d.prefix), ledger: d.ledger, queue: d.queue }));
  return p;
}

/** processDelivery delivers one job at most once per (message, chat), classifying every failure. */
export async function processDelivery(d: DeliveryDeps, job: Job<DeliveryJob>, token: string | undefined): Promise<string> {
  const data = job.data;
  const now = d.now ?? Date.now;
  // A job's result is a code for the log (BullMQ's returnvalue), never a chat's text.
  // Both reads go at once (one round trip): a duplicate is rare, and every other job needs the chat's settings.
  const [already, sub] = await Promise.all([d.ledger.sent(ledgerIdOf(job)), d.subs.get(data.platform, data.chatId)]);
  if (already) return done(d, 'duplicate', data, 'already_delivered');
  if (!sub?.active) return done(d, 'dropped', data, `not_subscribed(${sub?.reason ?? 'never'})`);
  const plan = await planFor(planDeps(d), job, sub, now());
  if (plan.do === 'skip') return done(d, plan.outcome, data, plan.why);
  if (plan.do === 'wait') {
    d.onOutcome?.('waiting', data);
    await job.updateData({ ...data, waits: (data.waits ?? 0) + 1 });
    return delay(job, token, plan.ms, now);
  }
  const target = plan.do === 'edit' ? plan.target : undefined;
  const cost = d.platform.cost?.(plan.msg, target) ?? 1;
  const turn = await takeTurn(d, job, plan.do === 'post', cost, now);
  if ('wait' in turn) return delay(job, token, turn.wait, now);
  try {
    const [res, outcome] = await deliver(d, job, plan, turn.paid).catch(async (err: unknown) => {
      await d.pacer.settleGlobal(data.platform, now(), String(job.id), cost).catch(() => undefined);
      throw err;
    });
    const answered = now();
    await recordSent(d, job, plan, res, outcome, cost, answered);
    d.onSent?.(data, now() - answered);
    return done(d, outcome, data, `${outcome} ${res.messageIds.join(',')}`);
  } catch (err) {
    // Part of a message went out before the failure: recorded, so the retry does not post it again.
    if (err instanceof PlatformError && err.partial) await d.ledger.record(plan.recordAs, err.partial, plan.do === 'edit' ? plan.target.at : now());
    return handleFailure(d, job, token, err, now);
  }
}

/**
 * recordSent writes the ledger right after the platform's answer, and moves the calls in the bot-wide window to that
 * moment (Pacer.settleGlobal) in the same pipeline: one round trip. A failed ledger write fails the job as before.
 */
async function recordSent(d: DeliveryDeps, job: Job<DeliveryJob>, plan: Extract<Plan, { msg: unknown }>, res: SendResult, outcome: Outcome, cost: number, answered: number): Promise<void> {
  const batch = d.redis.pipeline();
  d.ledger.recordIn(batch, plan.recordAs, res, plan.do === 'edit' && outcome === 'edited' ? plan.target.at : answered);
  if (job.data.op === 'edit') d.ledger.recordIn(batch, ledgerIdOf(job), res, answered);
  d.pacer.settleGlobalIn(batch, job.data.platform, answered, String(job.id), cost);
  const written = (await batch.exec()) ?? [];
  const failed = written.slice(0, -1).find(([err]) => err)?.[0];
  if (failed) throw failed;
}

/** paidOn says whether this worker's platform runs paid broadcast (the queue is then taken at the paid rate). */
function paidOn(d: Pick<DeliveryDeps, 'paid' | 'platform'>): boolean {
  return d.platform.name === 'telegram' && !!d.paid?.on;
}

/**
 * takeTurn takes the chat's turn, then the bot-wide one: the ms the job waits (back in the queue) for its chat, or
 * whether its calls go as a paid broadcast. A post waits its turn in the chat's line (order kept per chat, critical
 * first); an edit changes what is there. A paid post takes both turns in one Redis call (PaidBroadcast.takeWithPace).
 */
async function takeTurn(d: DeliveryDeps, job: Job<DeliveryJob>, post: boolean, cost: number, now: () => number): Promise<{ wait: number } | { paid: boolean }> {
  const data = job.data;
  const member = String(job.id);
  const rank = post ? lineRank(job.opts.priority ?? priorityOf(data.op, data.severity), data.seq) : undefined;
  if (post && paidOn(d) && d.paid!.eligible(data.severity)) {
    const turn = await d.paid!.takeWithPace(d.pacer.step(data.platform, data.chatId, now(), member, cost, rank), now(), member, cost);
    if (turn.go === 'chat') return { wait: turn.ms };
    return { paid: await globalTurn(d, job, cost, now, turn) };
  }
  const wait = await d.pacer.take(data.platform, data.chatId, now(), member, cost, rank);
  if (wait > 0) return { wait };
  return { paid: await globalTurn(d, job, cost, now) };
}

/**
 * globalTurn waits until the bot-wide budget has room for this job's calls, as they leave, and says whether they go
 * as a paid broadcast. Free calls wait in place (at most about a second; with paid broadcast on, IN_PROCESS_WAIT_MS,
 * else the job goes back to the queue, and free and paid calls take turns: PaidBroadcast.takeFree). A post of an alert
 * TELEGRAM_PAID_BROADCAST names takes the paid budget (its first answer, `first`, came with its chat's turn); once
 * the day's Stars are spent it goes free.
 */
async function globalTurn(d: DeliveryDeps, job: Job<DeliveryJob>, cost: number, now: () => number, first?: PaidTurn): Promise<boolean> {
  const member = String(job.id);
  const platform = job.data.platform;
  for (let turn = first; turn; turn = await d.paid!.take(now(), member, cost)) {
    if (turn.go === 'paid') {
      d.onPaid?.(cost, turn.charged);
      return true;
    }
    if (turn.go === 'free') break;
    await waitOrRequeue(d, turn.ms);
  }
  const take = () => (paidOn(d) ? d.paid!.takeFree(now(), member, cost) : d.pacer.takeGlobal(platform, now(), member, cost));
  for (let wait = await take(); wait > 0; wait = await take()) {
    await (paidOn(d) ? waitOrRequeue(d, wait) : new Promise((r) => setTimeout(r, wait)));
  }
  return false;
}

/** waitOrRequeue waits a short wait in place; a longer one pauses the queue that long and hands the job back (BullMQ manual rate limit). */
async function waitOrRequeue(d: DeliveryDeps, ms: number): Promise<void> {
  if (ms <= IN_PROCESS_WAIT_MS) return new Promise((r) => setTimeout(r, ms));
  await d.queue.rateLimit(ms);
  throw new RateLimitError();
}

/** deliver makes the platform calls of a plan: a post, or an update that becomes a new post if the message can no longer be edited. */
async function deliver(d: DeliveryDeps, job: Job<DeliveryJob>, plan: Extract<Plan, { msg: unknown }>, paid: boolean): Promise<[SendResult, Outcome]> {
  const nonce = { nonce: discordNonce(String(job.id)) };
  if (plan.do === 'post') return [await d.platform.send(job.data.chatId, plan.msg, { ...nonce, ...(paid ? { paid } : {}) }), plan.outcome];
  try {
    return [await d.platform.edit(job.data.chatId, plan.target, plan.msg), 'edited'];
  } catch (err) {
    if (!(err instanceof PlatformError) || err.kind !== 'uneditable') throw err;
    d.onOutcome?.('uneditable', job.data);
    return [await d.platform.send(job.data.chatId, plan.fresh, nonce), 'resent'];
  }
}

function done(d: DeliveryDeps, outcome: Outcome, job: DeliveryJob, why: string): string {
  d.onOutcome?.(outcome, job);
  return why;
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
      const moved: DeliveryJob = { ...data, chatId: err.migrateTo!, waits: 0 };
      await d.queue.add(data.op, moved, jobOptions(jobIdFor(data.op, data.payloadId, data.platform, moved.chatId), data, { priority: job.opts.priority ?? priorityOf(data.op, data.severity) }));
      return `moved to ${err.migrateTo} and re-queued`;
    }
    case 'unpaid':
      // The bot's Stars ran out: the rest of the day goes at the free rate, this delivery first (nothing was posted).
      if (await d.paid?.fallBack(now(), 'balance')) d.log?.warn({ platform: data.platform, reason: err.message }, 'Telegram refused a paid broadcast for the Stars balance: sending at the free rate for the rest of the UTC day');
      return delay(job, token, 1, now);
    case 'retry':
      throw err;
    default:
      throw new UnrecoverableError(err.message);
  }
}

/** isFinal says whether a failed job will not be tried again (a dead letter). */
function isFinal(job: Job<DeliveryJob>, err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** createDeliveryWorker starts a BullMQ worker on a platform's queue with the global send rate; what fails for good is a loud dead letter. */
export function createDeliveryWorker(d: DeliveryDeps, connection: ConnectionOptions, concurrency = 8): Worker<DeliveryJob> {
  const name = d.platform.name;
  const keys = new RedisKeys(d.prefix);
  const dead = new DeadLetters(d.redis, d.prefix, d.log, (l) => d.onOutcome?.('dead_letter', { op: l.op, platform: l.platform, chatId: l.chatId, payloadId: l.alertId }));
  const worker = new Worker<DeliveryJob>(queueName(name), (job, token) => processDelivery(d, job, token), {
    connection,
    prefix: keys.bull,
    concurrency,
    // Free: one job per interval, evenly. Paid broadcast on: taken at the paid rate; free calls wait in globalTurn.
    limiter: paidOn(d) ? { max: PAID_GLOBAL_PER_SEC / 20, duration: 50 } : { max: 1, duration: SEND_INTERVAL_MS[name] },
    lockDuration: 15_000,
    stalledInterval: 15_000,
    maxStalledCount: 3,
  });
  worker.on('failed', (job, err) => {
    if (job && isFinal(job, err)) void dead.record(job.data, String(job.id), err.message, (d.now ?? Date.now)()).catch(() => {});
  });
  return worker;
}
