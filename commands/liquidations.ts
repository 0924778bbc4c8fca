import { textsFor, venueName } from '../src/i18n/catalogue.js';
import { command } from './describe.js';
import { asking, usage } from './parse.js';

const WINDOWS: Record<string, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000, '24h': 86_400_000 };

/** liquidations shows liquidations over 1h, 4h or 24h: scale, long/short structure, largest, by venue and asset. */
export const liquidations = command({
  name: 'liquidations',
  args: [{ name: 'window', type: 'string', choices: Object.keys(WINDOWS) }],
  adminOnly: false,
  example: '/liquidations 24h',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const f = x.fmt;
    const key = (ctx.args.window ?? '1h').toLowerCase();
    const ms = WINDOWS[key];
    if (!ms) usage(asking(ctx, liquidations.example), x.t('cmd.liq.badWindow', { window: key.slice(0, 12) }));
    const window = x.t(`choice.${key as '1h' | '4h' | '24h'}`);
    const l = ctx.services.market.liquidations(ms);
    if (l.count === 0) return x.t('cmd.liq.none', { window });
    const item = (name: string, usd: number) => x.t('summary.liq.item', { name, usd: f.usd(usd) });
    const items = [
      x.t('cmd.liq.structure', { long: f.usd(l.longUsd), share: f.share(l.longShare), short: f.usd(l.shortUsd), count: l.count }),
      ...(l.largest ? [x.t('cmd.liq.largest', { usd: f.usd(l.largest.notionalUsd), symbol: l.largest.symbol, side: l.largest.side, venue: venueName(x, l.largest.source), price: f.price(l.largest.price), time: f.dateTime(l.largest.ts) })] : []),
      x.t('cmd.liq.byVenue', { list: x.list(Object.entries(l.bySource).map(([s, t]) => item(venueName(x, s), t.totalUsd))) }),
      x.t('cmd.liq.byAsset', { list: x.list(Object.entries(l.bySymbol).slice(0, 8).map(([s, t]) => item(s, t.totalUsd))) }),
    ];
    if (l.aggregatorUsd) items.push(x.t('cmd.liq.aggregator', { venue: venueName(x, l.aggregatorUsd.source), usd: f.usd(l.aggregatorUsd.totalUsd) }));
    return {
      title: x.t('cmd.liq.title', { total: f.usd(l.totalUsd), window }),
      severity: l.totalUsd >= 100e6 ? 'warning' : 'info',
      blocks: [{ type: 'list', items }],
      footer: x.t('cmd.liq.footer'),
    };
  },
});
