import { formatPct, formatPrice, formatUtc } from '../src/render/format.js';
import type { IndexQuote } from '../src/market/records.js';
import { INDEX_KEYS, indexName } from '../src/sources/registry.js';
import type { Command } from './services.js';

/**
 * sessionNote says honestly where a quote stands, from the market state the collector read with it
 * (issue 11: not a guess from its age): open, pre-market, after hours or closed, with when its price was set.
 */
function sessionNote(q: IndexQuote): string {
  const at = formatUtc(q.ts);
  switch (q.marketState) {
    case 'regular':
      return ' · open';
    case 'pre':
      return ` · pre-market (price of the close ${at})`;
    case 'post':
      return ` · after hours (regular close ${at})`;
    case 'closed':
      return ` · closed (last close ${at})`;
    default:
      return ` · as of ${at}`; // a replayed quote: its state was not recorded
  }
}

/** markets shows the cross-market board: US indices, gold, the dollar and crypto-linked stocks, each with its session state. */
export const markets: Command = {
  name: 'markets',
  description: 'Cross-market board: Nasdaq, S&P 500, Dow, gold, DXY, MSTR, COIN',
  args: [],
  adminOnly: false,
  example: '/markets',
  async run(ctx) {
    const m = ctx.services.market;
    const quotes = m.markets();
    const syms = Object.keys(quotes).sort((a, b) => (INDEX_KEYS.indexOf(a) + 1 || 99) - (INDEX_KEYS.indexOf(b) + 1 || 99));
    if (syms.length === 0) return 'No cross-market quotes yet.';
    return {
      title: 'Cross-market board',
      blocks: [{ type: 'fields', fields: syms.map((s) => {
        const q = quotes[s];
        return { name: indexName(s), value: `${formatPrice(q.price)} ${formatPct(q.changePct, 2)} vs prev close${sessionNote(q)}`, inline: true };
      }) }],
      footer: `Changes vs the previous session close · ${formatUtc(m.now())}`,
    };
  },
};
