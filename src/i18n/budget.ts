/** The Hyperliquid weight budget as /status shows it, in a chat's language (src/sources/hyperliquid/plan-text.ts writes it for the README). */

import type { BudgetStatus } from '../sources/hyperliquid/plan-text.js';
import type { Texts } from './catalogue.js';

/** budgetLines writes the plan against the limit, what was spent, the accounts polled and real-time, and the capacity per cadence. */
export function budgetLines(s: BudgetStatus, x: Texts): string[] {
  const p = s.plan;
  const f = x.fmt;
  const paused = s.blockedUntil !== null;
  return [
    x.t('status.hyperliquid.weight', { planned: f.count(p.totalPerMin), limit: f.count(p.limitPerMin), used: f.count(s.usedLastMinute), paused: paused ? 'yes' : 'no', until: paused ? f.time(s.blockedUntil!) : '' }),
    x.t('status.hyperliquid.accounts', { polled: p.cadenceMs === null ? 0 : p.polled.length, every: f.duration(p.cadenceMs ?? 0), unpolled: p.unpolled.length, realtime: p.realtime.length }),
    x.t('status.hyperliquid.capacity', { list: x.list(p.capacity.map((c) => x.t('status.hyperliquid.fits', { n: f.count(c.accounts), every: f.duration(c.cadenceMs) }))) }),
  ];
}
