import type { MessageField } from '../src/chat/message.js';
import { textsFor, venueName, type Texts } from '../src/i18n/catalogue.js';
import type { LeverageView, VenueLeverage } from '../src/summary/market-view.js';
import { command } from './describe.js';
import { asking, parseAssets } from './parse.js';

const DEFAULT_ASSETS = ['BTC', 'ETH', 'SOL'];
/** The coverage notes that bear on these figures (catalogue keys): units and completeness per venue. */
const NOTE_KEYS = ['coverage.bybit.open_interest', 'coverage.hyperliquid.open_interest', 'coverage.hyperliquid.funding'] as const;

function change(x: Texts, v: number | null): string {
  return v === null ? x.t('cmd.leverage.na') : x.fmt.pct(v);
}

function rate(x: Texts, v: number | null): string {
  return v === null ? x.t('cmd.leverage.na') : x.fmt.pct(v * 100, 4);
}

function venueLine(x: Texts, v: VenueLeverage, now: number): string {
  const stale = Number.isFinite(v.oi) && !v.fresh;
  return x.t('cmd.leverage.venue', {
    venue: venueName(x, v.source), oi: Number.isFinite(v.oi) ? x.fmt.priceBare(v.oi) : x.t('cmd.leverage.na'),
    h1: change(x, v.change1hPct), h24: change(x, v.change24hPct), funding: rate(x, v.funding),
    stale: stale ? 'yes' : 'no', age: x.fmt.duration(Math.max(0, now - v.oiTs)),
  });
}

function field(x: Texts, l: LeverageView, now: number): MessageField {
  const name = l.total
    ? x.t('cmd.leverage.total', { symbol: l.symbol, oi: x.fmt.priceBare(l.total.oi), h1: change(x, l.total.change1hPct), h24: change(x, l.total.change24hPct) })
    : x.t('cmd.leverage.totalNone', { symbol: l.symbol });
  const lines = l.venues.map((v) => venueLine(x, v, now));
  const rates = l.venues.filter((v) => v.funding !== null).length;
  if (l.fundingMean !== null) lines.push(x.t('cmd.leverage.mean', { funding: rate(x, l.fundingMean), n: rates }));
  return { name, value: lines.join('\n') };
}

/** leverage shows open interest now and its 1h / 24h change per venue and in total, and funding per venue (DESIGN §5). */
export const leverage = command({
  name: 'leverage',
  args: [{ name: 'assets', type: 'string', rest: true }],
  adminOnly: false,
  example: '/leverage BTC ETH',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const m = ctx.services.market;
    const known = [...new Set([...m.knownAssets(), ...m.leverageAssets()])].sort();
    const assets = ctx.args.assets ? parseAssets(asking(ctx, leverage.example), ctx.args.assets, known) : DEFAULT_ASSETS.filter((a) => known.includes(a));
    const now = m.now();
    const fields = assets.map((a) => {
      const l = m.leverage(a);
      return l ? field(x, l, now) : { name: a, value: x.t('cmd.leverage.none') };
    });
    const seen = new Set(assets.flatMap((a) => m.leverage(a)?.venues.map((v) => v.source) ?? []));
    const notes = NOTE_KEYS.filter((k) => seen.has(k.split('.')[1])).map((k) => x.t(k));
    return {
      title: x.t('cmd.leverage.title'),
      blocks: [{ type: 'fields', fields }, ...(notes.length > 0 ? [{ type: 'text' as const, text: x.t('cmd.leverage.notes', { notes: notes.join(x.t('sep.clause')) }) }] : [])],
      footer: x.t('cmd.leverage.footer', { time: x.fmt.dateTime(now) }),
    };
  },
});
