import { formatPct, formatPrice, formatUtc } from '../src/render/format.js';
import { INDEX_KEYS, indexName } from '../src/sources/registry.js';
import type { Command } from './services.js';

const STALE_MS = 30 * 60_000;

/** markets shows the cross-market board: US indices, gold, the dollar and crypto-linked stocks. */
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
    const now = m.now();
    return {
      title: 'Cross-market board',
      blocks: [{ type: 'fields', fields: syms.map((s) => {
        const q = quotes[s];
        const stale = now - q.ts > STALE_MS ? ` · as of ${formatUtc(q.ts)} (market closed or stale)` : '';
        return { name: indexName(s), value: `${formatPrice(q.price)} ${formatPct(q.changePct, 2)} vs prev close${stale}`, inline: true };
      }) }],
      footer: `Changes vs the previous session close · ${formatUtc(now)}`,
    };
  },
};
