import type { Incoming } from './incoming.js';

/** ChannelPost is the slice of a `channel_post` update a command needs (https://core.telegram.org/bots/api#update). */
export interface ChannelPost {
  chat: { id: number; title?: string };
  text?: string;
  entities?: Array<{ type: string; offset: number; length: number }>;
}

/**
 * fromChannelPost reads a command posted in a channel: "/subscribe" or "/subscribe@bot args" with its bot_command
 * entity first, as telegraf's bot.command matches in messages (it does not look at channel posts). Only the
 * channel's administrators can post in a channel, and a post is signed by the channel itself (sender_chat, no
 * `from`), so the poster is an admin. Null when the post is not a command to this bot.
 */
export function fromChannelPost(post: ChannelPost, botUsername: string, typing: (chatId: string) => void): { name: string; incoming: Incoming } | null {
  const text = post.text ?? '';
  const e = post.entities?.[0];
  if (!e || e.type !== 'bot_command' || e.offset !== 0) return null;
  const [cmd, to] = text.slice(1, e.length).split('@');
  if (!cmd || (to && to.toLowerCase() !== botUsername.toLowerCase())) return null;
  const chatId = String(post.chat.id);
  return {
    name: cmd.toLowerCase(),
    incoming: {
      destination: chatId,
      isPrivate: false,
      sender: { id: chatId, name: post.chat.title ?? chatId },
      payload: text.slice(e.length + 1),
      isAdmin: async () => true,
      typing: () => typing(chatId),
    },
  };
}
