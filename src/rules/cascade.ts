import { withTexts } from './texts.js';
import { NO_ALERTS, type AlertEvent, type CascadeTrigger } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import type { WindowSums } from '../market/rolling.js';

type Direction = 'down' | 'up';
const DIRECTIONS: readonly Direction[] = ['down', 'up'];

/** Clock holds the engine's clock (the market state): a number passed to a call is boxed, once per event. */
interface Clock {
  readonly clock: number;
}

/** couldStart is the hot-path test for an event that fired nothing: can an episode start right now? */
function couldStart(state: CascadeState, cfg: RulesConfig['cascade'], hour: WindowSums, cutoff: number): boolean {
  const total = hour.longUsd + hour.shortUsd;
  if (total < cfg.minLiquidationsUsd) return false;
  const down = hasRecent(state.recent.down, cutoff) && hour.longUsd / total >= cfg.minShare;
  const up = hasRecent(state.recent.up, cutoff) && hour.shortUsd / total >= cfg.minShare;
  return down || up;
}

function hasRecent(triggers: CascadeTrigger[], cutoff: number): boolean {
  return triggers.length > 0 && triggers[triggers.length - 1].ts > cutoff;
}

/** Episode is one active cascade (or squeeze) and what it has explained so far. */
export interface Episode {
  id: string;
  direction: Direction;
  lastTriggerTs: number;
  triggers: CascadeTrigger[];
}

/** CascadeState keeps recent triggers per direction and the active episode per direction. */
export interface CascadeState {
  recent: Record<Direction, CascadeTrigger[]>;
  /** Recent liquidation alerts, with the side a large liquidation was on (null: market-wide). */
  recentLiq: Array<{ trigger: CascadeTrigger; side: string | null }>;
  /** Recent down leverage flushes: open interest washed out joins a down cascade (DESIGN §4 leverage_flush). */
  recentFlush: CascadeTrigger[];
  active: Record<Direction, Episode | null>;
  /**
   * What the last fold saw, so an event that fired nothing can skip the next one: until `quietUntil` no
   * recent entry leaves the window and no episode can end on time, and while the hour's sums are still
   * `foldedLong` and `foldedShort` no episode can start or end on them either.
   */
  quietUntil: number;
  foldedLong: number;
  foldedShort: number;
}

/** newCascadeState starts with nothing recent and no episode. */
export function newCascadeState(): CascadeState {
  return { recent: { down: [], up: [] }, recentLiq: [], recentFlush: [], active: { down: null, up: null }, quietUntil: -Infinity, foldedLong: NaN, foldedShort: NaN };
}

/** priceDirection is the direction of a price-move alert, or null for other kinds. */
export function priceDirection(a: AlertEvent): Direction | null {
  if (a.kind === 'level_break') return a.data.direction as Direction;
  if (a.kind === 'pct_move') return (a.data.changePct as number) < 0 ? 'down' : 'up';
  return null;
}

function toTrigger(a: AlertEvent): CascadeTrigger {
  return { id: a.id, kind: a.kind, severity: a.severity, symbol: a.symbol, ts: a.ts, title: a.title, data: a.data };
}

/** isDownFlush: a leverage_flush of open interest falling (leverage washed out). */
function isDownFlush(a: AlertEvent): boolean {
  return a.kind === 'leverage_flush' && a.data.direction === 'down';
}

function explains(ep: Episode, a: AlertEvent): boolean {
  if (a.kind === 'liquidations') return true;
  if (a.kind === 'leverage_flush') return ep.direction === 'down' && isDownFlush(a);
  if (a.kind === 'large_liquidation') return (a.data.side === 'long') === (ep.direction === 'down');
  return priceDirection(a) === ep.direction;
}

/**
 * evaluateCascade folds this tick's alerts into the cascade state: it ends quiet episodes, marks alerts
 * an active episode explains (`cascadeId`, so delivery folds them into the cascade message), and fires
 * a new episode when a price trigger and a one-sided liquidation hour meet within the window; a down
 * leverage flush within the hour joins a down episode as one of its triggers. Mutates
 * `state` and the `cascadeId` of alerts in `fresh`.
 */
export function evaluateCascade(state: CascadeState, rules: RulesConfig, fresh: AlertEvent[], hour: WindowSums, at: Clock): AlertEvent[] {
  const cfg = rules.cascade;
  // The per-event test stays small enough to inline into the engine's loop (no boxed numbers per event).
  if (fresh.length === 0) {
    // Nothing fired: the last fold's answer holds while the clock is short of its next deadline and the sums are as it saw them.
    if (at.clock < state.quietUntil && hour.longUsd === state.foldedLong && hour.shortUsd === state.foldedShort) return NO_ALERTS;
    if (!state.active.down && !state.active.up && !couldStart(state, cfg, hour, at.clock - cfg.windowMs)) return NO_ALERTS;
  }
  return foldCascade(state, rules, fresh, hour, at);
}

/**
 * foldCascade is evaluateCascade past its quick test. While an episode is under way it runs on every event,
 * so it allocates nothing unless something changes (no closures, no output array, the clock read from `at`).
 */
