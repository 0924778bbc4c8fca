import { textsFor } from '../src/i18n/catalogue.js';
import { MAX_CUSTOM_LEVELS } from '../src/store/settings.js';
import { command } from './describe.js';
import { asking, parseAssets, parseLevel, usage } from './parse.js';

/** levels adds, removes or lists this chat's custom price levels (on top of the round levels). */
export const levels = command({
  name: 'levels',
  args: [
    { name: 'action', type: 'string', choices: ['add', 'remove', 'list'] },
    { name: 'asset', type: 'string' },
    { name: 'prices', type: 'string', rest: true },
  ],
  adminOnly: true,
  example: '/levels add BTC 85000',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const x = textsFor(ctx.locale);
    const a = asking(ctx, levels.example);
    const show = (l: readonly number[]) => x.list(l.map(x.fmt.priceBare));
    const action = (ctx.args.action ?? 'list').toLowerCase();
    const sub = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (action === 'list') {
      const all = Object.entries(sub?.settings.levels ?? {}).filter(([, l]) => l.length > 0);
      return all.length === 0 ? x.t('cmd.levels.none') : x.t('cmd.levels.list', { list: x.clauses(all.map(([asset, l]) => x.t('cmd.settings.levelsItem', { asset, levels: show(l) }))) });
    }
    if (action !== 'add' && action !== 'remove') usage(a, x.t('cmd.levels.badAction', { action: action.slice(0, 12) }));
    if (!sub) return x.t('cmd.levels.subscribeFirst');
    const [asset] = parseAssets(a, ctx.args.asset ?? '', market.knownAssets());
    const prices = (ctx.args.prices ?? '').split(/\s+/).filter(Boolean);
    if (prices.length === 0) usage(a, x.t('cmd.levels.needPrice'));
    const values = prices.map((p) => parseLevel(a, p));
    const cur = sub.settings.levels[asset] ?? [];
    const next = action === 'add' ? [...new Set([...cur, ...values])].sort((p, q) => p - q) : cur.filter((l) => !values.includes(l));
    const total = Object.entries(sub.settings.levels).reduce((n, [s, l]) => n + (s === asset ? 0 : l.length), 0) + next.length;
    if (total > MAX_CUSTOM_LEVELS) usage(a, x.t('cmd.levels.tooMany', { max: MAX_CUSTOM_LEVELS }));
    if (action === 'remove' && next.length === cur.length) return x.t('cmd.levels.notThere', { asset, levels: show(values) });
    await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => ({ ...s, levels: { ...s.levels, [asset]: next } }), ctx.now);
    await ctx.services.levelsChanged();
    return x.t('cmd.levels.done', { asset, levels: next.length > 0 ? show(next) : x.t('cmd.levels.noneLeft') });
  },
});
