import type { MessageField } from '../src/chat/message.js';
import { textsFor, venueName, type Texts } from '../src/i18n/catalogue.js';
import type { PriceView } from '../src/summary/market-view.js';
import { command } from './describe.js';
import { asking, parseAssets } from './parse.js';

const DEFAULT_ASSETS = ['BTC', 'ETH', 'SOL'];

function priceField(x: Texts, symbol: string, p: PriceView | null): MessageField {
  if (!p) return { name: symbol, value: x.t('cmd.price.noPrice') };
  const f = x.fmt;
  const moves = ([['choice.1h', p.change1hPct], ['choice.24h', p.change24hPct]] as const)
    .filter((m): m is readonly ['choice.1h' | 'choice.24h', number] => m[1] !== null)
    .map(([window, change]) => x.t('cmd.price.move', { window: x.t(window), change: f.pct(change) }));
  const venues = x.list(p.venues.map((v) => x.t('cmd.price.venue', { venue: venueName(x, v.source), price: f.priceBare(v.price), stale: v.fresh ? 'no' : 'yes' })));
  const head = moves.join(x.t('sep.dot'));
  return { name: x.t('cmd.price.name', { symbol, price: f.price(p.composite) }), value: `${head}${head ? '\n' : ''}${venues}` };
}

/** price shows the composite price of assets, each venue's quote, and the 1h / 24h moves. */
export const price = command({
  name: 'price',
  args: [{ name: 'assets', type: 'string', rest: true }],
  adminOnly: false,
  example: '/price BTC ETH',
  async run(ctx) {
    const m = ctx.services.market;
    const x = textsFor(ctx.locale);
    const known = m.knownAssets();
    const assets = ctx.args.assets ? parseAssets(asking(ctx, price.example), ctx.args.assets, known) : DEFAULT_ASSETS.filter((a) => known.includes(a));
    return {
      title: x.t('cmd.price.title'),
      blocks: [{ type: 'fields', fields: assets.map((a) => priceField(x, a, m.price(a))) }],
      footer: x.t('cmd.price.asOf', { time: x.fmt.dateTime(m.now()) }),
    };
  },
});
