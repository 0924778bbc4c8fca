import type { RuleProperties } from 'json-rules-engine';
import type { RulesConfig } from '../../src/config/rules-schema.js';

// The conditions of DESIGN §4's six rules written for json-rules-engine: one rule per threshold, tier,
// bar or direction, every threshold read from the RulesConfig. json-rules-engine does each comparison of
// a fact with a threshold; the harness (evaluator.ts) computes the facts and keeps the lifecycle.
// A flag condition gets a higher `priority` so json-rules-engine checks it first and skips the
// numeric one when the episode is not in the right state (its documented way to short-circuit `all`).

const FIRST = 2;

type Cond = RuleProperties['conditions'];

function flag(fact: string, value: boolean): { fact: string; operator: string; value: boolean; priority: number } {
  return { fact, operator: 'equal', value, priority: FIRST };
}

/** pctFacts names the facts of the pct_move rules: the change over window w, the armed flag of threshold i. */
export const pctFacts = {
  change: (w: number) => `change_w${w}`,
  armed: (i: number) => `armed_${i}`,
};

/** pctWindows lists the distinct pct_move windows, shortest first (index w of pctFacts.change). */
export function pctWindows(rules: RulesConfig): number[] {
  return [...new Set(rules.pctMove.thresholds.map((t) => t.windowMs))].sort((a, b) => a - b);
}

/** pctRules: per threshold, a `pct_move` rule (armed and reached) and a `pct_rearm` rule (fired and retraced to the re-arm fraction). */
export function pctRules(rules: RulesConfig): RuleProperties[] {
  const windows = pctWindows(rules);
  return rules.pctMove.thresholds.flatMap((t, i) => {
    const change = pctFacts.change(windows.indexOf(t.windowMs));
    const down = t.pct < 0;
    const half = t.pct * rules.pctMove.rearmFraction;
    const fire: Cond = { all: [flag(pctFacts.armed(i), true), { fact: change, operator: down ? 'lessThanInclusive' : 'greaterThanInclusive', value: t.pct }] };
    const rearm: Cond = { all: [flag(pctFacts.armed(i), false), { fact: change, operator: down ? 'greaterThan' : 'lessThan', value: half }] };
    return [
      { name: `pct_move ${t.pct}% in ${t.windowMs} ms`, conditions: fire, event: { type: 'pct_move', params: { i } } },
      { name: `pct_move ${t.pct}% re-arm`, conditions: rearm, event: { type: 'pct_rearm', params: { i } } },
    ];
  });
}

/**
 * levelRules: per direction, a first crossing of a level that never fired (a price exactly on the level
 * counts as above it) and a flip of a fired level past the hysteresis band. Facts: `price`, `prev`,
 * `level`, `fired`, `firedAbove`, `flipDownBelow`, `flipUpAt` (the band edges of this level).
 */
export function levelRules(): RuleProperties[] {
  const ref = (fact: string) => ({ fact });
  const down = { type: 'level_break', params: { direction: 'down' } };
  const up = { type: 'level_break', params: { direction: 'up' } };
  return [
    { name: 'level first break down', conditions: { all: [flag('fired', false), { fact: 'price', operator: 'lessThan', value: ref('level') }, { fact: 'prev', operator: 'greaterThanInclusive', value: ref('level') }] }, event: down },
    { name: 'level first break up', conditions: { all: [flag('fired', false), { fact: 'prev', operator: 'lessThan', value: ref('level') }, { fact: 'price', operator: 'greaterThanInclusive', value: ref('level') }] }, event: up },
    { name: 'level flip down past the band', conditions: { all: [flag('fired', true), flag('firedAbove', true), { fact: 'price', operator: 'lessThan', value: ref('flipDownBelow') }] }, event: down },
    { name: 'level flip up past the band', conditions: { all: [flag('fired', true), flag('firedAbove', false), { fact: 'price', operator: 'greaterThanInclusive', value: ref('flipUpAt') }] }, event: up },
  ];
}

