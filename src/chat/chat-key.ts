import type { PlatformName } from './platform.js';

/**
 * The one place chat keys and destination ids are spelled and read.
 *
 * A chat key names a subscribed destination across platforms: "telegram:-1001234", "discord:123456789012345678".
 * Its chat id is the destination: a whole chat, a Discord channel or thread (a thread is a channel of its own id),
 * or a Telegram forum topic, written as the group's id and the topic's message_thread_id: "-1001234/42"
 * (https://core.telegram.org/bots/api#sendmessage message_thread_id).
 */

/** TOPIC_SEP joins a Telegram chat id and a forum topic's thread id in a destination id (neither id ever holds it). */
const TOPIC_SEP = '/';
const TOPIC_ID = /^-?\d+\/[1-9]\d{0,15}$/;

/** chatKey identifies a destination across platforms: "telegram:-1001234", "telegram:-1001234/42", "discord:123456789012345678". */
export function chatKey(platform: PlatformName, chatId: string): string {
  return `${platform}:${chatId}`;
}

/** parseChatKey reads a chatKey back (OPS_CHAT, held-alert keys); the chat id is everything after the first ':'. */
export function parseChatKey(key: string): { platform: PlatformName; chatId: string } {
  const i = key.indexOf(':');
  return { platform: key.slice(0, i) as PlatformName, chatId: key.slice(i + 1) };
}

/** Destination is where a message goes: a chat, and in a Telegram forum the topic (its message_thread_id). */
export interface Destination {
  chatId: string;
  threadId?: number;
}

/** destinationId writes a destination as one chat id: the chat's own id, or "chat/thread" for a forum topic. */
export function destinationId(chatId: string, threadId?: number): string {
  return threadId === undefined ? chatId : `${chatId}${TOPIC_SEP}${threadId}`;
}

/** parseDestination reads a destination id back: "-1001234/42" → chat -1001234, topic 42; any other id is a whole chat. */
export function parseDestination(id: string): Destination {
  if (!TOPIC_ID.test(id)) return { chatId: id };
  const i = id.indexOf(TOPIC_SEP);
  return { chatId: id.slice(0, i), threadId: Number(id.slice(i + 1)) };
}

/** chatOfDestination is the chat a destination is in (the platform's per-chat limits and memberships are the chat's). */
export function chatOfDestination(id: string): string {
  return parseDestination(id).chatId;
}

/** isWithinChat says whether destination `id` is `chatId` itself or, when `chatId` is a whole chat, one of its topics. */
export function isWithinChat(id: string, chatId: string): boolean {
  return id === chatId || chatOfDestination(id) === chatId;
}
