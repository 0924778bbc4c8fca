/**
 * The one home of the chat messages around alerts, in a chat's locale: the alert itself (title, text, footer),
 * the cascade message (posted once, then updated in place as it develops, always within the platforms'
 * limits) and the quiet-hours digest. Delivery renders each chat's message here from the stored alert.
 */

import type { MessageBlock, RichMessage } from '../chat/message.js';
import { renderAlert, triggersOf, triggerTitle, type AlertFacts, type TriggerFacts } from './alerts.js';
import { textsFor, type Texts } from './catalogue.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';
import { utf16Length } from './utf16.js';

const ICON: Record<AlertFacts['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/**
 * CASCADE_BUDGET is the most UTF-16 units a cascade message may take as laid out for reading (title, blocks,
 * bullets, blank lines, footer): under Telegram's 4,096 per text message (https://core.telegram.org/bots/api#sendmessage)
 * with room for the renderer's own marks, and under Discord's 4,096 per embed description. Older lines give way first.
 */
export const CASCADE_BUDGET = 3_600;
/** LIST_LINE_OVERHEAD is what a list line costs beyond its text: the "• " bullet and the line break. */
const LIST_LINE_OVERHEAD = 3;
/** BLOCK_OVERHEAD is what a block costs beyond its lines: the blank line before it. */
const BLOCK_OVERHEAD = 2;

function line(x: Texts, ts: number, title: string): string {
  return x.t('alert.line', { time: x.fmt.clock(ts), title });
}

function kindName(x: Texts, kind: string): string {
  const k = x.key(`kind.${kind}`);
  return k ? x.t(k) : kind;
}

function footer(x: Texts, a: AlertFacts): string {
  return x.t('alert.footer', { kind: kindName(x, a.kind), time: x.fmt.dateTime(a.ts) });
}

/** localAlertMessage turns one alert into the message a chat in `locale` receives (chart attached when given); a cascade with all its triggers. */
export function localAlertMessage(a: AlertFacts, locale: Locale = DEFAULT_LOCALE, chart?: Buffer | null): RichMessage {
  return a.kind === 'cascade' ? cascadeMessage({ cascade: a, triggers: triggersOf(a), folded: [] }, locale, chart) : plainMessage(a, locale, chart);
}

function plainMessage(a: AlertFacts, locale: Locale, chart?: Buffer | null): RichMessage {
  const x = textsFor(locale);
  const { title, text } = renderAlert(a, locale);
  return {
    title: `${ICON[a.severity]} ${title}`,
    severity: a.severity,
    blocks: [{ type: 'text', text }],
    footer: footer(x, a),
    ...(chart ? { image: { png: chart, filename: 'chart.png', alt: title } } : {}),
  };
}

/**
 * CascadeView is one chat's view of a cascade: the cascade, the triggers this chat may see (its filters, and
 * custom levels only where they were set) and the alerts folded in since that this chat would have had on their own.
 */
export interface CascadeView {
  cascade: AlertFacts;
  triggers: readonly TriggerFacts[];
  folded: readonly AlertFacts[];
}

/** units is what a laid-out message costs: title, each block with its blank line, each list line with its bullet, the footer. */
export function messageUnits(msg: Pick<RichMessage, 'title' | 'blocks' | 'footer'>): number {
  let n = utf16Length(msg.title) + utf16Length(msg.footer ?? '') + BLOCK_OVERHEAD;
  for (const b of msg.blocks) n += BLOCK_OVERHEAD + blockUnits(b);
  return n;
}

function blockUnits(b: MessageBlock): number {
  if (b.type === 'list') return b.items.reduce((n, i) => n + utf16Length(i) + LIST_LINE_OVERHEAD, 0);
  if (b.type === 'fields') return b.fields.reduce((n, f) => n + utf16Length(f.name) + utf16Length(f.value) + LIST_LINE_OVERHEAD, 0);
  return utf16Length(b.text);
}

/** fitNewest keeps the newest lines that fit in `room` units, and says how many older ones it left out (that line costs too). */
function fitNewest(x: Texts, lines: readonly string[], room: number): string[] {
  const cost = (s: string) => utf16Length(s) + LIST_LINE_OVERHEAD;
  const total = lines.reduce((n, l) => n + cost(l), 0);
  if (total <= room) return [...lines];
  const kept: string[] = [];
  let used = cost(x.t('alert.cascade.earlier', { n: lines.length }));
  for (let i = lines.length - 1; i >= 0 && used + cost(lines[i]) <= room; i--) {
    kept.unshift(lines[i]);
    used += cost(lines[i]);
  }
  return [x.t('alert.cascade.earlier', { n: lines.length - kept.length }), ...kept];
}

/**
 * cascadeMessage is a chat's cascade message: the cascade (its text naming only the triggers this chat may see),
 * what set it off, and what it has folded in since, newest kept when the budget is reached, so every update
 * fits one Telegram text message (and, with a chart, a short caption) and one Discord embed description.
 */
export function cascadeMessage(view: CascadeView, locale: Locale = DEFAULT_LOCALE, chart?: Buffer | null): RichMessage {
  const x = textsFor(locale);
  const facts: AlertFacts = { ...view.cascade, data: { ...view.cascade.data, triggers: [...view.triggers] } };
  const msg = plainMessage(facts, locale, chart);
  const last = view.folded.at(-1);
  if (last) msg.footer = x.t('alert.cascade.updated', { footer: msg.footer ?? '', time: x.fmt.clock(last.ts) });
  const triggers = view.triggers.map((t) => line(x, t.ts, triggerTitle(t, x)));
  const folded = view.folded.map((f) => line(x, f.ts, renderAlert(f, locale).title));
  const heads = (triggers.length > 0 ? BLOCK_OVERHEAD + utf16Length(x.t('alert.cascade.setOff')) : 0) + (folded.length > 0 ? BLOCK_OVERHEAD * 2 + utf16Length(x.t('alert.cascade.since')) : 0);
  const room = CASCADE_BUDGET - messageUnits(msg) - heads;
  const shownTriggers = fitNewest(x, triggers, Math.floor(room / 3));
  const shownFolded = fitNewest(x, folded, room - shownTriggers.reduce((n, l) => n + utf16Length(l) + LIST_LINE_OVERHEAD, 0));
  if (shownTriggers.length > 0) msg.blocks.push({ type: 'heading', text: x.t('alert.cascade.setOff') }, { type: 'list', items: shownTriggers });
  if (shownFolded.length > 0) msg.blocks.push({ type: 'heading', text: x.t('alert.cascade.since') }, { type: 'list', items: shownFolded });
  return msg;
}

/** digestMessage is the quiet-hours digest of held alerts, or null when none were held. */
export function digestMessage(held: readonly AlertFacts[], locale: Locale = DEFAULT_LOCALE): RichMessage | null {
  if (held.length === 0) return null;
  const x = textsFor(locale);
  return {
    title: x.t('digest.title', { n: held.length }),
    severity: held.some((a) => a.severity !== 'info') ? 'warning' : 'info',
    blocks: [{ type: 'list', items: held.map((a) => line(x, a.ts, renderAlert(a, locale).title)) }],
  };
}
