import type { AlertEvent, AlertKind } from '../alerts/types.js';

/** TRIGGER_KINDS are the kinds the cascade rule counts as its triggers (DESIGN §4, cascade; leverage_flush down too). */
const TRIGGER_KINDS: ReadonlySet<AlertKind | string> = new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'leverage_flush']);

/** canSetOffCascade says whether a cascade could list this alert among its triggers (or fold it in). */
export function canSetOffCascade(a: Pick<AlertEvent, 'kind'>): boolean {
  return TRIGGER_KINDS.has(a.kind);
}

/**
 * groupWaitFor is how long an alert waits before it is posted on its own (Alertmanager's `group_wait`): a cascade
 * that forms meanwhile absorbs it, so a chat never gets "$100.0M liquidated in 1h" and, a second later, the cascade
 * that says the same. The group wait for what could set off a cascade (critical included: it never waits longer
 * than that), nothing for the rest and for a cascade itself.
 */
export function groupWaitFor(a: Pick<AlertEvent, 'kind'>, groupWaitMs: number): number {
  return canSetOffCascade(a) ? Math.max(0, groupWaitMs) : 0;
}

/**
 * isAbsorbed says whether an alert waiting to be posted on its own is already in a chat's cascade message: a
 * cascade lists it (as a trigger, or folded in: `cascadeOf`) and that cascade reached the chat (`reachedChat`).
 */
export function isAbsorbed(a: Pick<AlertEvent, 'kind'>, cascadeOf: string | null, reachedChat: boolean): boolean {
  return a.kind !== 'cascade' && cascadeOf !== null && reachedChat;
}
