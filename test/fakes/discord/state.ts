import { attachmentsAfter, cdnUrl, resolveEmbeds } from './attachments.js';
import type { ChannelRegistry } from './channels.js';
import { botUser, snowflake } from './fixtures.js';
import type { ParsedBody } from './http.js';
import type { FakeRateLimiter } from './ratelimit.js';
import type { FormIssue } from './validate.js';

/** RecordedAttachment is an uploaded file as the fake received it, bytes included. */
export interface RecordedAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string;
  description?: string;
  bytes: Buffer;
}

/** RecordedMessage is every accepted message (channel post, interaction reply or follow-up). */
export interface RecordedMessage {
  id: string;
  channelId: string;
  content: string;
  /** The embeds as the bot sent them (attachment:// references included). */
  embeds: any[];
  /** The embeds as Discord stores and returns them: attachment:// resolved to the attachment's URL, or dropped. */
  shownEmbeds: any[];
  /** Ids of the attachments an embed shows through attachment:// (the others are shown as loose files). */
  claimed: string[];
  allowedMentions: unknown;
  attachments: RecordedAttachment[];
  nonce?: string | number;
  flags: number;
  time: number;
  edits: number;
  editedAt?: number;
}

/** Failure is a scripted answer for one channel (403 50001, 404 10003, 5xx, …). */
export interface Failure {
  status: number;
  code: number;
  message: string;
  left: number;
}

/** StoredCommand is a registered application command as the fake echoes it back. */
export type StoredCommand = Record<string, unknown> & { id: string; name: string; application_id: string; version: string };

/** FakeInteraction is one dispatched slash command and everything the bot answered to it. */
export interface FakeInteraction {
  id: string;
  token: string;
  channelId: string;
  dispatchedAt: number;
  callbacks: Array<{ type: number; data: any; files: number; at: number }>;
  original: RecordedMessage | null;
  originalEdits: number;
  originalDeleted: boolean;
  followups: RecordedMessage[];
  /** Answers refused by the fake (late, twice, unknown), by Discord error code. */
  refusals: number[];
}

/** isAnswered says whether the bot has answered an interaction: a reply, or a deferral followed by an edit or a follow-up. */
export function isAnswered(i: FakeInteraction): boolean {
  return i.callbacks.length > 0 && (i.callbacks[0].type !== 5 || i.originalEdits > 0 || i.followups.length > 0);
}

/** answerOf waits (at most `ms`) for the bot's answer to an interaction and gives all of it as JSON: callbacks, original, follow-ups. */
export async function answerOf(i: FakeInteraction, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  while (!isAnswered(i)) {
    if (Date.now() > end) throw new Error(`no answer to interaction ${i.id} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return JSON.stringify([i.callbacks, i.original, i.followups]);
}

/** FakeState is everything the fake's routes read and record. */
export interface FakeState {
  token: string;
  applicationId: string;
  limiter: FakeRateLimiter;
  messages: RecordedMessage[];
  nonces: Map<string, { id: string; at: number }>;
  nonceWindowMs: number;
  failures: Map<string, Failure>;
  counters: { mentionViolations: number; formErrors: number; nonceHits: number; droppedImages: number };
  channels: ChannelRegistry;
  /** The bot holds MANAGE_THREADS (may post in locked threads and unarchive them). */
  botCanManageThreads: boolean;
  interactions: Map<string, FakeInteraction>;
  interactionDeadlineMs: number;
  commands: { global: StoredCommand[]; guilds: Map<string, StoredCommand[]> };
  commandPuts: Array<{ guildId: string | null; body: unknown }>;
}

/** mentionsSafe: the only accepted allowed_mentions is `{parse: []}` (empty users/roles lists and replied_user false tolerated). */
export function mentionsSafe(am: any): boolean {
  if (!am || typeof am !== 'object' || !Array.isArray(am.parse) || am.parse.length > 0) return false;
  const extra = Object.keys(am).filter((k) => k !== 'parse');
  return extra.every((k) => (k === 'replied_user' ? am[k] === false : Array.isArray(am[k]) && am[k].length === 0));
}

/** writeEmbeds stores new embeds against the message's attachments (resolving attachment://) and counts dropped images. */
function writeEmbeds(state: FakeState, m: RecordedMessage, embeds: any[]): void {
  const r = resolveEmbeds(embeds, m.attachments, m.channelId);
  m.embeds = embeds;
  m.shownEmbeds = r.shown;
  m.claimed = r.claimed;
  state.counters.droppedImages += r.dropped;
}

/** attachmentIssues lists the `attachments` entries of a body that name no attachment or upload (a 50035 form error). */
export function attachmentIssues(current: RecordedMessage | null, body: ParsedBody): FormIssue[] {
  return attachmentsAfter(current ? current.attachments : null, body).issues;
}

/** newMessage builds a message from a request body, counting an unsafe allowed_mentions. */
export function newMessage(state: FakeState, channelId: string, body: ParsedBody, now: number): RecordedMessage {
  const j = body.json;
  if (!mentionsSafe(j.allowed_mentions)) state.counters.mentionViolations += 1;
  const m: RecordedMessage = {
    id: snowflake(now), channelId, content: typeof j.content === 'string' ? j.content : '', embeds: [], shownEmbeds: [], claimed: [],
    allowedMentions: j.allowed_mentions, attachments: attachmentsAfter(null, body).list, ...(j.nonce !== undefined ? { nonce: j.nonce } : {}),
    flags: Number(j.flags ?? 0), time: now, edits: 0,
  };
  writeEmbeds(state, m, Array.isArray(j.embeds) ? j.embeds : []);
  return m;
}

/**
 * applyEdit updates a stored message from a PATCH body: fields given replace the stored ones, attachments follow
 * attachmentsAfter, and embeds kept from before keep the image URLs they were stored with.
 */
export function applyEdit(state: FakeState, m: RecordedMessage, body: ParsedBody, now = Date.now()): void {
  const j = body.json;
  if (!mentionsSafe(j.allowed_mentions)) state.counters.mentionViolations += 1;
  if (j.content !== undefined) m.content = j.content ?? '';
  if (j.allowed_mentions !== undefined) m.allowedMentions = j.allowed_mentions;
  m.attachments = attachmentsAfter(m.attachments, body).list;
  if (j.embeds !== undefined) writeEmbeds(state, m, j.embeds ?? []);
  else m.claimed = m.claimed.filter((id) => m.attachments.some((a) => a.id === id));
  if (j.flags !== undefined) m.flags = Number(j.flags);
  m.edits += 1;
  m.editedAt = now;
}

/** apiMessage is the Message object discord.js builds a `Message` from. */
export function apiMessage(state: FakeState, m: RecordedMessage, extra: Record<string, unknown> = {}) {
  return {
    id: m.id, type: 0, channel_id: m.channelId, author: botUser(state.applicationId), content: m.content,
    timestamp: new Date(m.time).toISOString(), edited_timestamp: m.editedAt !== undefined ? new Date(m.editedAt).toISOString() : null,
    tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, embeds: m.shownEmbeds, components: [],
    attachments: m.attachments.map((a) => ({
      id: a.id, filename: a.filename, size: a.size, content_type: a.contentType, ...(a.description ? { description: a.description } : {}),
      url: cdnUrl(m.channelId, a), proxy_url: cdnUrl(m.channelId, a).replace('cdn.', 'media.'),
    })),
    flags: m.flags, ...(m.nonce !== undefined ? { nonce: m.nonce } : {}), ...extra,
  };
}
