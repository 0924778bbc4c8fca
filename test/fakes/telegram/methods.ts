import { parseTelegramHtml } from './html.js';
import type { RateLimiter } from './limits.js';
import type { MultipartFile } from './multipart.js';
import { chatOf, FAKE_BOT } from './updates.js';

/** MAX_TEXT, MAX_CAPTION: lengths after entity parsing (https://core.telegram.org/bots/api#sendmessage, #sendphoto). */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
/** MAX_PHOTO_BYTES: sendPhoto takes at most 10 MB (https://core.telegram.org/bots/api#sendphoto). */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Command menu limits (https://core.telegram.org/bots/api#botcommand, #setmycommands). */
const MAX_COMMANDS = 100;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const MAX_COMMAND_DESCRIPTION = 256;

/** ChatMemberStatus is a ChatMember status. */
export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** SentMessage is a message the fake accepted, with every edit applied to it since. */
export interface SentMessage {
  method: 'sendMessage' | 'sendPhoto';
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  parseMode?: string;
  /** The uploaded bytes (or the earlier upload a file_id names). */
  photo?: MultipartFile;
  time: number;
  edits: Array<{ text?: string; caption?: string; parseMode?: string; time: number }>;
}

/** FakeState is everything the method handlers read and change. */
export interface FakeState {
  now(): number;
  messages: SentMessage[];
  members: Map<string, ChatMemberStatus>;
  commands: Array<{ commands: Array<{ command: string; description: string }>; scope?: unknown }>;
  webhook: { url: string; secretToken?: string } | null;
  files: Map<string, MultipartFile>;
  limiter: RateLimiter;
  counters: { parseErrors: number; tooManyRequests: number; nextMessageId: number };
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

/** fail is a Bot API error answer: the HTTP status equals error_code. */
export function fail(status: number, description: string, parameters?: Record<string, unknown>): Reply {
  return { status, body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) } };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** visibleText checks a text or caption the way Telegram does and returns its length after parsing, or the error. */
function visibleText(st: FakeState, raw: unknown, parseMode: unknown): { len: number } | Reply {
  const text = raw === undefined ? '' : String(raw);
  if (LONE_SURROGATE.test(text)) return fail(400, 'Bad Request: strings must be encoded in UTF-8');
  if (parseMode === undefined || parseMode === '') return { len: text.length };
  if (parseMode !== 'HTML') return fail(400, `Bad Request: unsupported parse_mode "${String(parseMode)}"`);
  const parsed = parseTelegramHtml(text);
  if (!parsed.ok) {
    st.counters.parseErrors += 1;
    return fail(400, parsed.error);
  }
  return { len: parsed.text.length };
}

function rateLimit(st: FakeState, chatId: string): Reply | null {
  const wait = st.limiter.take(chatId);
  if (wait === null) return null;
  st.counters.tooManyRequests += 1;
  return fail(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
}

function messageObject(st: FakeState, m: SentMessage): Record<string, unknown> {
  const base = { message_id: m.messageId, date: Math.floor(m.time / 1000), chat: chatOf(m.chatId), from: FAKE_BOT };
  if (m.method === 'sendMessage') return { ...base, text: m.text };
  const photo = [{ file_id: `photo-${m.messageId}`, file_unique_id: `u-${m.messageId}`, width: 320, height: 240, file_size: m.photo?.data.length ?? 0 }];
  st.files.set(photo[0].file_id, m.photo!);
  return { ...base, photo, ...(m.caption ? { caption: m.caption } : {}) };
}

function sendMessage(st: FakeState, { fields: f }: Params): Reply {
  const checked = visibleText(st, f.text, f.parse_mode);
  if ('status' in checked) return checked;
  if (checked.len === 0) return fail(400, 'Bad Request: message text is empty');
  if (checked.len > MAX_TEXT) return fail(400, 'Bad Request: message is too long');
  const chatId = String(f.chat_id);
  const limited = rateLimit(st, chatId);
  if (limited) return limited;
  const m: SentMessage = { method: 'sendMessage', chatId, messageId: st.counters.nextMessageId++, text: String(f.text), parseMode: f.parse_mode as string | undefined, time: st.now(), edits: [] };
  st.messages.push(m);
  return ok(messageObject(st, m));
}

function sendPhoto(st: FakeState, { fields: f, files }: Params): Reply {
  const photo = files.photo ?? (typeof f.photo === 'string' ? st.files.get(f.photo) : undefined);
  if (!photo) return fail(400, 'Bad Request: wrong file identifier/HTTP URL specified');
  if (photo.data.length === 0) return fail(400, 'Bad Request: file must be non-empty');
  if (photo.data.length > MAX_PHOTO_BYTES) return fail(400, 'Bad Request: file is too big');
  const checked = visibleText(st, f.caption, f.parse_mode);
  if ('status' in checked) return checked;
  if (checked.len > MAX_CAPTION) return fail(400, 'Bad Request: message caption is too long');
  const chatId = String(f.chat_id);
  const limited = rateLimit(st, chatId);
  if (limited) return limited;
  const m: SentMessage = { method: 'sendPhoto', chatId, messageId: st.counters.nextMessageId++, caption: f.caption as string | undefined, parseMode: f.parse_mode as string | undefined, photo, time: st.now(), edits: [] };
  st.messages.push(m);
  return ok(messageObject(st, m));
}

function editMessage(st: FakeState, { fields: f }: Params, field: 'text' | 'caption'): Reply {
  const chatId = String(f.chat_id);
  const m = st.messages.find((x) => x.chatId === chatId && x.messageId === Number(f.message_id));
  if (!m) return fail(400, 'Bad Request: message to edit not found');
  if ((field === 'text') !== (m.method === 'sendMessage')) return fail(400, `Bad Request: there is no ${field} in the message to edit`);
  const checked = visibleText(st, f[field], f.parse_mode);
  if ('status' in checked) return checked;
  if (field === 'text' && checked.len === 0) return fail(400, 'Bad Request: message text is empty');
  if (checked.len > (field === 'text' ? MAX_TEXT : MAX_CAPTION)) {
    return fail(400, field === 'text' ? 'Bad Request: message is too long' : 'Bad Request: message caption is too long');
  }
  if (m[field] === f[field] && m.parseMode === f.parse_mode) {
    return fail(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
  }
  const limited = rateLimit(st, chatId);
  if (limited) return limited;
  m[field] = String(f[field] ?? '');
  m.parseMode = f.parse_mode as string | undefined;
  m.edits.push({ [field]: m[field], parseMode: m.parseMode, time: st.now() });
  return ok(messageObject(st, m));
}

function setMyCommands(st: FakeState, { fields: f }: Params): Reply {
  const raw = typeof f.commands === 'string' ? JSON.parse(f.commands) : f.commands;
  const commands = Array.isArray(raw) ? (raw as Array<{ command: string; description: string }>) : [];
  if (commands.length > MAX_COMMANDS) return fail(400, 'Bad Request: BOT_COMMANDS_TOO_MUCH');
  for (const c of commands) {
    if (!COMMAND_NAME.test(c.command)) return fail(400, 'Bad Request: BOT_COMMAND_INVALID');
    if (!c.description || c.description.length > MAX_COMMAND_DESCRIPTION) return fail(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
  }
  st.commands.push({ commands, scope: f.scope });
  return ok(true);
}

function member(userId: number, status: ChatMemberStatus): Record<string, unknown> {
  const user = { id: userId, is_bot: false, first_name: `User${userId}` };
  if (status !== 'administrator' && status !== 'creator') return { status, user };
  const can = { can_manage_chat: true, can_delete_messages: true, can_restrict_members: true, can_promote_members: status === 'creator', can_change_info: true, can_invite_users: true, can_pin_messages: true };
  return { status, user, is_anonymous: false, ...(status === 'administrator' ? { can_be_edited: false, ...can } : {}) };
}

function getChatMember(st: FakeState, { fields: f }: Params): Reply {
  const userId = Number(f.user_id);
  return ok(member(userId, st.members.get(`${String(f.chat_id)}:${userId}`) ?? 'member'));
}

function getChatAdministrators(st: FakeState, { fields: f }: Params): Reply {
  const prefix = `${String(f.chat_id)}:`;
  const admins = [...st.members].filter(([k, s]) => k.startsWith(prefix) && (s === 'creator' || s === 'administrator'));
  return ok(admins.map(([k, s]) => member(Number(k.slice(prefix.length)), s)));
}

function setWebhook(st: FakeState, { fields: f }: Params): Reply {
  st.webhook = { url: String(f.url), secretToken: f.secret_token as string | undefined };
  return ok(true);
}

/** METHODS are the Bot API methods the fake answers (getUpdates is served by the server: it long-polls). */
export const METHODS: Record<string, (st: FakeState, p: Params) => Reply> = {
  getMe: () => ok(FAKE_BOT),
  sendMessage,
  sendPhoto,
  editMessageText: (st, p) => editMessage(st, p, 'text'),
  editMessageCaption: (st, p) => editMessage(st, p, 'caption'),
  setMyCommands,
  getMyCommands: (st) => ok(st.commands[st.commands.length - 1]?.commands ?? []),
  deleteMyCommands: (st) => (st.commands.push({ commands: [] }), ok(true)),
  getChatMember,
  getChatAdministrators,
  setWebhook,
  deleteWebhook: (st) => ((st.webhook = null), ok(true)),
  answerCallbackQuery: () => ok(true),
  sendChatAction: () => ok(true),
  leaveChat: () => ok(true),
};
