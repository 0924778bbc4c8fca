import type { AlertEvent } from '../alerts/types.js';
import { renderAlert } from '../i18n/alerts.js';
import { DEFAULT_LOCALE } from '../i18n/locale.js';

/** AlertFactsOf is an alert as a rule decides it: everything but its words. */
export type AlertFactsOf = Omit<AlertEvent, 'title' | 'text'>;

/**
 * withTexts gives a fired alert its title and text in English on UTC, written by the catalogue from the
 * alert's data (src/i18n/alerts.ts): the alert log, the replay and the terminal read these; a chat gets the
 * same data written again in its own language and zone. Rules never spell a sentence themselves.
 */
export function withTexts(facts: AlertFactsOf): AlertEvent {
  const { title, text } = renderAlert(facts, DEFAULT_LOCALE);
  // The facts become the alert (every rule passes a fresh object): a copy cost more than the words on a busy day.
  const alert = facts as AlertEvent;
  alert.title = title;
  alert.text = text;
  return alert;
}
