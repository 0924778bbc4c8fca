import type { MultipartFile } from './multipart.js';
import { ERR, MAX_CAPTION, MAX_PHOTO_BYTES, MAX_TEXT, messageObject, sendAccess, threadAccess, tooManyRequests, visibleText } from './rules.js';
import { fail, flag, isReply, jsonField, ok, type Content, type FakeState, type Params, type Reply, type SentMessage } from './state.js';

/** Draft is a send that passed its content checks, waiting for the chat, thread, Stars and rate checks. */
interface Draft {
  method: SentMessage['method'];
  what: 'text messages' | 'photos';
  content: Content;
  raw: { text?: string; caption?: string };
  photo?: MultipartFile;
  fileId?: string;
}

/** uploadSeq numbers uploads: a file_id is never handed out twice, even after forgetFiles. */
let uploadSeq = 0;

/**
 * resolvePhoto finds the photo of a send or edit: an uploaded part (given a new file_id, as Telegram gives each
 * upload one) or a file_id the fake handed out before.
 */
export function resolvePhoto(st: FakeState, fields: Record<string, unknown>, files: Params['files'], name = 'photo'): { photo: MultipartFile; fileId: string } | Reply {
  const ref = fields[name];
  const attach = typeof ref === 'string' && ref.startsWith('attach://') ? files[ref.slice('attach://'.length)] : undefined;
  const photo = attach ?? files[name] ?? (typeof ref === 'string' ? st.files.get(ref) : undefined);
  if (!photo) return fail(400, ERR.wrongFile);
  if (photo.data.length === 0) return fail(400, 'Bad Request: file must be non-empty');
  if (photo.data.length > MAX_PHOTO_BYTES) return fail(400, 'Bad Request: file is too big');
  const uploaded = attach ?? files[name];
  const fileId = uploaded ? `AgACAgI-fake-${++uploadSeq}` : String(ref);
  if (uploaded) st.files.set(fileId, uploaded);
  return { photo, fileId };
}

/**
 * deliver runs the checks every send shares, in the order the Bot API applies them: the bot's access to the chat,
 * the forum topic, the Stars balance for a paid broadcast, then the flood limits; and records the message.
 */
function deliver(st: FakeState, f: Record<string, unknown>, d: Draft): Reply {
  const chatId = String(f.chat_id);
  const chat = st.chats.get(chatId);
  const refused = sendAccess(chat, d.what) ?? threadAccess(chat, f.message_thread_id);
  if (refused) return refused;
  const paid = flag(f.allow_paid_broadcast);
  if (paid && !st.stars.canPay()) return fail(st.stars.exhausted.status, st.stars.exhausted.description);
  const { wait, overFree } = st.limiter.takeSend(chatId, paid);
  if (wait !== null) return tooManyRequests(st, wait, chatId);
  if (paid) st.stars.record(overFree);
  const threadId = chat.isForum && f.message_thread_id !== undefined && f.message_thread_id !== '' ? Number(f.message_thread_id) : undefined;
  const markup = jsonField(f.reply_markup);
  const m: SentMessage = {
    method: d.method, chatId, messageId: st.counters.nextMessageId++, ...(threadId !== undefined ? { threadId } : {}),
    ...d.raw, parseMode: f.parse_mode as string | undefined, content: d.content, paid, deleted: false, time: st.now(), edits: [],
    ...(d.photo ? { photo: d.photo } : {}), ...(d.fileId ? { fileId: d.fileId } : {}), ...(markup ? { replyMarkup: JSON.stringify(markup) } : {}),
  };
  st.messages.push(m);
  return ok(messageObject(st, m));
}

/** sendMessage: text 1–4096 characters after entities parsing (https://core.telegram.org/bots/api#sendmessage). */
export function sendMessage(st: FakeState, { fields: f }: Params): Reply {
  const content = visibleText(st, f.text, f.parse_mode);
  if (isReply(content)) return content;
  if (content.text.trim().length === 0) return fail(400, ERR.textEmpty);
  if (content.text.length > MAX_TEXT) return fail(400, ERR.tooLong);
  return deliver(st, f, { method: 'sendMessage', what: 'text messages', content, raw: { text: String(f.text) } });
}

/** sendPhoto: an upload or a known file_id, caption 0–1024 characters after parsing (https://core.telegram.org/bots/api#sendphoto). */
export function sendPhoto(st: FakeState, { fields: f, files }: Params): Reply {
  const photo = resolvePhoto(st, f, files);
  if (isReply(photo)) return photo;
  const content = visibleText(st, f.caption, f.parse_mode);
  if (isReply(content)) return content;
  if (content.text.length > MAX_CAPTION) return fail(400, ERR.captionTooLong);
  const raw = f.caption === undefined ? {} : { caption: String(f.caption) };
  return deliver(st, f, { method: 'sendPhoto', what: 'photos', content, raw, ...photo });
}
