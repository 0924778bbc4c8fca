import type { AlertEvent } from '../alerts/types.js';
import { textsFor } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { Severity } from '../chat/severity.js';

const ANSI: Record<Severity | 'dim' | 'bold' | 'reset', string> = {
  info: '\x1b[36m',
  warning: '\x1b[33m',
  critical: '\x1b[1;31m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** Painter colours terminal text, or leaves it plain when the output is not a TTY. */
export type Painter = (style: keyof typeof ANSI, text: string) => string;

/** painter returns a colouring function (identity when `color` is false). */
export function painter(color: boolean): Painter {
  return color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
}

/** WIDE is a character a terminal draws two columns wide (CJK, full-width forms). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** padColumns pads text to `width` terminal columns (a CJK character takes two). */
function padColumns(text: string, width: number): string {
  const cols = [...text].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - cols));
}

/**
 * formatAlertHuman renders one alert (its title and text already in `locale`) as two terminal lines: time,
 * severity, kind (its id, as JSON and /mute spell it), title; then its text. English on UTC reads
 * "2026-01-29 13:25 UTC  WARNING  level_break …".
 */
export function formatAlertHuman(a: AlertEvent, locale: Locale, paint: Painter): string {
  const x = textsFor(locale);
  const when = x.fmt.dateTime(a.ts);
  const sev = paint(a.severity, padColumns(x.t(`severity.${a.severity}`).toUpperCase(), 8));
  const head = `${paint('dim', when)}  ${sev} ${a.kind.padEnd(17)} ${paint('bold', a.title)}`;
  const folded = a.cascadeId && a.kind !== 'cascade' ? paint('dim', `  ${x.t('cli.partOfCascade')}`) : '';
  return `${head}${folded}\n${' '.repeat(when.length + 2)}${a.text}`;
}

/** noAlertsLine is what the replay prints when nothing fired. */
export function noAlertsLine(locale: Locale): string {
  return textsFor(locale).t('cli.noAlerts');
}

/** formatSummaryHuman renders the summary's plain text with its title and section headings emphasised. */
export function formatSummaryHuman(text: string, paint: Painter): string {
  const lines = text.split('\n');
  return lines
    .map((l, i) => (i === 0 ? paint('bold', l) : l.length > 0 && !l.startsWith('• ') && lines[i - 1] === '' && i > 2 ? paint('bold', l) : l))
    .join('\n');
}
