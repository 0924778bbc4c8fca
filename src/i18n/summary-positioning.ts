/**
 * The summary's positioning parts, present when the window holds open-interest, funding or position events
 * (DESIGN §3 summary.data.leverage and .whales): the Leverage section with its plain-language reading, what
 * to watch in it (leverage coming back, where it sits: an estimate), and the tracked whales.
 */

import type { LeverageStats, SummarySection } from '../summary/types.js';
import { shortAccount } from './alerts.js';
import { venueName, type Texts } from './catalogue.js';
import { orderedAssets, type LocalSummaryData } from './summary-common.js';

/** A fall (rise) of open interest this large reads as leverage washed out (piling in): DESIGN §4 leverage_flush thresholds. */
const FLUSH_PCT = -5;
const PILE_PCT = 8;
/** Venues disagree on funding when their 8h rates differ in sign, or by more than this (0.01% per 8h). */
const FUNDING_SPREAD = 0.0001;
/** Open interest back to this share of its pre-crash peak reads as leverage rebuilding fast. */
const REBUILT_SHARE = 0.95;
/** Funding by venue is spelled out for at most this many assets (the majors first). */
const BY_VENUE_ASSETS = 2;

/**
 * andList joins names as the language does ("Bybit and OKX" / "Bybit 和欧易 OKX"). In Chinese a space sets a
 * Latin name off from the conjunction, as everywhere else in our texts (ICU writes "Bybit和欧易 OKX").
 */
function andList(x: Texts, items: readonly string[]): string {
  const list = new Intl.ListFormat(x.locale.lang, { type: 'conjunction' }).format(items);
  return x.locale.lang === 'zh' ? list.replace(/([A-Za-z0-9])和/g, '$1 和').replace(/和([A-Za-z0-9])/g, '和 $1') : list;
}

function levAssets(d: LocalSummaryData): string[] {
  const lev = d.leverage ?? {};
  const known = orderedAssets(d).filter((s) => lev[s]);
  return [...known, ...Object.keys(lev).filter((s) => !known.includes(s)).sort()];
}

/** drop is the fall from the peak before the low to the low, in percent (0 when the low came first). */
function drop(v: LeverageStats): number {
  return v.oiHigh > 0 ? (v.oiLow / v.oiHigh - 1) * 100 : 0;
}

/** turned lists the venues whose funding changed sign over the window, by the new sign. */
function turned(d: LocalSummaryData, x: Texts, sign: 'negative' | 'positive'): string[] {
  const venues = new Set<string>();
  for (const v of Object.values(d.leverage ?? {})) {
    for (const [venue, f] of Object.entries(v.fundingBySource)) {
      if (f.from === null || f.to === null) continue;
      if (sign === 'negative' ? f.from > 0 && f.to < 0 : f.from < 0 && f.to > 0) venues.add(venue);
    }
  }
  return [...venues].sort().map((s) => venueName(x, s));
}

function reading(d: LocalSummaryData, syms: string[], x: Texts): string {
  const lev = d.leverage!;
  const flushed = syms.filter((s) => drop(lev[s]) <= FLUSH_PCT);
  const piled = syms.filter((s) => lev[s].changePct >= PILE_PCT);
  const state = flushed.length > 0 ? 'flushed' : piled.length > 0 ? 'piled' : 'steady';
  const moves = (flushed.length > 0 ? flushed : piled.length > 0 ? piled : syms.slice(0, 3)).map((s) => {
    const v = lev[s];
    const peak = state === 'flushed';
    return x.t('summary.leverage.move', { symbol: s, change: x.fmt.pct(peak ? drop(v) : v.changePct), since: peak ? 'peak' : 'start', time: x.fmt.time(peak ? v.oiHighTs : d.from) });
  });
  const clauses = [x.list(moves)];
  for (const sign of ['negative', 'positive'] as const) {
    const venues = turned(d, x, sign);
    if (venues.length > 0) clauses.push(x.t('summary.leverage.fundingTurned', { sign, venues: andList(x, venues) }));
  }
  return x.t('summary.leverage.reading', { state, moves: x.clauses(clauses) });
}

function rate(x: Texts, v: number | null): string {
  return v === null ? x.fmt.pct(NaN) : x.fmt.pct(v * 100, 4);
}

function disagree(v: LeverageStats): boolean {
  const to = Object.values(v.fundingBySource).map((f) => f.to).filter((r): r is number => r !== null);
  if (to.length < 2) return false;
  return Math.max(...to) - Math.min(...to) > FUNDING_SPREAD || (Math.max(...to) > 0 && Math.min(...to) < 0);
}

