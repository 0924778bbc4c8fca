import type { AlertEvent } from '../alerts/types.js';
import { minutesOf } from '../chat/local-time.js';
import { localMinutes } from '../i18n/time.js';
import type { QuietHours } from '../store/settings.js';

/** inQuietHours says whether `ts` falls in the quiet hours, read on the chat's clock in zone `tz` (a window may wrap past midnight). */
export function inQuietHours(q: QuietHours | null, tz: string, ts: number): boolean {
  if (!q) return false;
  const now = localMinutes(ts, tz);
  const a = minutesOf(q.start);
  const b = minutesOf(q.end);
  return a <= b ? now >= a && now < b : now >= a || now < b;
}

/** isHeld says whether an alert waits for the chat's quiet-hours digest: critical alerts break through. */
export function isHeld(a: AlertEvent, q: QuietHours | null, tz: string, now: number): boolean {
  return a.severity !== 'critical' && inQuietHours(q, tz, now);
}
