import { textsFor } from '../src/i18n/catalogue.js';
import { activeMutes } from '../src/lifecycle/mute.js';
import { command } from './describe.js';
import { muteTarget } from './mute-words.js';

/** unmute lifts this chat's mutes: all of them, or those on one asset or kind. */
export const unmute = command({
  name: 'unmute',
  args: [{ name: 'what', type: 'string' }],
  adminOnly: true,
  example: '/unmute BTC',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const what = ctx.args.what?.trim();
    const sub = await ctx.services.subs.get(ctx.chat.platform, ctx.chat.chatId);
    const current = activeMutes(sub?.settings.mutes ?? [], ctx.now);
    if (current.length === 0) return x.t('cmd.unmute.nothing');
    const keep = what && what.toLowerCase() !== 'all' ? current.filter((m) => m.asset !== what.toUpperCase() && m.kind !== what.toLowerCase()) : [];
    const list = (ms: typeof current) => x.list(ms.map((m) => muteTarget(x, m)));
    if (keep.length === current.length) return x.t('cmd.unmute.noSuch', { what: what!.slice(0, 20), list: list(current) });
    await ctx.services.subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => ({ ...s, mutes: keep }), ctx.now);
    return keep.length === 0 ? x.t('cmd.unmute.done') : x.t('cmd.unmute.some', { what: what!, list: list(keep) });
  },
});
