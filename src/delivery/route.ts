import { type AlertEvent } from '../alerts/types.js';
import { activeMutes, inQuietHours, type Subscription } from '../store/settings.js';
import { SEVERITY_RANK } from '../chat/severity.js';

/** RouteAction is what one chat gets for one alert. */
export type RouteAction =
  | 'send' // post it now
  | 'fold' // part of a cascade this chat received: edit the cascade message instead of posting
  | 'hold'; // quiet hours: keep it for the digest when they end

/** Route is one (alert, chat) decision. */
export interface Route {
  sub: Subscription;
  action: RouteAction;
}

/** passesFilters says whether a chat wants this alert at all: severity, assets, mutes, custom levels. */
export function passesFilters(a: AlertEvent, sub: Subscription, now: number): boolean {
  const s = sub.settings;
  if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[s.minSeverity]) return false;
  if (a.symbol !== null && s.assets !== null && !s.assets.includes(a.symbol)) return false;
  for (const m of activeMutes(s.mutes, now)) {
    if (!m.asset && !m.kind) return false;
    if (m.kind === a.kind) return false;
    if (m.asset && m.asset === a.symbol) return false;
  }
  if (a.kind === 'level_break' && a.data.custom === true) {
    const mine = s.levels[a.symbol ?? ''] ?? [];
    if (!mine.includes(a.data.level as number)) return false;
  }
  return true;
}

/**
 * routeAlert decides, for every active subscription, whether this alert is posted, folded into the
 * cascade message the chat already has (`cascadeRouted` says which chats the cascade went to), held for
 * the quiet-hours digest, or skipped (absent from the result). Critical alerts break through quiet hours.
 */
export function routeAlert(a: AlertEvent, subs: readonly Subscription[], now: number, cascadeRouted: (sub: Subscription) => boolean): Route[] {
  const out: Route[] = [];
  for (const sub of subs) {
    if (!sub.active) continue;
    if (a.cascadeId && a.kind !== 'cascade' && cascadeRouted(sub)) {
      out.push({ sub, action: 'fold' });
      continue;
    }
    if (!passesFilters(a, sub, now)) continue;
    const quiet = a.severity !== 'critical' && inQuietHours(sub.settings.quietHours, now);
    out.push({ sub, action: quiet ? 'hold' : 'send' });
  }
  return out;
}
