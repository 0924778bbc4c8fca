import { budgetLines } from '../src/i18n/budget.js';
import { textsFor, venueName, type Texts } from '../src/i18n/catalogue.js';
import { command } from './describe.js';
import type { StatusReport } from './services.js';

/** sourceValue is a source's line; a replayed feed is timed on the event clock (`eventClock`), never against today's date. */
function sourceValue(x: Texts, s: StatusReport['sources'][number], now: number, eventClock?: number | null): string {
  const clock = s.eventTime && eventClock ? eventClock : now;
  const parts = [s.lastEventTs ? x.t('cmd.status.last', { ago: x.fmt.duration(Math.max(0, clock - s.lastEventTs)) }) : x.t('cmd.status.noData')];
  if (s.rejected) parts.push(x.t('cmd.status.rejected', { n: s.rejected }));
  if (s.gaps) parts.push(x.t('cmd.status.gaps', { n: s.gaps }));
  return parts.join(x.t('sep.dot'));
}

/** paidLines are the Telegram paid-broadcast lines: today's spend of the budget, and a fallback to the free rate. */
function paidLines(x: Texts, p: NonNullable<StatusReport['paidBroadcast']>): Array<{ type: 'text'; text: string }> {
  const spend = x.t('cmd.status.paid', { mode: p.mode, spent: x.fmt.number(p.spentStars, 1), budget: x.fmt.number(p.budgetStars, 0), messages: x.fmt.count(p.messages) });
  return [{ type: 'text', text: spend }, ...(p.fallback ? [{ type: 'text' as const, text: x.t('cmd.status.paidFallback', { why: p.fallback }) }] : [])];
}

/** status shows the feeds (freshness, rejects, gaps), the delivery queue and today's paid-broadcast spend. */
export const status = command({
  name: 'status',
  args: [],
  adminOnly: false,
  example: '/status',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const st = await ctx.services.status();
    const now = ctx.now;
    const sources = st.sources.map((s) => ({ name: `${s.stale ? '🔴' : '🟢'} ${venueName(x, s.source)}`, value: sourceValue(x, s, now, st.eventClock), inline: true }));
    const q = st.queue;
    const dead = st.lastDeadLetter;
    const budget = ctx.services.hyperliquidBudget();
    return {
      title: x.t('cmd.status.title', { mode: st.mode }),
      severity: st.sources.some((s) => s.stale) ? 'warning' : 'info',
      blocks: [
        { type: 'fields', fields: sources.length > 0 ? sources : [{ name: x.t('cmd.status.sources'), value: x.t('cmd.status.noSources') }] },
        { type: 'text', text: q ? x.t('cmd.status.queue', { waiting: q.waiting, active: q.active, delayed: q.delayed, failed: q.failed, dead: q.deadLetters }) : x.t('cmd.status.noQueue') },
        ...(st.paidBroadcast ? paidLines(x, st.paidBroadcast) : []),
        ...(st.engine ? [{ type: 'text' as const, text: x.t(st.engine.standbys > 0 ? 'cmd.status.engine' : 'cmd.status.engineAlone', { token: st.engine.token ?? 0, standbys: st.engine.standbys }) }] : []),
        ...(dead ? [{ type: 'text' as const, text: x.t('cmd.status.deadLetter', { ago: x.fmt.duration(Math.max(0, now - dead.at)), platform: dead.platform, chat: dead.chatId, alert: dead.alertId, reason: dead.reason }) }] : []),
        ...(budget ? [{ type: 'list' as const, items: budgetLines(budget, x) }] : []),
      ],
      footer: st.eventClock ? x.t('cmd.status.replayFooter', { uptime: x.fmt.duration(st.uptimeMs), time: x.fmt.dateTime(st.eventClock) }) : x.t('cmd.status.footer', { uptime: x.fmt.duration(st.uptimeMs), time: x.fmt.dateTime(now) }),
    };
  },
});
