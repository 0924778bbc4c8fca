import { ALERT_KINDS, type AlertKind } from '../src/alerts/types.js';
import { formatDuration, formatUtc, parseDuration } from '../src/render/format.js';
import { activeMutes } from '../src/lifecycle/mute.js';
import { MAX_MUTES, type Mute } from '../src/store/settings.js';
import { parseAssets, usage } from './parse.js';
import type { Command } from './services.js';

/** mute silences this chat's alerts for a while: all of them, one asset's, or one kind's. */
export const mute: Command = {
  name: 'mute',
  description: 'Silence alerts for a while (all, one asset or one alert kind)',
  args: [
    { name: 'duration', description: 'how long, e.g. 30m, 2h, 1d (at most 30d)', type: 'string', required: true },
    { name: 'what', description: 'an asset (BTC) or an alert kind (pct_move); all when left out', type: 'string' },
  ],
  adminOnly: true,
  example: '/mute 2h BTC',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const ms = parseDuration(ctx.args.duration ?? '');
    if (typeof ms === 'string') usage(mute, ms);
    const sub = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (!sub?.active) return 'This chat is not subscribed, so there is nothing to mute.';
    const what = ctx.args.what?.trim();
    const m: Mute = { until: ctx.now + ms };
    if (what) {
      if ((ALERT_KINDS as readonly string[]).includes(what.toLowerCase())) m.kind = what.toLowerCase() as AlertKind;
      else m.asset = parseAssets(mute, what, market.knownAssets())[0];
    }
    await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => {
      const current = activeMutes(s.mutes, ctx.now);
      if (current.length >= MAX_MUTES) usage(mute, `At most ${MAX_MUTES} mutes at once; /unmute clears them`);
      return { ...s, mutes: [...current, m] };
    }, ctx.now);
    return `Muted ${m.asset ?? m.kind ?? 'all alerts'} for ${formatDuration(ms)} (until ${formatUtc(m.until)}). /unmute to undo.`;
  },
};
