import { chatOf, type FakeChatType } from './updates.js';

/** BotStatus is the bot's own ChatMember status in a chat (https://core.telegram.org/bots/api#chatmember). */
export type BotStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** FakeTopic is a forum topic; its thread id is the id of its forum_topic_created service message. */
export interface FakeTopic {
  threadId: number;
  name: string;
  closed: boolean;
  deleted: boolean;
}

/** FakeChat is what the fake knows about a chat: its type, the bot's standing in it, and its topics. */
export interface FakeChat {
  id: number;
  type: FakeChatType;
  title?: string;
  isForum: boolean;
  bot: { status: BotStatus; canPostMessages: boolean; canManageTopics: boolean };
  topics: Map<number, FakeTopic>;
  generalClosed: boolean;
  /** Set once the group became a supergroup: every call to the old id answers with migrate_to_chat_id. */
  migratedTo?: number;
}

/** ChatOptions describe a chat a test adds explicitly. */
export interface ChatOptions {
  title?: string;
  bot?: BotStatus;
  /** Channels: the bot's `can_post_messages` admin right (default true when it is an administrator). */
  canPostMessages?: boolean;
  /** Forums: the bot's `can_manage_topics` admin right (lets it post in closed topics). */
  canManageTopics?: boolean;
}

/**
 * ChatRegistry holds the chats the fake serves. A chat a test never declared is created on first use from
 * its id (positive: private, -100…: supergroup, other negative: group) with the bot a plain member, so
 * simple tests need no setup; forums and channels are declared with addForum / addChannel.
 */
export class ChatRegistry {
  private readonly chats = new Map<string, FakeChat>();

  constructor(private readonly nextMessageId: () => number) {}

  /** get returns the chat, creating an implicit one on first use. */
  get(id: string | number): FakeChat {
    const key = String(id);
    let chat = this.chats.get(key);
    if (!chat) {
      const base = chatOf(id);
      chat = { id: base.id, type: base.type, title: base.title, isForum: false, bot: { status: 'member', canPostMessages: false, canManageTopics: false }, topics: new Map(), generalClosed: false };
      this.chats.set(key, chat);
    }
    return chat;
  }

  /** add declares a chat of a given type (replacing what the fake knew about it). */
  add(id: number, type: FakeChatType, opts: ChatOptions = {}): FakeChat {
    const status = opts.bot ?? (type === 'channel' ? 'administrator' : 'member');
    const admin = status === 'administrator' || status === 'creator';
    const chat: FakeChat = {
      id, type, title: opts.title ?? (type === 'private' ? undefined : `Chat ${id}`), isForum: false,
      bot: { status, canPostMessages: opts.canPostMessages ?? admin, canManageTopics: opts.canManageTopics ?? false },
      topics: new Map(), generalClosed: false,
    };
    this.chats.set(String(id), chat);
    return chat;
  }

  /** addForum declares a forum supergroup (https://core.telegram.org/bots/api#chat is_forum). */
  addForum(id: number, opts: ChatOptions = {}): FakeChat {
    const chat = this.add(id, 'supergroup', opts);
    chat.isForum = true;
    return chat;
  }

  /** addChannel declares a channel; by default the bot is an administrator that may post. */
  addChannel(id: number, opts: ChatOptions = {}): FakeChat {
    return this.add(id, 'channel', opts);
  }

  /** addTopic creates a topic in a forum and returns its message_thread_id. */
  addTopic(chatId: number, name: string): number {
    const chat = this.get(chatId);
    if (!chat.isForum) throw new Error(`FakeTelegram: chat ${chatId} is not a forum (use addForum first)`);
    const threadId = this.nextMessageId();
    chat.topics.set(threadId, { threadId, name, closed: false, deleted: false });
    return threadId;
  }

  /** topic returns a topic of a forum or throws (a test naming a topic that was never made is a test bug). */
  topic(chatId: number, threadId: number): FakeTopic {
    const t = this.get(chatId).topics.get(threadId);
    if (!t) throw new Error(`FakeTelegram: chat ${chatId} has no topic ${threadId}`);
    return t;
  }

  /** migrate turns a basic group into the supergroup `toId` (https://core.telegram.org/bots/api#message migrate_to_chat_id). */
  migrate(fromId: number, toId: number): FakeChat {
    const from = this.get(fromId);
    from.migratedTo = toId;
    return this.add(toId, 'supergroup', { title: from.title, bot: from.bot.status, canManageTopics: from.bot.canManageTopics });
  }

  /** setTopic closes, reopens or deletes a topic (a deleted topic's messages are gone with it). */
  setTopic(chatId: number, threadId: number, change: 'close' | 'reopen' | 'delete'): void {
    const t = this.topic(chatId, threadId);
    if (change === 'delete') t.deleted = true;
    else t.closed = change === 'close';
  }

  /** object is the Chat object for messages and updates. */
  object(id: string | number): Record<string, unknown> {
    const c = this.get(id);
    if (c.type === 'private') return { id: c.id, type: 'private', first_name: 'Ann' };
    return { id: c.id, type: c.type, title: c.title, ...(c.isForum ? { is_forum: true } : {}) };
  }
}