/** leverageSection: the reading, each asset's open interest path and funding (per venue where they disagree); null when the window has none. */
export function leverageSection(d: LocalSummaryData, x: Texts): SummarySection | null {
  const lev = d.leverage;
  if (!lev || Object.keys(lev).length === 0) return null;
  const f = x.fmt;
  const syms = levAssets(d);
  const items: string[] = [];
  let byVenue = 0;
  for (const s of syms) {
    const v = lev[s];
    items.push(x.t('summary.leverage.item', {
      symbol: s, from: f.priceBare(v.oiFrom), to: f.priceBare(v.oiTo), low: f.priceBare(v.oiLow), lowTime: f.time(v.oiLowTs), change: f.pct(v.changePct),
      venues: v.sources.length, funding: Number.isFinite(v.fundingTo) ? 'some' : 'none', fundingFrom: rate(x, v.fundingFrom), fundingTo: rate(x, v.fundingTo),
    }));
    if (!disagree(v) || byVenue++ >= BY_VENUE_ASSETS) continue;
    const venues = Object.entries(v.fundingBySource).map(([src, r]) => x.t('summary.leverage.venue', { venue: venueName(x, src), from: rate(x, r.from), to: rate(x, r.to) }));
    items.push(x.t('summary.leverage.byVenue', { symbol: s, list: x.list(venues) }));
  }
  items.push(x.t('summary.leverage.note'));
  return { heading: x.t('summary.leverage.heading'), paragraph: reading(d, syms, x), items };
}

/**
 * leverageWatch is what "What to watch" says about leverage: for a flushed asset, how far open interest has
 * come back; where leverage sits (the estimate, relative sizes); without leverage data, the generic line a
 * crash day gets.
 */
export function leverageWatch(d: LocalSummaryData, crash: boolean, x: Texts): string[] {
  const lev = d.leverage;
  if (!lev || Object.keys(lev).length === 0) return crash ? [x.t('summary.watch.leverage')] : [];
  const out: string[] = [];
  const flushed = levAssets(d).filter((s) => drop(lev[s]) <= FLUSH_PCT).slice(0, 2);
  for (const s of flushed) {
    const v = lev[s];
    const back = v.oiTo / v.oiHigh;
    const regained = v.oiHigh > v.oiLow ? (v.oiTo - v.oiLow) / (v.oiHigh - v.oiLow) : 0;
    const pace = back >= REBUILT_SHARE ? 'fast' : regained >= 0.3 ? 'slow' : 'none';
    out.push(x.t('summary.watch.leverageBack', { symbol: s, pct: x.fmt.share(back), pace }));
  }
  if (flushed.length === 0 && crash) out.push(x.t('summary.watch.leverage'));
  for (const s of levAssets(d).slice(0, 2)) {
    const cl = lev[s].clusters;
    if (!cl || cl.length === 0) continue;
    const list = cl.map((c) => x.t('summary.watch.cluster', { side: c.side, range: x.fmt.priceRange(c.low, c.high), largest: c.relative >= 1 ? 'yes' : 'no', share: x.fmt.share(c.relative) }));
    out.push(x.t('summary.watch.clusters', { symbol: s, list: x.list(list) }));
  }
  return out;
}

/** whalesSection: tracked accounts, worst first, and the largest Hyperliquid liquidation seen; null when none is tracked. */
export function whalesSection(d: LocalSummaryData, x: Texts): SummarySection | null {
  const whales = d.whales;
  if (!whales || whales.length === 0) return null;
  const items = [...whales]
    .sort((a, b) => a.worstUnrealizedPnlUsd - b.worstUnrealizedPnlUsd)
    .map((w) => x.t('summary.whales.item', { who: w.label || shortAccount(w.account), pnl: x.fmt.usd(w.worstUnrealizedPnlUsd), liquidated: w.liquidated ? 'yes' : 'no', usd: x.fmt.usd(w.liquidatedUsd) }));
  const hl = d.liquidations.largestBySource?.hyperliquid;
  if (hl) items.push(x.t('summary.whales.largest', { usd: x.fmt.usd(hl.notionalUsd), symbol: hl.symbol, side: hl.side, price: x.fmt.price(hl.price), time: x.fmt.time(hl.ts) }));
  return { heading: x.t('summary.whales.heading'), items };
}
