import { withTexts } from './texts.js';
import { NO_ALERTS, type AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { SEVERITY_RANK } from '../chat/severity.js';
import type { OiChange } from '../market/leverage.js';

type Threshold = RulesConfig['leverageFlush']['thresholds'][number];

/** FlushState holds, per asset and threshold, whether its episode is armed (true) or has fired (false). */
export type FlushState = Map<string, boolean[]>;


function reached(t: Threshold, change: number): boolean {
  return t.pct < 0 ? change <= t.pct : change >= t.pct;
}

function retraced(t: Threshold, change: number, rearm: number): boolean {
  return t.pct < 0 ? change > t.pct * rearm : change < t.pct * rearm;
}

function beats(a: Threshold, b: Threshold): boolean {
  const ds = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return ds !== 0 ? ds > 0 : Math.abs(a.pct) > Math.abs(b.pct);
}

/**
 * evaluateLeverageFlush judges one asset's open-interest change over the window (summed over the venues
 * seen at both ends, DESIGN §4): each threshold is its own episode, re-armed when the change has retraced
 * to `rearmFraction` of it; when one change reaches several armed thresholds of a direction, all of them
 * disarm and only the most severe fires. Mutates `state`.
 */
export function evaluateLeverageFlush(state: FlushState, rules: RulesConfig, symbol: string, change: OiChange, now: number): AlertEvent[] {
  const cfg = rules.leverageFlush;
  let armed = state.get(symbol);
  if (!armed) state.set(symbol, (armed = cfg.thresholds.map(() => true)));
  let down: Threshold | null = null;
  let up: Threshold | null = null;
  for (let i = 0; i < cfg.thresholds.length; i++) {
    const t = cfg.thresholds[i];
    if (!armed[i]) {
      if (retraced(t, change.changePct, cfg.rearmFraction)) armed[i] = true;
      continue;
    }
    if (!reached(t, change.changePct)) continue;
    armed[i] = false;
    if (t.pct < 0) down = !down || beats(t, down) ? t : down;
    else up = !up || beats(t, up) ? t : up;
  }
  if (!down && !up) return NO_ALERTS;
  return [down, up].filter((t): t is Threshold => t !== null).map((t) => flushAlert(symbol, t, change, cfg.windowMs, now));
}

function flushAlert(symbol: string, t: Threshold, c: OiChange, windowMs: number, now: number): AlertEvent {
  return withTexts({
    id: `leverage_flush:${symbol}:${windowMs}:${t.pct}:${now}`,
    kind: 'leverage_flush',
    severity: t.severity,
    symbol,
    ts: now,
    data: { windowMs, changePct: Math.round(c.changePct * 100) / 100, oiFrom: c.from, oiTo: c.to, sources: [...c.sources].sort(), threshold: t.pct, direction: t.pct < 0 ? 'down' : 'up' },
  });
}
