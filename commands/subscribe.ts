import type { Command } from './services.js';

/** subscribe starts crash alerts in this chat (admins only in groups). */
export const subscribe: Command = {
  name: 'subscribe',
  description: 'Start crash alerts in this chat',
  args: [],
  adminOnly: true,
  example: '/subscribe',
  async run(ctx) {
    const { already, sub } = await ctx.services.subs.subscribe(ctx.chat.platform, ctx.chat.chatId, ctx.now, ctx.chat.guildId);
    if (already) return 'This chat is already subscribed. /settings shows what it receives.';
    const s = sub.settings;
    return `Subscribed: this chat will get ${s.minSeverity}+ alerts for ${s.assets ? s.assets.join(', ') : 'all assets'}. Tune with /settings, /levels and /mute.`;
  },
};
