import type { HyperliquidPlan } from './planner.js';

const n = (x: number) => x.toLocaleString('en-US');
const every = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** BudgetStatus is the plan and what was spent, as Positioning.status() gives it. */
export interface BudgetStatus {
  plan: HyperliquidPlan;
  usedLastMinute: number;
  blockedUntil: number | null;
}

/**
 * planLines renders the Hyperliquid budget for `/status` and the README: the plan against the limit,
 * the fixed calls, the accounts polled and real-time, and how many accounts fit at each cadence.
 */
export function planLines(s: BudgetStatus): string[] {
  const p = s.plan;
  const paused = s.blockedUntil !== null ? `; every call paused until ${new Date(s.blockedUntil).toISOString().slice(11, 19)} UTC after a 429` : '';
  const fixed = p.fixed.map((c) => `${c.call} every ${every(c.everyMs)} (${n(c.perMin)})`);
  const accounts = p.cadenceMs === null
    ? 'no tracked accounts polled'
    : `${n(p.polled.length)} tracked account${p.polled.length === 1 ? '' : 's'} every ${every(p.cadenceMs)} (${n(p.accountPerMin)})${p.unpolled.length > 0 ? `; ${n(p.unpolled.length)} over capacity, not polled` : ''}`;
  return [
    `Hyperliquid weight: ${n(p.totalPerMin)} of ${n(p.limitPerMin)} a minute planned, ${n(s.usedLastMinute)} used in the last minute${paused}`,
    `fixed: ${[...fixed, `liquidation confirmations (${n(p.confirmReservePerMin)} reserved)`].join(', ')}`,
    `${accounts}; ${p.realtime.length} real-time (userFills, at most 10 per IP)`,
    `capacity: ${p.capacity.map((c) => `${n(c.accounts)} every ${every(c.cadenceMs)}`).join(', ')}`,
  ];
}
