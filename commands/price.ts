import type { MessageField } from '../src/chat/message.js';
import { formatPct, formatPrice, formatUtc } from '../src/render/format.js';
import { sourceName } from '../src/sources/registry.js';
import { parseAssets } from './parse.js';
import type { Command } from './services.js';

const DEFAULT_ASSETS = ['BTC', 'ETH', 'SOL'];

/** price shows the composite price of assets, each venue's quote, and the 1h / 24h moves. */
export const price: Command = {
  name: 'price',
  description: 'Composite prices with each venue and the 1h / 24h move',
  args: [{ name: 'assets', description: 'assets, e.g. BTC ETH (default BTC ETH SOL)', type: 'string', rest: true }],
  adminOnly: false,
  example: '/price BTC ETH',
  async run(ctx) {
    const m = ctx.services.market;
    const known = m.knownAssets();
    const assets = ctx.args.assets ? parseAssets(price, ctx.args.assets, known) : DEFAULT_ASSETS.filter((a) => known.includes(a));
    const fields: MessageField[] = [];
    for (const a of assets) {
      const p = m.price(a);
      if (!p) {
        fields.push({ name: a, value: 'no fresh price yet' });
        continue;
      }
      const moves = [p.change1hPct !== null ? `1h ${formatPct(p.change1hPct)}` : '', p.change24hPct !== null ? `24h ${formatPct(p.change24hPct)}` : ''].filter(Boolean).join(' · ');
      const venues = p.venues.map((v) => `${sourceName(v.source)} ${formatPrice(v.price)}${v.fresh ? '' : ' (stale)'}`).join(', ');
      fields.push({ name: `${a} $${formatPrice(p.composite)}`, value: `${moves}${moves ? '\n' : ''}${venues}` });
    }
    return {
      title: 'Prices (composite: median of fresh venues)',
      blocks: [{ type: 'fields', fields }],
      footer: `as of ${formatUtc(m.now())}`,
    };
  },
};