function foldCascade(state: CascadeState, rules: RulesConfig, fresh: AlertEvent[], hour: WindowSums, at: Clock): AlertEvent[] {
  const cfg = rules.cascade;
  const now = at.clock;
  const cutoff = now - cfg.windowMs;
  for (const a of fresh) {
    const dir = priceDirection(a);
    if (dir) state.recent[dir].push(toTrigger(a));
    else if (a.kind === 'liquidations') state.recentLiq.push({ trigger: toTrigger(a), side: null });
    else if (a.kind === 'large_liquidation') state.recentLiq.push({ trigger: toTrigger(a), side: a.data.side as string });
    else if (isDownFlush(a)) state.recentFlush.push(toTrigger(a));
  }
  dropOld(state.recent.down, cutoff, triggerTs);
  dropOld(state.recent.up, cutoff, triggerTs);
  dropOld(state.recentLiq, cutoff, liqTs);
  dropOld(state.recentFlush, cutoff, triggerTs);
  const total = hour.longUsd + hour.shortUsd;
  let out = NO_ALERTS;
  let ended = false;
  for (const d of DIRECTIONS) {
    const ep = state.active[d];
    if (ep) {
      for (const a of fresh) {
        if (!explains(ep, a)) continue;
        a.cascadeId = ep.id;
        ep.triggers.push(toTrigger(a));
        if (priceDirection(a) === d) ep.lastTriggerTs = a.ts;
      }
      if (total < cfg.endBelowUsd && now - ep.lastTriggerTs >= cfg.windowMs) {
        state.active[d] = null;
        ended = true;
      }
      continue;
    }
    const sideShare = total > 0 ? (d === 'down' ? hour.longUsd : hour.shortUsd) / total : 0;
    if (state.recent[d].length === 0 || total < cfg.minLiquidationsUsd || sideShare < cfg.minShare) continue;
    const alert = cascadeAlert(d, state, rules, hour, now);
    // A copy: the episode's list grows as it explains later alerts; the cascade alert keeps the triggers it fired with.
    const episode: Episode = { id: alert.id, direction: d, lastTriggerTs: lastTs(state.recent[d]), triggers: [...(alert.data.triggers as CascadeTrigger[])] };
    state.active[d] = episode;
    for (const a of fresh) if (explains(episode, a)) a.cascadeId = episode.id;
    if (out === NO_ALERTS) out = [];
    out.push(alert);
  }
  noteFold(state, hour, cfg.windowMs, ended);
  return out;
}

/**
 * noteFold records when the next fold could change anything without a new alert: the first time a recent
 * entry leaves the window or an episode's last trigger grows a window old. A direction whose episode just
 * ended was not tested for a new start, so the next event folds again.
 */
function noteFold(state: CascadeState, hour: WindowSums, windowMs: number, ended: boolean): void {
  state.foldedLong = hour.longUsd;
  state.foldedShort = hour.shortUsd;
  if (ended) {
    state.quietUntil = -Infinity;
    return;
  }
  let next = Infinity;
  const { recent, recentLiq, recentFlush, active } = state;
  if (recent.down.length > 0) next = Math.min(next, recent.down[0].ts + windowMs);
  if (recent.up.length > 0) next = Math.min(next, recent.up[0].ts + windowMs);
  if (recentLiq.length > 0) next = Math.min(next, recentLiq[0].trigger.ts + windowMs);
  if (recentFlush.length > 0) next = Math.min(next, recentFlush[0].ts + windowMs);
  if (active.down) next = Math.min(next, active.down.lastTriggerTs + windowMs);
  if (active.up) next = Math.min(next, active.up.lastTriggerTs + windowMs);
  state.quietUntil = next;
}

/**
 * cascadeIdle says whether evaluateCascade can be skipped for an event that fired nothing: only when no
 * episode is under way and no price trigger is recent (otherwise the hour may turn one-sided on any event,
 * e.g. when short liquidations leave the window).
 */
export function cascadeIdle(state: CascadeState): boolean {
  if (state.active.down || state.active.up) return false;
  return state.recent.down.length === 0 && state.recent.up.length === 0;
}

const triggerTs = (t: CascadeTrigger): number => t.ts;
const liqTs = (l: CascadeState['recentLiq'][number]): number => l.trigger.ts;

/** dropOld drops the entries at or before `cutoff` (they are in time order); `tsOf` is module-level, so nothing is allocated per event. */
function dropOld<T>(a: T[], cutoff: number, tsOf: (x: T) => number): void {
  let n = 0;
  while (n < a.length && tsOf(a[n]) <= cutoff) n++;
  if (n > 0) a.splice(0, n);
}

function lastTs(ts: CascadeTrigger[]): number {
  return ts.reduce((m, t) => Math.max(m, t.ts), 0);
}

function cascadeAlert(d: Direction, state: CascadeState, rules: RulesConfig, hour: WindowSums, now: number): AlertEvent {
  const cfg = rules.cascade;
  const total = hour.longUsd + hour.shortUsd;
  const longShare = total > 0 ? hour.longUsd / total : 0;
  const liqSide = d === 'down' ? 'long' : 'short';
  const liqTriggers = state.recentLiq.filter((l) => l.side === null || l.side === liqSide).map((l) => l.trigger);
  const triggers = [...state.recent[d], ...liqTriggers, ...(d === 'down' ? state.recentFlush : [])].sort((a, b) => a.ts - b.ts);
  return withTexts({
    id: `cascade:${d}:${now}`,
    kind: 'cascade',
    severity: d === 'down' ? cfg.downSeverity : cfg.upSeverity,
    symbol: null,
    ts: now,
    data: { direction: d, liquidationsUsd: total, longShare, windowMs: cfg.windowMs, triggers },
  });
}
