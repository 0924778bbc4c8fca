import { budgetLines } from '../src/i18n/budget.js';
import { textsFor, venueName, type Texts } from '../src/i18n/catalogue.js';
import { command } from './describe.js';
import type { StatusReport } from './services.js';

function sourceValue(x: Texts, s: StatusReport['sources'][number], now: number): string {
  const parts = [s.lastEventTs ? x.t('cmd.status.last', { ago: x.fmt.duration(Math.max(0, now - s.lastEventTs)) }) : x.t('cmd.status.noData')];
  if (s.rejected) parts.push(x.t('cmd.status.rejected', { n: s.rejected }));
  if (s.gaps) parts.push(x.t('cmd.status.gaps', { n: s.gaps }));
  return parts.join(x.t('sep.dot'));
}

/** status shows the feeds (freshness, rejects, gaps) and the delivery queue. */
export const status = command({
  name: 'status',
  args: [],
  adminOnly: false,
  example: '/status',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const st = await ctx.services.status();
    const now = ctx.now;
    const sources = st.sources.map((s) => ({ name: `${s.stale ? '🔴' : '🟢'} ${venueName(x, s.source)}`, value: sourceValue(x, s, now), inline: true }));
    const q = st.queue;
    const budget = ctx.services.hyperliquidBudget();
    return {
      title: x.t('cmd.status.title', { mode: st.mode }),
      severity: st.sources.some((s) => s.stale) ? 'warning' : 'info',
      blocks: [
        { type: 'fields', fields: sources.length > 0 ? sources : [{ name: x.t('cmd.status.sources'), value: x.t('cmd.status.noSources') }] },
        { type: 'text', text: q ? x.t('cmd.status.queue', { waiting: q.waiting, active: q.active, delayed: q.delayed, failed: q.failed, dead: q.deadLetters }) : x.t('cmd.status.noQueue') },
        ...(budget ? [{ type: 'list' as const, items: budgetLines(budget, x) }] : []),
      ],
      footer: x.t('cmd.status.footer', { uptime: x.fmt.duration(st.uptimeMs), time: x.fmt.dateTime(now) }),
    };
  },
});
