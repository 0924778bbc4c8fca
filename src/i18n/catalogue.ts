/**
 * The message catalogues and the one way to read them: `textsFor(locale).t(key, args)`. Every word a chat
 * sees comes from here, with amounts and times formatted for the chat's locale by `fmt`.
 */

import { en, type MessageKey } from './en.js';
import { fmtFor, type Fmt } from './format.js';
import { formatMessage, type Args, type FormatContext } from './icu.js';
import type { Lang, Locale } from './locale.js';
import { zh } from './zh.js';

export type { MessageKey } from './en.js';

/** CATALOGUES maps each language to its messages (same keys, checked by the compiler and the parity test). */
export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, zh };

/** Texts is a locale's catalogue and formatters together: what every renderer takes. */
export interface Texts {
  readonly locale: Locale;
  readonly fmt: Fmt;
  /** t formats one message; a missing argument throws MessageError (a bug, caught by the tests). */
  t(key: MessageKey, args?: Args): string;
  /** key turns a dynamic key ("index.NASDAQ") into a MessageKey, or null when the catalogue has no such entry. */
  key(key: string): MessageKey | null;
  /** list joins list items with the language's separator ("a, b" / "a，b"). */
  list(items: readonly string[]): string;
  /** enumerate joins short names ("liquidation, price" / "爆仓、价格"). */
  enumerate(items: readonly string[]): string;
  /** clauses joins clauses of one sentence ("a; b" / "a；b"). */
  clauses(items: readonly string[]): string;
  /** sentences joins whole sentences ("A. B." / "A。B。"). */
  sentences(items: readonly string[]): string;
}

const CACHE = new Map<string, Texts>();

/** textsFor returns the catalogue and formatters of a locale (cached; a Texts holds no state). */
export function textsFor(locale: Locale): Texts {
  const id = `${locale.lang}|${locale.tz}`;
  const hit = CACHE.get(id);
  if (hit) return hit;
  const messages = CATALOGUES[locale.lang];
  const fmt = fmtFor(locale);
  const ctx: FormatContext = { plural: new Intl.PluralRules(locale.lang), number: (n) => fmt.count(n) };
  const t = (key: MessageKey, args: Args = {}): string => formatMessage(messages[key], args, ctx);
  const texts: Texts = {
    locale,
    fmt,
    t,
    key: (k) => (Object.hasOwn(messages, k) ? (k as MessageKey) : null),
    list: (items) => items.join(messages['sep.list']),
    enumerate: (items) => items.join(messages['sep.enum']),
    clauses: (items) => items.join(messages['sep.clause']),
    sentences: (items) => items.join(messages['sep.sentence']),
  };
  CACHE.set(id, texts);
  return texts;
}

/** venueName is a venue's display name ("binance" → "Binance" / "币安"); an unknown venue keeps its id. */
export function venueName(x: Texts, source: string): string {
  const k = x.key(`venue.${source}`);
  return k ? x.t(k) : source;
}

/** indexName is a cross-market index's name, long ("Nasdaq" / "纳斯达克") or as alerts write it ("NASDAQ" / "纳指"). */
export function indexName(x: Texts, symbol: string, form: 'long' | 'short'): string {
  const k = x.key(`${form === 'long' ? 'index' : 'indexShort'}.${symbol}`);
  return k ? x.t(k) : symbol;
}
