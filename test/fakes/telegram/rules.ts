import type { FakeChat } from './chats.js';
import { parseTelegramHtml } from './html.js';
import { fail, type Content, type FakeState, type Reply, type SentMessage } from './state.js';
import { FAKE_BOT } from './updates.js';

/** MAX_TEXT: sendMessage / editMessageText text is 1–4096 characters after entities parsing (https://core.telegram.org/bots/api#sendmessage). */
export const MAX_TEXT = 4096;
/** MAX_CAPTION: a photo caption is 0–1024 characters after entities parsing (https://core.telegram.org/bots/api#sendphoto). */
export const MAX_CAPTION = 1024;
/** MAX_PHOTO_BYTES: sendPhoto takes at most 10 MB (https://core.telegram.org/bots/api#sendphoto). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** The exact descriptions Telegram answers (sources: reference chat-platforms.md §1.2 and the issues cited there). */
export const ERR = {
  tooLong: 'Bad Request: message is too long',
  captionTooLong: 'Bad Request: message caption is too long',
  textEmpty: 'Bad Request: message text is empty',
  /** https://github.com/TelegramBotAPI/errors (json/bad-request-message-to-edit-not-found.json). */
  editNotFound: 'Bad Request: message to edit not found',
  /** TelegramBotAPI/errors json/bad-request-message-cant-be-edited; yagop/node-telegram-bot-api#734. */
  cantEdit: "Bad Request: message can't be edited",
  /** python-telegram-bot#2406, rubenlagus/TelegramBots#1509, defstudio/telegraph#267. */
  noTextToEdit: 'Bad Request: there is no text in the message to edit',
  noCaptionToEdit: 'Bad Request: there is no caption in the message to edit',
  notModified: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  /** tdlib/telegram-bot-api#854 and #447 (a deleted topic, or a thread that is not a topic). */
  threadNotFound: 'Bad Request: message thread not found',
  /** rteixeirax/qbittorrent_telegram_notification#12; tdesktop#30476 (also the General topic when closed). */
  topicClosed: 'Bad Request: TOPIC_CLOSED',
  wrongFile: 'Bad Request: wrong file identifier/HTTP URL specified',
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * visibleText checks a text or caption the way Telegram does and returns what it shows after parsing, or the
 * error. Lengths are counted in UTF-16 code units, as Telegram counts message length and entity offsets
 * (https://core.telegram.org/api/entities#entity-length); a JS string's length is exactly that.
 */
export function visibleText(st: FakeState, raw: unknown, parseMode: unknown): Content | Reply {
  const text = raw === undefined || raw === null ? '' : String(raw);
  if (LONE_SURROGATE.test(text)) return fail(400, 'Bad Request: strings must be encoded in UTF-8');
  if (parseMode === undefined || parseMode === null || parseMode === '') return { text, entities: [] };
  if (parseMode !== 'HTML') return fail(400, `Bad Request: unsupported parse_mode "${String(parseMode)}"`);
  const parsed = parseTelegramHtml(text);
  if (!parsed.ok) {
    st.counters.parseErrors += 1;
    return fail(400, parsed.error);
  }
  return { text: parsed.text, entities: parsed.entities };
}

/** sameContent: Telegram's "not modified" compares the parsed text and its entities, not the markup that produced them. */
export function sameContent(a: Content, b: Content): boolean {
  return a.text === b.text && JSON.stringify(a.entities) === JSON.stringify(b.entities);
}

function chatNoun(chat: FakeChat): string {
  return chat.type === 'channel' ? 'channel' : chat.type === 'supergroup' ? 'supergroup' : 'group';
}

/**
 * memberAccess answers a call to a chat that became a supergroup (400 with parameters.migrate_to_chat_id, reference
 * §1.2 and TelegramBotAPI/errors json/bad-request-group-chat-migrated.json), or to a chat the bot is not in: 403 "bot was kicked from the … chat", "bot is not a
 * member of the … chat" (TelegramBotAPI/errors json/forbidden-bot-not-member-channel.json), or "bot was blocked by
 * the user" in a private chat (reference §1.2).
 */
export function memberAccess(chat: FakeChat): Reply | null {
  if (chat.migratedTo !== undefined) return fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
  const s = chat.bot.status;
  if (chat.type === 'private') return s === 'kicked' ? fail(403, 'Forbidden: bot was blocked by the user') : null;
  if (s === 'kicked') return fail(403, `Forbidden: bot was kicked from the ${chatNoun(chat)} chat`);
  if (s === 'left') return fail(403, `Forbidden: bot is not a member of the ${chatNoun(chat)} chat`);
  return null;
}

/**
 * sendAccess adds the right to post: a channel needs the bot to be an administrator with can_post_messages, and a
 * restricted member cannot send (400 "not enough rights to send text messages / photos to the chat",
 * TelegramBotAPI/errors json/bad-request-not-enough-rights-{text,photos}.json).
 */
export function sendAccess(chat: FakeChat, what: 'text messages' | 'photos'): Reply | null {
  const gone = memberAccess(chat);
  if (gone) return gone;
  const admin = chat.bot.status === 'administrator' || chat.bot.status === 'creator';
  const channelMute = chat.type === 'channel' && !(admin && chat.bot.canPostMessages);
  if (channelMute || chat.bot.status === 'restricted') return fail(400, `Bad Request: not enough rights to send ${what} to the chat`);
  return null;
}

/**
 * threadAccess checks message_thread_id on a send: in a forum it must name a live topic (deleted or unknown:
 * "message thread not found"), and a closed topic, or the closed General topic when no thread is given, refuses a
 * bot without can_manage_topics ("TOPIC_CLOSED"). In private chats Telegram ignores it (tdlib/telegram-bot-api#854).
 */
export function threadAccess(chat: FakeChat, raw: unknown): Reply | null {
  const canManage = chat.bot.status === 'creator' || (chat.bot.status === 'administrator' && chat.bot.canManageTopics);
  if (raw === undefined || raw === null || raw === '') return chat.isForum && chat.generalClosed && !canManage ? fail(400, ERR.topicClosed) : null;
  if (chat.type === 'private') return null;
  const topic = chat.isForum ? chat.topics.get(Number(raw)) : undefined;
  if (!topic || topic.deleted) return fail(400, ERR.threadNotFound);
  return topic.closed && !canManage ? fail(400, ERR.topicClosed) : null;
}

/** tooManyRequests is Telegram's flood answer (reference §1.2: 429 "retry after N" with parameters.retry_after). */
export function tooManyRequests(st: FakeState, wait: number, chatId?: string): Reply {
  st.counters.tooManyRequests += 1;
  if (chatId !== undefined) st.counters.tooManyByChat.set(chatId, (st.counters.tooManyByChat.get(chatId) ?? 0) + 1);
  return fail(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
}

/** messageObject is the Message the Bot API returns for a stored message (photo, caption, topic fields). */
export function messageObject(st: FakeState, m: SentMessage): Record<string, unknown> {
  const base = {
    message_id: m.messageId, date: Math.floor(m.time / 1000), chat: st.chats.object(m.chatId), from: FAKE_BOT,
    ...(m.threadId !== undefined ? { message_thread_id: m.threadId, is_topic_message: true } : {}),
    ...(m.edits.length > 0 ? { edit_date: Math.floor(m.edits[m.edits.length - 1].time / 1000) } : {}),
    ...(m.replyMarkup ? { reply_markup: JSON.parse(m.replyMarkup) as unknown } : {}),
  };
  const entities = m.content.entities.length > 0 ? m.content.entities : undefined;
  if (!m.photo) return { ...base, text: m.content.text, ...(entities ? { entities } : {}) };
  const photo = [{ file_id: m.fileId, file_unique_id: `u-${m.fileId}`, width: 320, height: 240, file_size: m.photo.data.length }];
  return { ...base, photo, ...(m.content.text ? { caption: m.content.text } : {}), ...(entities ? { caption_entities: entities } : {}) };
}
