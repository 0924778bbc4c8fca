import { textsFor } from '../src/i18n/catalogue.js';
import { localSummaryMessage } from '../src/i18n/summary.js';
import { startOfLocalDay } from '../src/i18n/time.js';
import { command } from './describe.js';
import { asking, parseWindow } from './parse.js';

const DAY_MS = 86_400_000;

/** summary writes the crash report for a window (default 24h; "today" is the chat's day so far), with its chart, in the chat's language. */
export const summary = command({
  name: 'summary',
  args: [{ name: 'window', type: 'string' }],
  adminOnly: false,
  example: '/summary 24h',
  slow: true,
  async run(ctx) {
    const { market, chart } = ctx.services;
    const today = ctx.args.window?.trim().toLowerCase() === 'today';
    const asked = today ? undefined : parseWindow(asking(ctx, summary.example), ctx.args.window, DAY_MS);
    const now = market.now();
    if (now === 0) return textsFor(ctx.locale).t('cmd.summary.noData');
    const ms = asked ?? now - startOfLocalDay(now, ctx.locale.tz) + 1;
    return localSummaryMessage(market.summary(ms), ctx.locale, chart(ms, ctx.locale));
  },
});
