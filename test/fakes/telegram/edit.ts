import { ERR, MAX_CAPTION, MAX_TEXT, memberAccess, messageObject, sameContent, tooManyRequests, visibleText } from './rules.js';
import { resolvePhoto } from './send.js';
import { fail, isReply, jsonField, ok, type Content, type FakeState, type Params, type Reply, type SentEdit, type SentMessage } from './state.js';

/** Target is the stored message an edit names, or the answer refusing it. */
function target(st: FakeState, f: Record<string, unknown>): SentMessage | Reply {
  const chatId = String(f.chat_id);
  const gone = memberAccess(st.chats.get(chatId));
  if (gone) return gone;
  const m = st.messages.find((x) => x.chatId === chatId && x.messageId === Number(f.message_id));
  const topicGone = m?.threadId !== undefined && st.chats.get(chatId).topics.get(m.threadId)?.deleted;
  if (!m || m.deleted || topicGone) return fail(400, ERR.editNotFound);
  return tooOld(st, m) ? fail(400, ERR.cantEdit) : m;
}

/**
 * tooOld: a message in a group, supergroup or channel can be edited for 48 hours (issue 10; Telegram's clients
 * apply the server's edit_time_limit of 172800 s, and the Bot API documents the same 48 h for deleteMessage and for
 * business messages, https://core.telegram.org/bots/api#editmessagetext). Private chats are not limited.
 */
function tooOld(st: FakeState, m: SentMessage): boolean {
  if (st.editWindowMs === null || st.chats.get(m.chatId).type === 'private') return false;
  return st.now() - m.time > st.editWindowMs;
}

function markupOf(f: Record<string, unknown>): string | undefined {
  const markup = jsonField(f.reply_markup);
  return markup ? JSON.stringify(markup) : undefined;
}

/** commit applies an accepted edit after the flood limits (edits count too: grammY's flood notes, reference §3.4). */
function commit(st: FakeState, m: SentMessage, edit: Omit<SentEdit, 'time'>, content: Content, markup: string | undefined): Reply {
  const wait = st.limiter.take(m.chatId);
  if (wait !== null) return tooManyRequests(st, wait, m.chatId);
  m.content = content;
  m.replyMarkup = markup;
  m.parseMode = edit.parseMode;
  if (edit.method === 'editMessageText') m.text = edit.text;
  else m.caption = edit.caption;
  if (edit.photo) {
    m.photo = edit.photo;
    m.text = undefined;
  }
  m.edits.push({ ...edit, time: st.now() });
  return ok(messageObject(st, m));
}

/** editText: editMessageText on a text message only; "not modified" when text, entities and markup are unchanged. */
export function editText(st: FakeState, { fields: f }: Params): Reply {
  const m = target(st, f);
  if (isReply(m)) return m;
  if (m.photo) return fail(400, ERR.noTextToEdit);
  const content = visibleText(st, f.text, f.parse_mode);
  if (isReply(content)) return content;
  if (content.text.trim().length === 0) return fail(400, ERR.textEmpty);
  if (content.text.length > MAX_TEXT) return fail(400, ERR.tooLong);
  const markup = markupOf(f);
  if (sameContent(m.content, content) && m.replyMarkup === markup) return fail(400, ERR.notModified);
  return commit(st, m, { method: 'editMessageText', text: String(f.text), parseMode: f.parse_mode as string | undefined }, content, markup);
}

/** editCaption: editMessageCaption on a media message only, caption 0–1024 after parsing (https://core.telegram.org/bots/api#editmessagecaption). */
export function editCaption(st: FakeState, { fields: f }: Params): Reply {
  const m = target(st, f);
  if (isReply(m)) return m;
  if (!m.photo) return fail(400, ERR.noCaptionToEdit);
  const content = visibleText(st, f.caption, f.parse_mode);
  if (isReply(content)) return content;
  if (content.text.length > MAX_CAPTION) return fail(400, ERR.captionTooLong);
  const markup = markupOf(f);
  if (sameContent(m.content, content) && m.replyMarkup === markup) return fail(400, ERR.notModified);
  const caption = f.caption === undefined ? undefined : String(f.caption);
  return commit(st, m, { method: 'editMessageCaption', caption, parseMode: f.parse_mode as string | undefined }, content, markup);
}

/**
 * editMedia: editMessageMedia replaces the photo and its caption, on a photo or a text message ("edit animation,
 * audio, document, photo, or video messages, or to add media to text messages",
 * https://core.telegram.org/bots/api#editmessagemedia). The fake serves `type: "photo"` only.
 */
export function editMedia(st: FakeState, { fields: f, files }: Params): Reply {
  const m = target(st, f);
  if (isReply(m)) return m;
  const media = jsonField(f.media) as Record<string, unknown> | undefined;
  if (!media || typeof media !== 'object') return fail(400, "Bad Request: can't parse InputMedia: media is not an object");
  if (media.type !== 'photo') return fail(400, `Bad Request: the fake serves InputMediaPhoto only, not "${String(media.type)}"`);
  const photo = resolvePhoto(st, media, files, 'media');
  if (isReply(photo)) return photo;
  const content = visibleText(st, media.caption, media.parse_mode);
  if (isReply(content)) return content;
  if (content.text.length > MAX_CAPTION) return fail(400, ERR.captionTooLong);
  const markup = markupOf(f);
  const sameFile = photo.fileId === m.fileId;
  if (sameFile && sameContent(m.content, content) && m.replyMarkup === markup) return fail(400, ERR.notModified);
  const caption = media.caption === undefined ? undefined : String(media.caption);
  const before = m.fileId;
  m.fileId = photo.fileId;
  const r = commit(st, m, { method: 'editMessageMedia', caption, parseMode: media.parse_mode as string | undefined, photo: photo.photo }, content, markup);
  if (r.status !== 200) m.fileId = before;
  return r;
}

/**
 * deleteMessage: the bot deletes a message; "A message can only be deleted if it was sent less than 48 hours ago"
 * (https://core.telegram.org/bots/api#deletemessage).
 */
export function deleteMessage(st: FakeState, { fields: f }: Params): Reply {
  const chatId = String(f.chat_id);
  const gone = memberAccess(st.chats.get(chatId));
  if (gone) return gone;
  const m = st.messages.find((x) => x.chatId === chatId && x.messageId === Number(f.message_id));
  if (!m || m.deleted) return fail(400, 'Bad Request: message to delete not found');
  if (tooOld(st, m)) return fail(400, "Bad Request: message can't be deleted");
  m.deleted = true;
  return ok(true);
}
