import { textsFor } from '../src/i18n/catalogue.js';
import { command } from './describe.js';
import { describeLang, describeZone } from './settings-view.js';

/** subscribe starts crash alerts in this chat (admins only in groups); a new chat starts in the platform's language. */
export const subscribe = command({
  name: 'subscribe',
  args: [],
  adminOnly: true,
  example: '/subscribe',
  async run(ctx) {
    const initial = ctx.platformLang ? { language: ctx.platformLang } : {};
    const { already, sub } = await ctx.services.subs.subscribe(ctx.chat.platform, ctx.chat.chatId, ctx.now, ctx.chat.guildId, initial);
    const s = sub.settings;
    const x = textsFor({ lang: s.language, tz: s.timezone });
    if (already) return x.t('cmd.subscribe.already');
    return x.t('cmd.subscribe.done', {
      severity: x.t(`severity.${s.minSeverity}`),
      assets: s.assets ? x.list(s.assets) : x.t('cmd.allAssets'),
      language: describeLang(x, s.language),
      zone: describeZone(x, s.timezone, ctx.now),
    });
  },
});
