import { textsFor } from '../src/i18n/catalogue.js';
import { DEFAULT_LOCALE, type Locale } from '../src/i18n/locale.js';

export { CommandLimiter, COMMAND_RATE, type Admission, type RateRule } from '../src/chat/command-budget.js';

/** slowDown is the one line a chat over its command budget gets, in its language. */
export function slowDown(waitMs: number, locale: Locale = DEFAULT_LOCALE): string {
  return textsFor(locale).t('cmd.slowDown', { seconds: Math.max(1, Math.ceil(waitMs / 1000)) });
}
