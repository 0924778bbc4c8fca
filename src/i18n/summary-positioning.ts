/**
 * The summary's positioning sections, present when the window holds open-interest, funding or position
 * events (DESIGN §3 summary.data.leverage and .whales): leverage flushed or piling in, and tracked whales.
 */

import type { SummarySection } from '../summary/types.js';
import { shortAccount } from './alerts.js';
import type { Texts } from './catalogue.js';
import { orderedAssets, type LocalSummaryData } from './summary-common.js';

/** A fall (rise) of open interest this large reads as leverage washed out (piling in): DESIGN §4 leverage_flush thresholds. */
const FLUSH_PCT = -5;
const PILE_PCT = 8;

/** leverageSection: each asset's open interest path and funding; null when the window has none. */
export function leverageSection(d: LocalSummaryData, x: Texts): SummarySection | null {
  const lev = d.leverage;
  if (!lev || Object.keys(lev).length === 0) return null;
  const f = x.fmt;
  const known = orderedAssets(d).filter((s) => lev[s]);
  const syms = [...known, ...Object.keys(lev).filter((s) => !known.includes(s)).sort()];
  const items = syms.map((s) => {
    const v = lev[s];
    return x.t('summary.leverage.item', {
      symbol: s, from: f.priceBare(v.oiFrom), to: f.priceBare(v.oiTo), low: f.priceBare(v.oiLow), change: f.pct(v.changePct),
      fundingFrom: f.pct(v.fundingFrom * 100, 4), fundingTo: f.pct(v.fundingTo * 100, 4),
    });
  });
  const flushed = syms.filter((s) => lev[s].changePct <= FLUSH_PCT);
  const piled = syms.filter((s) => lev[s].changePct >= PILE_PCT);
  const paragraph = flushed.length > 0 ? x.t('summary.leverage.flushed', { list: x.list(flushed) }) : piled.length > 0 ? x.t('summary.leverage.piled', { list: x.list(piled) }) : undefined;
  return { heading: x.t('summary.leverage.heading'), paragraph, items };
}

/** whalesSection: tracked accounts, worst first; null when none is tracked. */
export function whalesSection(d: LocalSummaryData, x: Texts): SummarySection | null {
  const whales = d.whales;
  if (!whales || whales.length === 0) return null;
  const items = [...whales]
    .sort((a, b) => a.worstUnrealizedPnlUsd - b.worstUnrealizedPnlUsd)
    .map((w) => x.t('summary.whales.item', { who: w.label || shortAccount(w.account), pnl: x.fmt.usd(w.worstUnrealizedPnlUsd), liquidated: w.liquidated ? 'yes' : 'no' }));
  return { heading: x.t('summary.whales.heading'), items };
}
