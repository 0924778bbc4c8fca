import { withTexts } from './texts.js';
import { NO_ALERTS, type AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import type { LiquidationEvent } from '../market/types.js';
import type { WindowSums } from '../market/rolling.js';
import type { Severity } from '../chat/severity.js';

/** Dominance says which side a window's liquidations were mostly on. */
export type Dominance = 'long' | 'short' | 'mixed';

/** dominance is `long` (or `short`) when that side is at least `share` of the USD, else `mixed`. */
export function dominance(longUsd: number, shortUsd: number, share: number): Dominance {
  const total = longUsd + shortUsd;
  if (total <= 0) return 'mixed';
  if (longUsd / total >= share) return 'long';
  if (shortUsd / total >= share) return 'short';
  return 'mixed';
}


/** LiqBarState holds, per configured bar, whether its episode is armed. */
export type LiqBarState = boolean[];

/**
 * evaluateLiqBars fires each bar whose rolling sum reached it while armed; a fired bar re-arms when
 * its window sum falls below `rearmFraction` of the bar (DESIGN §4). Mutates `state`.
 */
export function evaluateLiqBars(state: LiqBarState, rules: RulesConfig, sums: readonly WindowSums[], now: number): AlertEvent[] {
  const cfg = rules.liquidations;
  let out = NO_ALERTS; // an array only when a bar fires: this runs on every liquidation
  for (let i = 0; i < cfg.bars.length; i++) {
    const bar = cfg.bars[i];
    const s = sums[i];
    const total = s.longUsd + s.shortUsd;
    if (!state[i]) {
      if (total < bar.usd * cfg.rearmFraction) state[i] = true;
      continue;
    }
    if (total < bar.usd) continue;
    state[i] = false;
    if (out === NO_ALERTS) out = [];
    out.push(liquidationsAlert(bar.usd, bar.severity, s, cfg.dominantShare, now));
  }
  return out;
}

function liquidationsAlert(barUsd: number, severity: Severity, s: WindowSums, share: number, now: number): AlertEvent {
  const totalUsd = s.longUsd + s.shortUsd;
  const longShare = totalUsd > 0 ? s.longUsd / totalUsd : 0;
  const dom = dominance(s.longUsd, s.shortUsd, share);
  return withTexts({
    id: `liquidations:${s.windowMs}:${barUsd}:${now}`,
    kind: 'liquidations',
    severity,
    symbol: null,
    ts: now,
    data: { windowMs: s.windowMs, totalUsd, longUsd: s.longUsd, shortUsd: s.shortUsd, longShare, count: s.count, dominant: dom, thresholdUsd: barUsd },
  });
}

/** largeLiquidationAlert fires for one liquidation at or over the largest tier it reaches, or null. */
export function largeLiquidationAlert(ev: LiquidationEvent, rules: RulesConfig): AlertEvent | null {
  let tier: { usd: number; severity: Severity } | null = null;
  for (const t of rules.largeLiquidation.tiers) if (ev.notionalUsd >= t.usd && (!tier || t.usd > tier.usd)) tier = t;
  if (!tier) return null;
  return withTexts({
    id: `large_liquidation:${ev.source}:${ev.symbol}:${ev.side}:${ev.ts}:${ev.notionalUsd}`,
    kind: 'large_liquidation',
    severity: tier.severity,
    symbol: ev.symbol,
    ts: ev.ts,
    data: { source: ev.source, side: ev.side, notionalUsd: ev.notionalUsd, price: ev.price, qty: ev.qty },
  });
}
