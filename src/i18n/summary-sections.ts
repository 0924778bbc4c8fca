/**
 * The crash summary's sections in a chat's locale: key levels, liquidations, cross-market, what to watch,
 * sources and coverage. Each fact comes from SummaryData; each word from the catalogue.
 */

import type { SummarySection } from '../summary/types.js';
import type { Tone } from '../summary/tone.js';
import { indexName, venueName, type Texts } from './catalogue.js';
import { firstUpper, orderedAssets, type LocalSummaryData } from './summary-common.js';
import { leverageWatch } from './summary-positioning.js';

/** levelsSection: the levels each asset crossed, its open, low (and the venues' spread of lows) and last. */
export function levelsSection(d: LocalSummaryData, x: Texts): SummarySection {
  const f = x.fmt;
  const items = orderedAssets(d).map((s) => {
    const p = d.prices[s];
    const lows = Object.values(p.venueLows);
    const venueLows = lows.length > 1 ? x.t('summary.levels.venueLows', { range: f.priceRange(Math.min(...lows), Math.max(...lows)), n: lows.length }) : '';
    const args = { symbol: s, open: f.price(p.open), low: f.price(p.low), lowTime: f.time(p.lowTs), venueLows, last: f.price(p.last), change: f.pct(p.changePct) };
    const broke = d.levelsBroken.filter((l) => l.symbol === s);
    if (broke.length === 0) return x.t('summary.levels.item', args);
    const levels = x.list(broke.map((l) => x.t('summary.levels.broken', { level: f.price(l.level), direction: l.direction, time: f.time(l.ts) })));
    return x.t('summary.levels.itemBroken', { ...args, levels });
  });
  const n = d.levelsBroken.length;
  return { heading: x.t('summary.levels.heading'), paragraph: n > 0 ? x.t('summary.levels.crossed', { n }) : x.t('summary.levels.none'), items };
}

function scaleOf(d: LocalSummaryData, x: Texts): string {
  const l = d.liquidations;
  const agg = l.aggregatorUsd;
  if (!agg) return x.t('summary.liq.scaleObserved', { total: x.fmt.usd(l.totalUsd) });
  const range = x.fmt.usdRange(Math.min(l.totalUsd, agg.totalUsd), Math.max(l.totalUsd, agg.totalUsd));
  return x.t('summary.liq.scaleAgg', { range, ours: x.fmt.usd(l.totalUsd), agg: venueName(x, agg.source), aggTotal: x.fmt.usd(agg.totalUsd) });
}

/** liquidationSection: scale (a floor, or a range with an aggregator), structure, the largest, by venue and asset, the peak hour. */
export function liquidationSection(d: LocalSummaryData, tone: Tone, x: Texts): SummarySection {
  const l = d.liquidations;
  const f = x.fmt;
  const heading = x.t('summary.liq.heading');
  if (l.totalUsd === 0) return { heading, paragraph: x.t('summary.liq.none'), items: [] };
  const items = [x.t('summary.liq.scale', { scale: scaleOf(d, x), count: l.count })];
  const side = l.longShare >= 0.8 ? 'long' : l.longShare <= 0.2 ? 'short' : 'mixed';
  items.push(x.t('summary.liq.structure', { long: f.usd(l.longUsd), share: f.share(l.longShare), short: f.usd(l.shortUsd), side }));
  const g = l.largest;
  if (g) items.push(x.t('summary.liq.largest', { usd: f.usd(g.notionalUsd), symbol: g.symbol, side: g.side, venue: venueName(x, g.source), price: f.price(g.price), time: f.time(g.ts) }));
  const by = (name: string, usd: number) => x.t('summary.liq.item', { name, usd: f.usd(usd) });
  items.push(x.t('summary.liq.byVenue', { list: x.list(Object.entries(l.bySource).map(([s, t]) => by(venueName(x, s), t.totalUsd))) }));
  items.push(x.t('summary.liq.byAsset', { list: x.list(Object.entries(l.bySymbol).slice(0, 6).map(([s, t]) => by(s, t.totalUsd))) }));
  if (l.peakHour) items.push(x.t('summary.liq.peak', { peak: f.usd(l.peakHour.totalUsd), time: f.time(l.peakHour.ts), last: f.usd(l.lastHourUsd) }));
  const why = tone === 'crash' ? x.t('summary.liq.whyCrash') : tone === 'squeeze' ? x.t('summary.liq.whySqueeze') : undefined;
  return { heading, paragraph: why, items };
}

/** INDEX_ORDER is the order indices are listed in: US equities, then gold, the dollar and crypto-linked stocks. */
const INDEX_ORDER = ['NASDAQ', 'SP500', 'DOW', 'GOLD', 'DXY', 'MSTR', 'COIN'];

