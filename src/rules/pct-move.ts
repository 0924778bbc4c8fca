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

/** A ratio this close (relative) to a threshold's edge is judged in full: far wider than the rounding of `change`. */
const EDGE_MARGIN = 1e-9;

/**
 * pctQuietRatios writes, per window w, the open range (out[2w], out[2w + 1]) of price / reference inside which
 * evaluatePctMoves neither fires nor re-arms any threshold of that window in its present state. `change` is
 * computed from that same ratio and never falls as it rises, so each threshold bounds the range on one side:
 * an armed drop (or a fired rise, re-arming below half) from below, an armed rise (or a fired drop) from above.
 * It holds until a threshold fires or re-arms.
 */
export function pctQuietRatios(out: Float64Array, state: PctMoveState, thresholds: readonly PctThreshold[], cfg: Rearm): void {
  for (let w = 0; w < out.length; w += 2) {
    out[w] = -Infinity;
    out[w + 1] = Infinity;
  }
  for (let i = 0; i < thresholds.length; i++) {
    const t = thresholds[i];
    const edge = 1 + (state[i] ? t.pct : t.pct * cfg.rearmFraction) / 100;
    const w = 2 * t.windowIdx;
    if (state[i] === t.pct < 0) out[w] = Math.max(out[w], edge * (1 + EDGE_MARGIN));
    else out[w + 1] = Math.min(out[w + 1], edge * (1 - EDGE_MARGIN));
  }
}

/** pctQuiet says whether every window's ratio of the price to its reference lies inside its quiet range (a window without a reference never acts). */
export function pctQuiet(ratios: Float64Array, refs: ArrayLike<number>, at: PriceAt): boolean {
  const price = at.composite;
  for (let w = 0; w < refs.length; w++) {
    const from = refs[w];
    if (!(from > 0)) continue;
    const r = price / from;
    if (!(r > ratios[2 * w] && r < ratios[2 * w + 1])) return false;
  }
  return true;
}
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
