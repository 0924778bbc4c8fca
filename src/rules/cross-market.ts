import { withTexts } from './texts.js';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import type { IndexQuote } from '../market/records.js';

/** CrossMarketState remembers the UTC day it last fired and whether it has re-armed since. */
export interface CrossMarketState {
  firedDay: number;
  armed: boolean;
}

/** newCrossMarketState starts armed. */
export function newCrossMarketState(): CrossMarketState {
  return { firedDay: -1, armed: true };
}

const DAY_MS = 86_400_000;

/**
 * evaluateCrossMarket fires when any configured index is at or below its threshold on the day; once per
 * UTC day, or again after every configured index has retraced to `rearmFraction` of its threshold.
 */
export function evaluateCrossMarket(state: CrossMarketState, rules: RulesConfig, quotes: ReadonlyMap<string, IndexQuote>, now: number): AlertEvent | null {
  const cfg = rules.crossMarket;
  const day = Math.floor(now / DAY_MS);
  if (day !== state.firedDay) state.armed = true;
  const breached: string[] = [];
  let allRetraced = true;
  for (const [sym, threshold] of Object.entries(cfg.thresholds)) {
    const q = quotes.get(sym);
    if (!q) continue;
    if (q.changePct <= threshold) breached.push(sym);
    if (q.changePct <= threshold * cfg.rearmFraction) allRetraced = false;
  }
  if (!state.armed) {
    if (allRetraced) state.armed = true;
    return null;
  }
  if (breached.length === 0) return null;
  state.armed = false;
  state.firedDay = day;
  return crossMarketAlert(rules, quotes, breached, now);
}

function crossMarketAlert(rules: RulesConfig, quotes: ReadonlyMap<string, IndexQuote>, breached: string[], now: number): AlertEvent {
  const changes: Record<string, number> = {};
  const closes: Record<string, { price: number; prevClose: number }> = {};
  for (const [sym, q] of [...quotes].sort(([a], [b]) => a.localeCompare(b))) {
    changes[sym] = Math.round(q.changePct * 100) / 100;
    closes[sym] = { price: q.price, prevClose: q.prevClose };
  }
  return withTexts({
    id: `cross_market:${breached.join('+')}:${now}`,
    kind: 'cross_market',
    severity: rules.crossMarket.severity,
    symbol: null,
    ts: now,
    data: { changes, breached, quotes: closes },
  });
}
