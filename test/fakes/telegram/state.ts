import type { ChatRegistry } from './chats.js';
import type { HtmlEntity } from './html.js';
import type { RateLimiter } from './limits.js';
import type { MultipartFile } from './multipart.js';
import type { StarsLedger } from './stars.js';

/** ChatMemberStatus is a ChatMember status. */
export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** Content is what a text or caption shows after entity parsing: the text and its entities (UTF-16 offsets). */
export interface Content {
  text: string;
  entities: HtmlEntity[];
}

/** SentEdit is one accepted edit: what the message showed after it. */
export interface SentEdit {
  method: 'editMessageText' | 'editMessageCaption' | 'editMessageMedia';
  text?: string;
  caption?: string;
  parseMode?: string;
  photo?: MultipartFile;
  time: number;
}

/** SentMessage is a message the fake accepted, as it stands now (every edit applied), with its history. */
export interface SentMessage {
  method: 'sendMessage' | 'sendPhoto';
  chatId: string;
  messageId: number;
  /** The forum topic it was posted in (message_thread_id), if any. */
  threadId?: number;
  /** The raw text / caption as sent (HTML when parseMode is HTML). */
  text?: string;
  caption?: string;
  parseMode?: string;
  /** What the text or caption shows after entity parsing. */
  content: Content;
  /** The photo bytes (uploaded, or the earlier upload a file_id names); set for photo messages. */
  photo?: MultipartFile;
  /** The photo's file_id (each upload gets its own, as on Telegram). */
  fileId?: string;
  replyMarkup?: string;
  /** Sent with allow_paid_broadcast: true. */
  paid: boolean;
  /** Deleted by the bot (deleteMessage) or by a test (a user or admin deleting it). */
  deleted: boolean;
  time: number;
  edits: SentEdit[];
}

/** CommandSet is a command menu stored for one (scope, language_code) pair. */
export interface CommandSet {
  scope: Record<string, unknown>;
  languageCode: string;
  commands: Array<{ command: string; description: string }>;
}

/** WebhookConfig is what setWebhook stored. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
}

/** FakeState is everything the method handlers read and change. */
export interface FakeState {
  now(): number;
  messages: SentMessage[];
  members: Map<string, ChatMemberStatus>;
  /** Every setMyCommands / deleteMyCommands call, in order (deleteMyCommands records an empty list). */
  commands: Array<{ commands: Array<{ command: string; description: string }>; scope?: unknown; languageCode?: string }>;
  /** The command menus in force, keyed by scope and language. */
  commandSets: Map<string, CommandSet>;
  webhook: WebhookConfig | null;
  files: Map<string, MultipartFile>;
  limiter: RateLimiter;
  chats: ChatRegistry;
  stars: StarsLedger;
  /** How long after sending a message in a group, supergroup or channel it can still be edited (null: forever). */
  editWindowMs: number | null;
  counters: { parseErrors: number; tooManyRequests: number; nextMessageId: number; tooManyByChat: Map<string, number> };
}

/** Params are a call's fields (JSON values, or strings from multipart/urlencoded) and its uploaded files. */
export interface Params {
  fields: Record<string, unknown>;
  files: Record<string, MultipartFile>;
}

/** Reply is the HTTP status and JSON body the fake answers. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** ok is a successful Bot API answer. */
export function ok(result: unknown): Reply {
  return { status: 200, body: { ok: true, result } };
}

/** fail is a Bot API error answer: the HTTP status equals error_code (https://core.telegram.org/bots/api#making-requests). */
export function fail(status: number, description: string, parameters?: Record<string, unknown>): Reply {
  return { status, body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) } };
}

/** isReply tells a Reply from a successful intermediate result. */
export function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && 'status' in v && 'body' in v;
}

/** flag reads a boolean parameter (JSON true, or "true" from multipart/urlencoded). */
export function flag(v: unknown): boolean {
  return v === true || v === 'true';
}

/** jsonField reads an object parameter (an object in JSON bodies, a JSON string in multipart). */
export function jsonField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}
