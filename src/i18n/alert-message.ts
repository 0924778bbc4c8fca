/**
 * The chat messages around alerts, in a chat's locale: the alert itself (title, text, cascade triggers,
 * footer), the cascade message edited in place as it develops, and the quiet-hours digest. In English on
 * UTC they equal src/alerts/message.ts and the digest of src/delivery/worker.ts, which they will replace.
 */

import type { RichMessage } from '../chat/message.js';
import { renderAlert, triggersOf, triggerTitle, type AlertFacts } from './alerts.js';
import { textsFor, type Texts } from './catalogue.js';
import type { Locale } from './locale.js';

const ICON: Record<AlertFacts['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

function line(x: Texts, ts: number, title: string): string {
  return x.t('alert.line', { time: x.fmt.clock(ts), title });
}

function kindName(x: Texts, kind: string): string {
  const k = x.key(`kind.${kind}`);
  return k ? x.t(k) : kind;
}

/** localAlertMessage turns one alert into the message a chat in `locale` receives (chart attached when given). */
export function localAlertMessage(a: AlertFacts, locale: Locale, chart?: Buffer | null): RichMessage {
  const x = textsFor(locale);
  const { title, text } = renderAlert(a, locale);
  const blocks: RichMessage['blocks'] = [{ type: 'text', text }];
  if (a.kind === 'cascade') {
    const triggers = triggersOf(a);
    if (triggers.length > 0) blocks.push({ type: 'heading', text: x.t('alert.cascade.setOff') }, { type: 'list', items: triggers.map((t) => line(x, t.ts, triggerTitle(t, x))) });
  }
  return {
    title: `${ICON[a.severity]} ${title}`,
    severity: a.severity,
    blocks,
    footer: x.t('alert.footer', { kind: kindName(x, a.kind), time: x.fmt.dateTime(a.ts) }),
    ...(chart ? { image: { png: chart, filename: 'chart.png', alt: title } } : {}),
  };
}

/** localCascadeUpdate is the cascade message edited in place: the cascade plus the last 15 alerts it folded in since. */
export function localCascadeUpdate(cascade: AlertFacts, folded: readonly AlertFacts[], locale: Locale): RichMessage {
  const x = textsFor(locale);
  const msg = localAlertMessage(cascade, locale);
  if (folded.length > 0) {
    msg.blocks.push({ type: 'heading', text: x.t('alert.cascade.since') }, { type: 'list', items: folded.slice(-15).map((f) => line(x, f.ts, renderAlert(f, locale).title)) });
  }
  return msg;
}

/** digestMessage is the quiet-hours digest of held alerts, or null when none were held. */
export function digestMessage(held: readonly AlertFacts[], locale: Locale): RichMessage | null {
  if (held.length === 0) return null;
  const x = textsFor(locale);
  return {
    title: x.t('digest.title', { n: held.length }),
    severity: held.some((a) => a.severity !== 'info') ? 'warning' : 'info',
    blocks: [{ type: 'list', items: held.map((a) => line(x, a.ts, renderAlert(a, locale).title)) }],
  };
}
