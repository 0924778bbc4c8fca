import type { AlertEvent, AlertKind } from '../alerts/types.js';

/**
 * DEFAULT_GROUP_WAIT_MS is how long an alert that can set off a cascade waits before it is posted on its own
 * (Alertmanager's `group_wait`, https://prometheus.io/docs/alerting/latest/configuration/#route): a cascade that
 * forms within it absorbs the alert, so a chat never gets "$100.0M liquidated in 1h" and, a second later, the
 * cascade that says the same. A few seconds: long enough for the next ticks, short enough for a crash alert.
 */
export const DEFAULT_GROUP_WAIT_MS = 3_000;
/** MAX_GROUP_WAIT_MS bounds the setting: an alert that waits longer than this is no longer news. */
export const MAX_GROUP_WAIT_MS = 30_000;

/** TRIGGER_KINDS are the kinds the cascade rule counts as its triggers (DESIGN §4, cascade; leverage_flush down too). */
const TRIGGER_KINDS: ReadonlySet<AlertKind | string> = new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'leverage_flush']);

/** canSetOffCascade says whether a cascade could list this alert among its triggers (or fold it in). */
export function canSetOffCascade(a: Pick<AlertEvent, 'kind'>): boolean {
  return TRIGGER_KINDS.has(a.kind);
}

/**
 * groupWaitFor is how long an alert waits before it is posted on its own: the group wait for what could set off a
 * cascade (critical included: it never waits longer than that), nothing for the rest and for a cascade itself.
 */
export function groupWaitFor(a: Pick<AlertEvent, 'kind'>, groupWaitMs: number): number {
  return canSetOffCascade(a) ? Math.max(0, Math.min(groupWaitMs, MAX_GROUP_WAIT_MS)) : 0;
}

/**
 * isAbsorbed says whether an alert waiting to be posted on its own is already in a chat's cascade message: a
 * cascade lists it (as a trigger, or folded in: `cascadeOf`) and that cascade reached the chat (`reachedChat`).
 */
export function isAbsorbed(a: Pick<AlertEvent, 'kind'>, cascadeOf: string | null, reachedChat: boolean): boolean {
  return a.kind !== 'cascade' && cascadeOf !== null && reachedChat;
}
