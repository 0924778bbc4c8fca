import type { AlertEvent } from '../alerts/types.js';
import type { TriggerFacts } from '../i18n/alerts.js';
import { triggersOf } from '../i18n/alerts.js';
import type { Subscription } from '../store/settings.js';
import { passesFilters } from './route.js';

/** Folded is an alert folded into a cascade, with the time it was routed (mutes are judged as of then). */
export interface Folded {
  alert: AlertEvent;
  at: number;
}

/**
 * chatCascadeView is what one chat's cascade message shows: the triggers its filters let through (a custom level
 * only where it was set) judged when the cascade was published, and the folded alerts it would have had on their
 * own, oldest first. Another chat's custom level never shows; the chat that set it always sees it.
 */
export function chatCascadeView(cascade: AlertEvent, publishedAt: number, folded: readonly Folded[], sub: Subscription): { triggers: TriggerFacts[]; folded: AlertEvent[] } {
  const triggers = triggersOf(cascade).filter((t) => passesFilters({ kind: t.kind, severity: t.severity, symbol: t.symbol, data: t.data }, sub, publishedAt));
  const shown = folded.filter((f) => passesFilters(f.alert, sub, f.at)).map((f) => f.alert);
  return { triggers, folded: shown.sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id)) };
}
