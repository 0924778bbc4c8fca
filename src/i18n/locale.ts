/**
 * A chat's locale: the language it reads and the time zone its times are shown in (issue 14). Validated
 * here once; everything downstream takes a `Locale` and never re-checks it.
 */

/** Lang is a language Cascade writes: English or Simplified Chinese. */
export type Lang = 'en' | 'zh';

/** LANGS lists every language, in the order menus show them. */
export const LANGS: readonly Lang[] = ['en', 'zh'];

/** Locale is how one chat reads: its language and its IANA time zone (canonical name, e.g. "Asia/Shanghai"). */
export interface Locale {
  readonly lang: Lang;
  readonly tz: string;
}

/** DEFAULT_LOCALE is English on UTC: what every chat had before languages existed, and the replay default. */
export const DEFAULT_LOCALE: Locale = Object.freeze({ lang: 'en', tz: 'UTC' });

/** localeId names a locale in one string ("zh|Asia/Shanghai"): what is written once per language and zone is keyed by it. */
export function localeId(l: Locale): string {
  return `${l.lang}|${l.tz}`;
}

/** LocaleError is a bad language or time zone given where a valid one is required (a caller's bug or bad config). */
export class LocaleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocaleError';
  }
}

/** parseLang reads "en", "zh" (any case, surrounding spaces allowed) into a Lang, or null. */
export function parseLang(text: string): Lang | null {
  const t = text.trim().toLowerCase();
  return (LANGS as readonly string[]).includes(t) ? (t as Lang) : null;
}

/** An IANA zone name: "UTC", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT-8". */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]{0,30}(\/[A-Za-z0-9_+-]{1,30}){0,2}$/;

/** ZONES_KEPT bounds the answers canonicalZone keeps (the zones in use are a few dozen; bad input cannot grow it past this). */
const ZONES_KEPT = 512;
const ZONES = new Map<string, string | null>();

/**
 * canonicalZone validates an IANA time zone name and returns its canonical spelling ("asia/shanghai" →
 * "Asia/Shanghai", "Etc/UTC" → "UTC"), or null when the runtime's time zone database does not know it.
 * Offsets ("+08:00") and abbreviations other than UTC/GMT are refused: they do not follow summer time.
 * Answers are kept: every subscription read asks again, for each chat, and a formatter costs a fraction of a
 * millisecond to build (for 10,000 chats, seconds per alert).
 */
export function canonicalZone(text: string): string | null {
  const t = text.trim();
  const kept = ZONES.get(t);
  if (kept !== undefined) return kept;
  const zone = ZONE_NAME.test(t) ? resolveZone(t) : null;
  if (ZONES.size >= ZONES_KEPT) ZONES.clear();
  ZONES.set(t, zone);
  return zone;
}

function resolveZone(t: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** makeLocale builds a validated Locale; a bad language or zone throws LocaleError naming the value and a good example. */
export function makeLocale(lang: string, tz: string): Locale {
  const l = parseLang(lang);
  if (!l) throw new LocaleError(`unknown language "${lang.slice(0, 20)}": expected one of ${LANGS.join(', ')}`);
  const z = canonicalZone(tz);
  if (!z) throw new LocaleError(`unknown time zone "${tz.slice(0, 40)}": expected an IANA zone such as Asia/Shanghai or UTC`);
  return Object.freeze({ lang: l, tz: z });
}

/** Traditional-script tags: zh-TW, zh-HK, zh-MO and zh-Hant are not our Simplified Chinese. */
const TRADITIONAL = /^zh[-_](hant|tw|hk|mo)\b/i;

/**
 * langFromPlatform maps a platform's language tag to one of ours, or null when it is not one of ours:
 * Telegram's `from.language_code` ("en", "zh-hans") and Discord's `preferred_locale`/`locale` ("en-US",
 * "en-GB", "zh-CN"; "zh-TW" is Traditional Chinese and gives null).
 */
export function langFromPlatform(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const t = tag.trim();
  if (TRADITIONAL.test(t)) return null;
  return parseLang(t.split(/[-_]/)[0]);
}
