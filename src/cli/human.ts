import type { AlertEvent } from '../alerts/types.js';
import { formatUtc } from '../render/format.js';
import type { Summary } from '../summary/types.js';
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

/** formatAlertHuman renders one alert as two terminal lines: time, severity, kind, title; then its text. */
export function formatAlertHuman(a: AlertEvent, paint: Painter): string {
  const sev = paint(a.severity, a.severity.toUpperCase().padEnd(8));
  const head = `${paint('dim', formatUtc(a.ts))}  ${sev} ${a.kind.padEnd(17)} ${paint('bold', a.title)}`;
  const folded = a.cascadeId && a.kind !== 'cascade' ? paint('dim', '  (part of the cascade)') : '';
  return `${head}${folded}\n${' '.repeat(22)}${a.text}`;
}

/** formatSummaryHuman renders the summary with its title and section headings emphasised. */
export function formatSummaryHuman(s: Summary, paint: Painter): string {
  const lines = s.text.split('\n');
  return lines
    .map((l, i) => (i === 0 ? paint('bold', l) : l.length > 0 && !l.startsWith('• ') && lines[i - 1] === '' && i > 2 ? paint('bold', l) : l))
    .join('\n');
}
