import { activeMutes } from '../src/lifecycle/mute.js';
import type { Command } from './services.js';

/** unmute lifts this chat's mutes: all of them, or those on one asset or kind. */
export const unmute: Command = {
  name: 'unmute',
  description: 'Lift mutes (all, or one asset or alert kind)',
  args: [{ name: 'what', description: 'an asset or alert kind; all when left out', type: 'string' }],
  adminOnly: true,
  example: '/unmute BTC',
  async run(ctx) {
    const what = ctx.args.what?.trim();
    const sub = await ctx.services.subs.get(ctx.chat.platform, ctx.chat.chatId);
    const current = activeMutes(sub?.settings.mutes ?? [], ctx.now);
    if (current.length === 0) return 'Nothing is muted.';
    const keep = what && what.toLowerCase() !== 'all' ? current.filter((m) => m.asset !== what.toUpperCase() && m.kind !== what.toLowerCase()) : [];
    if (keep.length === current.length) return `No mute on ${what!.slice(0, 20)}. Muted now: ${current.map((m) => m.asset ?? m.kind ?? 'all').join(', ')}.`;
    const lifted = new Set(current.filter((m) => !keep.includes(m)).map((m) => JSON.stringify(m)));
    await ctx.services.subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => ({ ...s, mutes: activeMutes(s.mutes, ctx.now).filter((m) => !lifted.has(JSON.stringify(m))) }), ctx.now);
    return keep.length === 0 ? 'Unmuted: alerts are back on.' : `Unmuted ${what}. Still muted: ${keep.map((m) => m.asset ?? m.kind ?? 'all').join(', ')}.`;
  },
};
