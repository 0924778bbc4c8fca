import { budgetLines } from '../src/i18n/budget.js';
import { textsFor } from '../src/i18n/catalogue.js';
import { DEFAULT_LOCALE } from '../src/i18n/locale.js';
import { formatDuration, formatUtc } from '../src/render/format.js';
import { sourceName } from '../src/sources/registry.js';
import type { Command } from './services.js';

/** status shows the feeds (freshness, rejects) and the delivery queue. */
export const status: Command = {
  name: 'status',
  description: 'Data sources, freshness and delivery queue health',
  args: [],
  adminOnly: false,
  example: '/status',
  async run(ctx) {
    const st = await ctx.services.status();
    const now = ctx.now;
    const sources = st.sources.map((s) => ({
      name: `${s.stale ? '🔴' : '🟢'} ${sourceName(s.source)}`,
      value: `${s.lastEventTs ? `last ${formatDuration(Math.max(0, now - s.lastEventTs))} ago` : 'no data yet'}${s.rejected ? ` · ${s.rejected} rejected` : ''}${s.note ? ` · ${s.note}` : ''}`,
      inline: true,
    }));
    const q = st.queue;
    const budget = ctx.services.hyperliquidBudget();
    return {
      title: `Cascade status (${st.mode})`,
      severity: st.sources.some((s) => s.stale) ? 'warning' : 'info',
      blocks: [
        { type: 'fields', fields: sources.length > 0 ? sources : [{ name: 'Sources', value: 'none yet' }] },
        { type: 'text', text: q ? `Delivery queue: ${q.waiting} waiting, ${q.active} sending, ${q.delayed} delayed, ${q.failed} failed, ${q.deadLetters} dead letters.` : 'Delivery queue: not running in this process.' },
        ...(budget ? [{ type: 'list' as const, items: budgetLines(budget, textsFor(DEFAULT_LOCALE)) }] : []),
      ],
      footer: `up ${formatDuration(st.uptimeMs)} · ${formatUtc(now)}`,
    };
  },
};
