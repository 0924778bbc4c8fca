import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { AlertEvent } from '../alerts/types.js';
import { chatKey } from '../chat/chat-key.js';
import type { RichMessage } from '../chat/message.js';
import { deliveryId, jobIdFor } from '../lifecycle/dedup.js';
import { EDIT_WINDOW_MS } from '../lifecycle/fold.js';
import { isAbsorbed } from '../lifecycle/group.js';
import type { Subscription } from '../store/settings.js';
import type { CascadeStore } from './cascades.js';
import type { DeliveryJob } from './jobs.js';
import type { Delivered, DeliveryLedger } from './ledger.js';
import type { PayloadStore } from './payloads.js';
import { renderAlertFor, renderDigestFor } from './render.js';

/** EDIT_NOT_READY_MS is how long an update waits for the cascade message it edits to land. */
export const EDIT_NOT_READY_MS = 5_000;
/** MAX_EDIT_WAITS bounds that waiting (about 10 minutes): a cascade message still not posted by then never will be. */
export const MAX_EDIT_WAITS = 120;
/** PENDING are the BullMQ states of a job that may still run. */
const PENDING = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** Plan is what one delivery job does this time: nothing (and why), wait, post a message, or update one in place. */
export type Plan =
  | { do: 'skip'; outcome: 'absorbed' | 'empty'; why: string }
  | { do: 'wait'; ms: number; why: string }
  | { do: 'post'; msg: RichMessage; recordAs: string; outcome: 'sent' | 'resent' }
  | { do: 'edit'; msg: RichMessage; target: Delivered; recordAs: string; fresh: RichMessage };

/** PlanDeps are the stores a plan reads. */
export interface PlanDeps {
  payloads: PayloadStore;
  cascades: CascadeStore;
  ledger: DeliveryLedger;
  queue: Queue<DeliveryJob>;
}

/** absorbedIn says whether a cascade that reached this chat already carries the alert (as a trigger, or folded in). */
async function absorbedIn(p: PlanDeps, a: AlertEvent, chat: string): Promise<boolean> {
  if (a.kind === 'cascade') return false;
  const cascadeId = a.cascadeId ?? (await p.cascades.cascadeOf(a.id));
  return isAbsorbed(a, cascadeId, cascadeId !== null && (await p.cascades.reached(cascadeId, chat)));
}

async function planSend(p: PlanDeps, job: DeliveryJob, sub: Subscription): Promise<Plan> {
  const recordAs = deliveryId(job.payloadId, job.platform, job.chatId);
  const stored = await p.payloads.alert(job.payloadId);
  if (!stored) {
    const m = await p.payloads.get(job.payloadId);
    if (!m) throw new UnrecoverableError(`payload ${job.payloadId} expired`);
    return { do: 'post', msg: m.message, recordAs, outcome: 'sent' };
  }
  if (await absorbedIn(p, stored.alert, chatKey(job.platform, job.chatId))) return { do: 'skip', outcome: 'absorbed', why: 'in_cascade_message' };
  const folded = stored.alert.kind === 'cascade' ? await p.cascades.folded(stored.alert.id) : [];
  return { do: 'post', msg: renderAlertFor(stored, folded, sub, true), recordAs, outcome: 'sent' };
}

async function planDigest(p: PlanDeps, job: DeliveryJob, sub: Subscription): Promise<Plan> {
  const chat = chatKey(job.platform, job.chatId);
  const held: AlertEvent[] = [];
  for (const a of await p.payloads.claimHeld(chat, job.payloadId)) if (!(await absorbedIn(p, a, chat))) held.push(a);
  const msg = renderDigestFor(held, sub);
  if (!msg) return { do: 'skip', outcome: 'empty', why: 'nothing_held' };
  return { do: 'post', msg, recordAs: deliveryId(job.payloadId, job.platform, job.chatId), outcome: 'sent' };
}

/** sendState is the state of the job that posts a chat's cascade message ('unknown' once removed). */
async function sendState(p: PlanDeps, job: DeliveryJob): Promise<string> {
  const send = await p.queue.getJob(jobIdFor('send', job.payloadId, job.platform, job.chatId));
  return send ? send.getState() : 'unknown';
}

/**
 * planEdit updates a chat's cascade message with what was folded in since. If that message has not landed yet it
 * waits (bounded); if its send failed for good or never existed, or the message is past the 48 h edit window, the
 * update is posted as a new cascade message (the chat gets it whole, chart included) that later updates edit.
 */
async function planEdit(p: PlanDeps, job: Job<DeliveryJob>, sub: Subscription, now: number): Promise<Plan> {
  const data = job.data;
  const stored = await p.payloads.alert(data.payloadId);
  if (!stored) throw new UnrecoverableError(`cascade ${data.payloadId} expired`);
  const recordAs = deliveryId(data.payloadId, data.platform, data.chatId);
  const folded = await p.cascades.folded(data.payloadId);
  const fresh = renderAlertFor(stored, folded, sub, true);
  const target = await p.ledger.sent(recordAs);
  if (!target) {
    if (!PENDING.has(await sendState(p, data))) return { do: 'post', msg: fresh, recordAs, outcome: 'resent' };
    if ((data.waits ?? 0) >= MAX_EDIT_WAITS) throw new UnrecoverableError(`the cascade message ${data.payloadId} never landed in ${data.platform} chat ${data.chatId}`);
    return { do: 'wait', ms: EDIT_NOT_READY_MS, why: 'cascade_message_not_landed' };
  }
  if (target.at > 0 && now - target.at > EDIT_WINDOW_MS) return { do: 'post', msg: fresh, recordAs, outcome: 'resent' };
  return { do: 'edit', msg: renderAlertFor(stored, folded, sub, false), target, recordAs, fresh };
}

/** planFor decides what a delivery job does now, from the stored alert, the chat's settings and the ledger. */
export function planFor(p: PlanDeps, job: Job<DeliveryJob>, sub: Subscription, now: number): Promise<Plan> {
  if (job.data.op === 'digest') return planDigest(p, job.data, sub);
  if (job.data.op === 'edit') return planEdit(p, job, sub, now);
  return planSend(p, job.data, sub);
}
