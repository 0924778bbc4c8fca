/** FAKE_BOT is the bot getMe returns; group commands address it as `/cmd@crash_alert_test_bot`. */
export const FAKE_BOT = {
  id: 123456,
  is_bot: true,
  first_name: 'Crash Alert',
  username: 'crash_alert_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as const;

/** ANONYMOUS_ADMIN_ID is @GroupAnonymousBot, the `from` of a message an admin posts as the group. */
export const ANONYMOUS_ADMIN_ID = 1087968824;

/** FakeChatType is a Telegram chat type. */
export type FakeChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** FakeUser is the `from` of an update. */
export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  /** IETF language tag of the user's app (https://core.telegram.org/bots/api#user); what a new chat's language starts from. */
  language_code?: string;
}

/** SUPERGROUP_ID_BELOW: supergroup and channel ids are -100… (https://core.telegram.org/api/bots/ids). */
const SUPERGROUP_ID_BELOW = -1_000_000_000_000;

/** chatOf builds a chat object whose type follows from its id (positive: private, -100…: supergroup, else group). */
export function chatOf(id: number | string, title = 'Crash'): { id: number; type: FakeChatType; title?: string; first_name?: string } {
  const n = Number(id);
  if (n > 0) return { id: n, type: 'private', first_name: 'Ann' };
  return { id: n, type: n <= SUPERGROUP_ID_BELOW ? 'supergroup' : 'group', title };
}

/** userOf builds a human user (with the language_code their Telegram app reports, when given). */
export function userOf(id: number, firstName = `User${id}`, username?: string, languageCode?: string): FakeUser {
  return { id, is_bot: false, first_name: firstName, ...(username ? { username } : {}), ...(languageCode ? { language_code: languageCode } : {}) };
}

const DATE = 1_700_000_000;

/** commandMessage is a `message` update payload for `text`, with the bot_command entity telegraf needs on its first word. */
export function commandMessage(chatId: number, text: string, from: FakeUser = userOf(42, 'Ann')): Record<string, unknown> {
  const first = text.split(/\s/, 1)[0];
  return {
    message: {
      message_id: 0,
      date: DATE,
      chat: chatOf(chatId),
      from,
      text,
      entities: first.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: first.length }] : [],
    },
  };
}

/** anonymousAdminCommand is a command an admin posts anonymously, as the group itself (`sender_chat` is the chat). */
export function anonymousAdminCommand(chatId: number, text: string): Record<string, unknown> {
  const update = commandMessage(chatId, text, { id: ANONYMOUS_ADMIN_ID, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' });
  const message = update.message as Record<string, unknown>;
  message.sender_chat = chatOf(chatId);
  return update;
}

/** myChatMemberUpdate is the bot's own membership changing in a chat (added, left, kicked, blocked); `chat` overrides the inferred chat. */
export function myChatMemberUpdate(chatId: number, oldStatus: string, newStatus: string, from: FakeUser = userOf(42, 'Ann'), chat: Record<string, unknown> = chatOf(chatId)): Record<string, unknown> {
  return {
    my_chat_member: {
      chat,
      from,
      date: DATE,
      old_chat_member: { user: FAKE_BOT, status: oldStatus },
      new_chat_member: { user: FAKE_BOT, status: newStatus, ...(newStatus === 'kicked' ? { until_date: 0 } : {}) },
    },
  };
}

/** migrateToMessage is the service message a group gets when it becomes the supergroup `toChatId`. */
export function migrateToMessage(chatId: number, toChatId: number): Record<string, unknown> {
  return { message: { message_id: 0, date: DATE, chat: chatOf(chatId), from: userOf(42, 'Ann'), migrate_to_chat_id: toChatId } };
}

/** migrateFromMessage is the service message the new supergroup gets, naming the group it came from. */
export function migrateFromMessage(chatId: number, fromChatId: number): Record<string, unknown> {
  return { message: { message_id: 0, date: DATE, chat: chatOf(chatId), from: userOf(42, 'Ann'), migrate_from_chat_id: fromChatId } };
}

/**
 * topicMessage is a `message` update from a forum topic: message_thread_id, is_topic_message, a forum chat, and (as
 * Telegram sends for a message that is not a reply) the topic's forum_topic_created service message as
 * reply_to_message (https://core.telegram.org/bots/api#message; grammyjs/auto-thread#3).
 */
export function topicMessage(chatId: number, threadId: number, text: string, from: FakeUser = userOf(42, 'Ann'), topicName = 'Alerts'): Record<string, unknown> {
  const update = commandMessage(chatId, text, from);
  const chat = { ...chatOf(chatId), is_forum: true };
  const created = { message_id: threadId, date: DATE, chat, from, message_thread_id: threadId, forum_topic_created: { name: topicName, icon_color: 7322096 }, is_topic_message: true };
  Object.assign(update.message as Record<string, unknown>, { chat, message_thread_id: threadId, is_topic_message: true, reply_to_message: created });
  return update;
}

/**
 * channelPost is a `channel_post` update: a post in a channel, signed by the channel itself (sender_chat), with no
 * `from` (https://core.telegram.org/bots/api#message), and the bot_command entity when it starts with a command.
 */
export function channelPost(chatId: number, text: string, title = 'Crash Channel'): Record<string, unknown> {
  const chat = { id: chatId, type: 'channel', title };
  const first = text.split(/\s/, 1)[0];
  const entities = first.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: first.length }] : [];
  return { channel_post: { message_id: 0, date: DATE, chat, sender_chat: chat, text, entities } };
}
