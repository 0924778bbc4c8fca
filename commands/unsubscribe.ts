import type { Command } from './services.js';

/** unsubscribe stops crash alerts in this chat (settings are kept for a later /subscribe). */
export const unsubscribe: Command = {
  name: 'unsubscribe',
  description: 'Stop crash alerts in this chat',
  args: [],
  adminOnly: true,
  example: '/unsubscribe',
  async run(ctx) {
    const done = await ctx.services.subs.deactivate(ctx.chat.platform, ctx.chat.chatId, 'unsubscribed', ctx.now);
    return done ? 'Unsubscribed. No more alerts here; /subscribe brings them back with the same settings.' : 'This chat is not subscribed.';
  },
};
