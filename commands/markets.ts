import { indexName, textsFor } from '../src/i18n/catalogue.js';
import { INDEX_KEYS } from '../src/sources/registry.js';
import { command } from './describe.js';

/**
 * markets shows the cross-market board: US indices, gold, the dollar and crypto-linked stocks, each with
 * the session state the collector read with its quote (issue 11: open, pre-market, after hours or closed,
 * honestly, not a guess from the quote's age); a replayed quote has no state and shows when it was set.
 */
export const markets = command({
  name: 'markets',
  args: [],
  adminOnly: false,
  example: '/markets',
  async run(ctx) {
    const m = ctx.services.market;
    const x = textsFor(ctx.locale);
    const f = x.fmt;
    const quotes = m.markets();
    const syms = Object.keys(quotes).sort((a, b) => (INDEX_KEYS.indexOf(a) + 1 || 99) - (INDEX_KEYS.indexOf(b) + 1 || 99));
    if (syms.length === 0) return x.t('cmd.markets.none');
    return {
      title: x.t('cmd.markets.title'),
      blocks: [{ type: 'fields', fields: syms.map((s) => {
        const q = quotes[s];
        const value = x.t('cmd.markets.value', { price: f.priceBare(q.price), change: f.pct(q.changePct, 2), state: q.marketState ?? 'unknown', time: f.dateTime(q.ts) });
        return { name: indexName(x, s, 'long'), value, inline: true };
      }) }],
      footer: x.t('cmd.markets.footer', { time: f.dateTime(m.now()) }),
    };
  },
});