/** liqFacts names the facts of the liquidation rules: bar i's window sum and armed flag, the event's size. */
export const liqFacts = {
  sum: (i: number) => `bar_${i}_usd`,
  armed: (i: number) => `bar_${i}_armed`,
  notional: 'notionalUsd',
};

/** liquidationRules: per bar a `liquidations` rule and a `liq_rearm` rule; per tier a `large_liquidation` rule. */
export function liquidationRules(rules: RulesConfig): RuleProperties[] {
  const cfg = rules.liquidations;
  const bars = cfg.bars.flatMap((b, i): RuleProperties[] => [
    { name: `liquidations ${b.usd} USD in ${b.windowMs} ms`, conditions: { all: [flag(liqFacts.armed(i), true), { fact: liqFacts.sum(i), operator: 'greaterThanInclusive', value: b.usd }] }, event: { type: 'liquidations', params: { i } } },
    { name: `liquidations ${b.usd} USD re-arm`, conditions: { all: [flag(liqFacts.armed(i), false), { fact: liqFacts.sum(i), operator: 'lessThan', value: b.usd * cfg.rearmFraction }] }, event: { type: 'liq_rearm', params: { i } } },
  ]);
  const tiers = rules.largeLiquidation.tiers.map((t, j): RuleProperties => ({
    name: `large liquidation ≥ ${t.usd} USD`,
    conditions: { all: [{ fact: liqFacts.notional, operator: 'greaterThanInclusive', value: t.usd }] },
    event: { type: 'large_liquidation', params: { j } },
  }));
  return [...bars, ...tiers];
}

/** crossFact names the fact of an index's change on the day (NaN before its first quote). */
export const crossFact = (symbol: string) => `index_${symbol}`;

/** crossRules: per configured index a `cross_breach` rule (armed, at or below its threshold) and a `cross_held` rule (not yet retraced). */
export function crossRules(rules: RulesConfig): RuleProperties[] {
  const cfg = rules.crossMarket;
  return Object.entries(cfg.thresholds).flatMap(([symbol, pct]): RuleProperties[] => [
    { name: `cross_market ${symbol} ≤ ${pct}%`, conditions: { all: [flag('armed', true), { fact: crossFact(symbol), operator: 'lessThanInclusive', value: pct }] }, event: { type: 'cross_breach', params: { symbol } } },
    { name: `cross_market ${symbol} not retraced`, conditions: { all: [flag('armed', false), { fact: crossFact(symbol), operator: 'lessThanInclusive', value: pct * cfg.rearmFraction }] }, event: { type: 'cross_held', params: { symbol } } },
  ]);
}

/**
 * cascadeRules: per direction, a `cascade` start (no episode, a recent price trigger that way, the hour's
 * liquidations at the bar and one-sided enough) and a `cascade_end` (episode quiet for a window and the
 * hour's sum under the end bar). Facts: `hourUsd`, `longShare`, `shortShare`, and per direction
 * `active_D`, `recent_D` (price triggers in the last window), `quietMs_D` (since the episode's last one).
 */
export function cascadeRules(rules: RulesConfig): RuleProperties[] {
  const cfg = rules.cascade;
  return (['down', 'up'] as const).flatMap((d): RuleProperties[] => [
    {
      name: `cascade ${d}`,
      conditions: {
        all: [
          flag(`active_${d}`, false),
          { fact: `recent_${d}`, operator: 'greaterThan', value: 0 },
          { fact: 'hourUsd', operator: 'greaterThanInclusive', value: cfg.minLiquidationsUsd },
          { fact: d === 'down' ? 'longShare' : 'shortShare', operator: 'greaterThanInclusive', value: cfg.minShare },
        ],
      },
      event: { type: 'cascade', params: { direction: d } },
    },
    {
      name: `cascade ${d} ends`,
      conditions: {
        all: [
          flag(`active_${d}`, true),
          { fact: 'hourUsd', operator: 'lessThan', value: cfg.endBelowUsd },
          { fact: `quietMs_${d}`, operator: 'greaterThanInclusive', value: cfg.windowMs },
        ],
      },
      event: { type: 'cascade_end', params: { direction: d } },
    },
  ]);
}