function crossNotes(d: LocalSummaryData, x: Texts): string | undefined {
  const c = d.crossMarket;
  const nas = c.NASDAQ;
  const crypto = ['MSTR', 'COIN'].filter((s) => c[s] !== undefined);
  const notes: string[] = [];
  if (nas !== undefined && crypto.length > 0 && crypto.every((s) => c[s] < nas)) notes.push(x.t('summary.cross.cryptoStocks'));
  if (c.GOLD !== undefined && c.GOLD > 0 && (nas ?? 0) < 0) notes.push(x.t('summary.cross.gold'));
  if (c.DXY !== undefined && c.DXY > 0 && (nas ?? 0) < 0) notes.push(x.t('summary.cross.dollar'));
  return notes.length > 0 ? firstUpper(x.t('summary.cross.notes', { notes: x.clauses(notes) })) : undefined;
}

/** crossSection: every index against its previous close, and what the moves say together (null: no index seen). */
export function crossSection(d: LocalSummaryData, x: Texts): SummarySection | null {
  const rank = (s: string) => (INDEX_ORDER.includes(s) ? INDEX_ORDER.indexOf(s) : INDEX_ORDER.length);
  const syms = Object.keys(d.crossMarket).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (syms.length === 0) return null;
  const items = syms.map((s) => x.t('summary.cross.item', { index: indexName(x, s, 'long'), change: x.fmt.pct(d.crossMarket[s], 2), source: venueName(x, d.crossMarketDetail[s]?.source ?? '') }));
  return { heading: x.t('summary.cross.heading'), paragraph: crossNotes(d, x), items };
}

/** watchSection: the liquidation pace, the levels to hold or reclaim, and what tends to come next. */
export function watchSection(d: LocalSummaryData, tone: Tone, x: Texts): SummarySection {
  const f = x.fmt;
  const l = d.liquidations;
  const items: string[] = [];
  if (l.peakHour && l.totalUsd > 0) {
    const cooling = l.lastHourUsd < l.peakHour.totalUsd * 0.25 ? 'yes' : 'no';
    items.push(x.t('summary.watch.pace', { last: f.usd(l.lastHourUsd), peak: f.usd(l.peakHour.totalUsd), cooling }));
  }
  for (const s of orderedAssets(d).slice(0, 3)) {
    const down = d.levelsBroken.filter((b) => b.symbol === s && b.direction === 'down');
    if (tone === 'squeeze' || down.length === 0) continue;
    const lvl = Math.min(...down.map((b) => b.level));
    const p = d.prices[s];
    items.push(x.t(p.last >= lvl ? 'summary.watch.above' : 'summary.watch.below', { symbol: s, level: f.price(lvl), low: f.price(p.low) }));
  }
  if (d.crossMarket.NASDAQ !== undefined) items.push(x.t('summary.watch.equities'));
  items.push(...leverageWatch(d, tone === 'crash', x));
  if (tone === 'squeeze') items.push(x.t('summary.watch.spot'));
  return { heading: x.t('summary.watch.heading'), items };
}

/** coverage writes what a venue's feeds cover, from the catalogue (the notes of src/summary/coverage.ts, in every language). */
function coverage(x: Texts, source: string, feeds: readonly string[]): string[] {
  const out: string[] = [];
  for (const feed of feeds) {
    const k = x.key(`coverage.${source}.${feed}`);
    if (k) out.push(x.t(k));
    else if (feed === 'liquidation') out.push(x.t('coverage.unknownLiquidation', { venue: venueName(x, source) }));
  }
  return out;
}

/** sourcesSection: which venue fed which figures, how complete each feed is, and the gaps live collectors recorded. */
export function sourcesSection(d: LocalSummaryData, x: Texts): SummarySection {
  const items = d.sources.map((s) => {
    const feeds = x.enumerate(s.feeds.map((feed) => (x.key(`feed.${feed}`) ? x.t(x.key(`feed.${feed}`)!) : feed)));
    const args = { venue: venueName(x, s.source), feeds, events: s.events };
    const notes = coverage(x, s.source, s.feeds);
    return notes.length > 0 ? x.t('summary.sources.itemNotes', { ...args, notes: notes.join(x.t('sep.note')) }) : x.t('summary.sources.item', args);
  });
  for (const g of d.gaps) {
    if (g.reason === 'stopped' || g.reason === 'failover') {
      const sameDay = x.fmt.date(g.fromTs) === x.fmt.date(g.toTs);
      items.push(x.t(g.reason === 'failover' ? 'summary.sources.failover' : 'summary.sources.stopped', { from: sameDay ? x.fmt.clock(g.fromTs) : `${x.fmt.date(g.fromTs)} ${x.fmt.clock(g.fromTs)}`, to: sameDay ? x.fmt.time(g.toTs) : x.fmt.dateTime(g.toTs) }));
    } else items.push(x.t('summary.sources.gap', { seconds: Math.round((g.toTs - g.fromTs) / 1000), venue: venueName(x, g.source), time: x.fmt.time(g.fromTs) }));
  }
  return { heading: x.t('summary.sources.heading'), items };
}
