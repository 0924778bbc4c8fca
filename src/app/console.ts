import type { AlertEvent } from '../alerts/types.js';
import { formatAlertHuman, painter } from '../cli/human.js';

/** printAlert writes an alert to the terminal: the output when no chat platform is configured. */
export function printAlert(a: AlertEvent): void {
  process.stdout.write(`${formatAlertHuman(a, painter(process.stdout.isTTY === true))}\n`);
}
