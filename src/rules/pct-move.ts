import { withTexts } from './texts.js';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { type Severity, SEVERITY_RANK } from '../chat/severity.js';
import type { PriceAt } from './level-break.js';

/** Rearm is the rules' pct_move section, or as much of it as the test needs. */
export type Rearm = Pick<RulesConfig['pctMove'], 'rearmFraction'>;

/** PctThreshold is one configured move threshold with its window index in the asset's series. */
export interface PctThreshold {
  windowMs: number;
  windowIdx: number;
  pct: number;
  severity: Severity;
}

/** compileThresholds indexes each threshold's window in the list of distinct windows. */
export function compileThresholds(rules: RulesConfig): { windows: number[]; thresholds: PctThreshold[] } {
  const windows = [...new Set(rules.pctMove.thresholds.map((t) => t.windowMs))].sort((a, b) => a - b);
  const thresholds = rules.pctMove.thresholds.map((t) => ({ ...t, windowIdx: windows.indexOf(t.windowMs) }));
  return { windows, thresholds };
}

/** PctMoveState holds, per threshold, whether its episode is armed (true) or has fired (false). */
export type PctMoveState = boolean[];

/** Move is one threshold that fires now, with the change that made it fire. */
export interface Move {
  threshold: PctThreshold;
  changePct: number;
  from: number;
}

/**
 * evaluatePctMoves re-arms thresholds whose move retraced to half, then returns at most one move per
 * direction: when one tick reaches several armed thresholds, all of them disarm and only the most
 * severe fires (ties: the larger threshold). `refs[w]` is the composite one window ago for window w;
 * the price and the rearm fraction are read from the objects that hold them (numbers passed are boxed per tick).
 */
export function evaluatePctMoves(state: PctMoveState, thresholds: readonly PctThreshold[], refs: ArrayLike<number>, at: PriceAt, cfg: Rearm): Move[] {
  const price = at.composite;
  const rearmFraction = cfg.rearmFraction;
  let down: Move | null = null;
  let up: Move | null = null;
  for (let i = 0; i < thresholds.length; i++) {
    const t = thresholds[i];
    const from = refs[t.windowIdx];
    // Written out, not a helper: a helper taking the price would box it on every tick.
    if (!(from > 0)) continue;
    const change = (price / from - 1) * 100;
    // reached and retraced written out: this loop runs on every tick of every asset.
    if (!state[i]) {
      const half = t.pct * rearmFraction;
      if (t.pct < 0 ? change > half : change < half) state[i] = true;
      continue;
    }
    if (!(t.pct < 0 ? change <= t.pct : change >= t.pct)) continue;
    state[i] = false;
    const cand: Move = { threshold: t, changePct: change, from };
    const best = t.pct < 0 ? down : up;
    if (!best || beats(t, best.threshold)) {
      if (t.pct < 0) down = cand;
      else up = cand;
    }
  }
  if (down === null && up === null) return NO_MOVES;
  return down === null ? [up!] : up === null ? [down] : [down, up];
}

const NO_MOVES: Move[] = [];
function beats(a: PctThreshold, b: PctThreshold): boolean {
  const ds = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return ds !== 0 ? ds > 0 : Math.abs(a.pct) > Math.abs(b.pct);
}

/** pctMoveAlert builds the pct_move alert for one move. */
export function pctMoveAlert(symbol: string, m: Move, price: number, now: number): AlertEvent {
  const t = m.threshold;
  return withTexts({
    id: `pct_move:${symbol}:${t.windowMs}:${t.pct}:${now}`,
    kind: 'pct_move',
    severity: t.severity,
    symbol,
    ts: now,
    data: { windowMs: t.windowMs, changePct: round2(m.changePct), from: m.from, to: price, threshold: t.pct },
  });
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
