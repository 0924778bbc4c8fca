import { botUser, snowflake } from './fixtures.js';
import type { ParsedBody } from './http.js';
import type { FakeRateLimiter } from './ratelimit.js';

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
  embeds: any[];
  allowedMentions: unknown;
  attachments: RecordedAttachment[];
  nonce?: string | number;
  flags: number;
  time: number;
  edits: number;
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

/** FakeState is everything the fake's routes read and record. */
export interface FakeState {
  token: string;
  applicationId: string;
  limiter: FakeRateLimiter;
  messages: RecordedMessage[];
  nonces: Map<string, { id: string; at: number }>;
  nonceWindowMs: number;
  failures: Map<string, Failure>;
  counters: { mentionViolations: number; formErrors: number; nonceHits: number };
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

/** attachmentsOf pairs `files[n]` parts with `attachments[{id: n}]` entries (filename, description). */
export function attachmentsOf(body: ParsedBody): RecordedAttachment[] {
  const refs: any[] = Array.isArray(body.json.attachments) ? body.json.attachments : [];
  return body.files.map((f) => {
    const ref = refs.find((r) => String(r?.id) === String(f.index));
    return {
      id: snowflake(), filename: ref?.filename ?? f.name, size: f.bytes.length, contentType: f.contentType,
      ...(ref?.description ? { description: ref.description } : {}), bytes: f.bytes,
    };
  });
}

/** newMessage builds a message from a request body, counting an unsafe allowed_mentions. */
export function newMessage(state: FakeState, channelId: string, body: ParsedBody, now: number): RecordedMessage {
  const j = body.json;
  if (!mentionsSafe(j.allowed_mentions)) state.counters.mentionViolations += 1;
  return {
    id: snowflake(now), channelId, content: typeof j.content === 'string' ? j.content : '', embeds: Array.isArray(j.embeds) ? j.embeds : [],
    allowedMentions: j.allowed_mentions, attachments: attachmentsOf(body), ...(j.nonce !== undefined ? { nonce: j.nonce } : {}),
    flags: Number(j.flags ?? 0), time: now, edits: 0,
  };
}

/** applyEdit updates a stored message from a PATCH body (attachments replaced when files or `attachments` are sent). */
export function applyEdit(state: FakeState, m: RecordedMessage, body: ParsedBody): void {
  const j = body.json;
  if (!mentionsSafe(j.allowed_mentions)) state.counters.mentionViolations += 1;
  if (j.content !== undefined) m.content = j.content ?? '';
  if (j.embeds !== undefined) m.embeds = j.embeds ?? [];
  if (j.allowed_mentions !== undefined) m.allowedMentions = j.allowed_mentions;
  if (body.files.length > 0 || Array.isArray(j.attachments)) {
    const kept = m.attachments.filter((a) => (j.attachments ?? []).some((r: any) => String(r?.id) === a.id));
    m.attachments = [...kept, ...attachmentsOf(body)];
  }
  if (j.flags !== undefined) m.flags = Number(j.flags);
  m.edits += 1;
}

/** apiMessage is the Message object discord.js builds a `Message` from. */
export function apiMessage(state: FakeState, m: RecordedMessage, extra: Record<string, unknown> = {}) {
  return {
    id: m.id, type: 0, channel_id: m.channelId, author: botUser(state.applicationId), content: m.content,
    timestamp: new Date(m.time).toISOString(), edited_timestamp: m.edits > 0 ? new Date().toISOString() : null,
    tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, embeds: m.embeds, components: [],
    attachments: m.attachments.map((a) => ({
      id: a.id, filename: a.filename, size: a.size, content_type: a.contentType, ...(a.description ? { description: a.description } : {}),
      url: `https://cdn.discordapp.invalid/attachments/${m.channelId}/${a.id}/${a.filename}`, proxy_url: `https://media.discordapp.invalid/${a.id}/${a.filename}`,
    })),
    flags: m.flags, ...(m.nonce !== undefined ? { nonce: m.nonce } : {}), ...extra,
  };
}
