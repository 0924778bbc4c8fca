import type { AlertEvent } from '../alerts/types.js';
import type { RichMessage } from '../chat/message.js';
import { cascadeMessage, digestMessage, localAlertMessage } from '../i18n/alert-message.js';
import { localeId, type Locale } from '../i18n/locale.js';
import { chatCascadeView, type Folded } from '../lifecycle/view.js';
import type { Subscription } from '../store/settings.js';
import type { StoredAlert } from './payloads.js';

/** localeOf is the locale a chat reads its alerts in: the language and time zone of its settings (/settings language, timezone). */
export function localeOf(sub: Subscription): Locale {
  return { lang: sub.settings.language, tz: sub.settings.timezone };
}

/**
 * renderAlertFor renders one stored alert for one chat: an alert alone, or a cascade as this chat sees it (the
 * triggers and folded alerts its filters let through), with the chart when `withChart` (a first post, not an edit).
 */
export function renderAlertFor(stored: StoredAlert, folded: readonly Folded[], sub: Subscription, withChart: boolean): RichMessage {
  const locale = localeOf(sub);
  const chart = withChart ? (stored.charts?.[localeId(locale)] ?? stored.chart) : undefined;
  if (stored.alert.kind !== 'cascade') return localAlertMessage(stored.alert, locale, chart);
  return cascadeMessage({ cascade: stored.alert, ...chatCascadeView(stored.alert, stored.at, folded, sub) }, locale, chart);
}

/** renderDigestFor renders a chat's quiet-hours digest, or null when nothing is left to tell. */
export function renderDigestFor(held: readonly AlertEvent[], sub: Subscription): RichMessage | null {
  return digestMessage(held, localeOf(sub));
}
