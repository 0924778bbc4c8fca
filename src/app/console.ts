import type { AlertEvent } from '../alerts/types.js';
import { formatAlertHuman, painter } from '../cli/human.js';
import { DEFAULT_LOCALE } from '../i18n/locale.js';

/** printAlert writes an alert to the terminal (the operator's, in English on UTC): the output when no chat platform is configured. */
export function printAlert(a: AlertEvent): void {
  process.stdout.write(`${formatAlertHuman(a, DEFAULT_LOCALE, painter(process.stdout.isTTY === true))}\n`);
}
