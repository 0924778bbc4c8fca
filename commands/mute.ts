import { ALERT_KINDS, type AlertKind } from '../src/alerts/types.js';
import { textsFor } from '../src/i18n/catalogue.js';
import { activeMutes } from '../src/lifecycle/mute.js';
import { MAX_MUTES, type Mute } from '../src/store/settings.js';
import { command } from './describe.js';
import { muteTarget } from './mute-words.js';
import { asking, parseAssets, parseMs, usage } from './parse.js';

/** mute silences this chat's alerts for a while: all of them, one asset's, or one kind's. */
export const mute = command({
  name: 'mute',
  args: [
    { name: 'duration', type: 'string', required: true },
    { name: 'what', type: 'string' },
  ],
  adminOnly: true,
  example: '/mute 2h BTC',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const x = textsFor(ctx.locale);
    const a = asking(ctx, mute.example);
    const ms = parseMs(a, ctx.args.duration ?? '');
    const sub = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (!sub?.active) return x.t('cmd.mute.notSubscribed');
    const what = ctx.args.what?.trim();
    const m: Mute = { until: ctx.now + ms };
    if (what) {
      if ((ALERT_KINDS as readonly string[]).includes(what.toLowerCase())) m.kind = what.toLowerCase() as AlertKind;
      else m.asset = parseAssets(a, what, market.knownAssets())[0];
    }
    const current = activeMutes(sub.settings.mutes, ctx.now);
    if (current.length >= MAX_MUTES) usage(a, x.t('cmd.mute.tooMany', { max: MAX_MUTES }));
    await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => ({ ...s, mutes: [...current, m] }), ctx.now);
    return x.t('cmd.mute.done', { what: muteTarget(x, m), duration: x.fmt.duration(ms), until: x.fmt.dateTime(m.until) });
  },
});
