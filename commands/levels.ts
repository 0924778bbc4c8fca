import { formatPrice } from '../src/render/format.js';
import { MAX_CUSTOM_LEVELS } from '../src/store/settings.js';
import { parseAssets, parseLevel, usage } from './parse.js';
import type { Command } from './services.js';

/** levels adds, removes or lists this chat's custom price levels (on top of the round levels). */
export const levels: Command = {
  name: 'levels',
  description: 'Add, remove or list custom price levels',
  args: [
    { name: 'action', description: 'add, remove or list', type: 'string', choices: ['add', 'remove', 'list'] },
    { name: 'asset', description: 'asset, e.g. BTC', type: 'string' },
    { name: 'prices', description: 'one or more levels, e.g. 85000 90000', type: 'string', rest: true },
  ],
  adminOnly: true,
  example: '/levels add BTC 85000',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const action = (ctx.args.action ?? 'list').toLowerCase();
    const sub = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (action === 'list') {
      const all = Object.entries(sub?.settings.levels ?? {}).filter(([, l]) => l.length > 0);
      return all.length === 0 ? 'No custom levels. Add one: /levels add BTC 85000' : `Custom levels: ${all.map(([a, l]) => `${a} ${l.map(formatPrice).join(', ')}`).join('; ')}`;
    }
    if (action !== 'add' && action !== 'remove') usage(levels, `Unknown action "${action.slice(0, 12)}": add, remove or list`);
    if (!sub) return 'Subscribe first with /subscribe, then add levels.';
    const [asset] = parseAssets(levels, ctx.args.asset ?? '', market.knownAssets());
    const prices = (ctx.args.prices ?? '').split(/\s+/).filter(Boolean);
    if (prices.length === 0) usage(levels, 'Give at least one price');
    const values = prices.map((p) => parseLevel(levels, p));
    let next: number[] = [];
    let changed = false;
    // Computed inside the atomic update from the stored levels, so concurrent adds all land and the cap holds.
    await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => {
      const cur = s.levels[asset] ?? [];
      next = action === 'add' ? [...new Set([...cur, ...values])].sort((a, b) => a - b) : cur.filter((l) => !values.includes(l));
      changed = next.length !== cur.length;
      const total = Object.entries(s.levels).reduce((n, [a, l]) => n + (a === asset ? 0 : l.length), 0) + next.length;
      if (total > MAX_CUSTOM_LEVELS) usage(levels, `At most ${MAX_CUSTOM_LEVELS} custom levels per chat`);
      return changed ? { ...s, levels: { ...s.levels, [asset]: next } } : s;
    }, ctx.now);
    if (action === 'remove' && !changed) return `${asset} has no custom level at ${values.map(formatPrice).join(', ')}.`;
    if (changed) await ctx.services.levelsChanged();
    return `${asset} custom levels: ${next.length > 0 ? next.map(formatPrice).join(', ') : 'none'}.`;
  },
};
