import { formatDuration, formatUtc } from '../src/render/format.js';
import { sourceName } from '../src/sources/registry.js';
import type { Command, StatusReport } from './services.js';

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
    // A replayed feed is timed on the event clock: its age is measured there, never against today's date.
    const ageOf = (s: StatusReport['sources'][number]) => Math.max(0, (s.eventTime && st.eventClock ? st.eventClock : now) - s.lastEventTs!);
    const sources = st.sources.map((s) => ({
      name: `${s.stale ? '🔴' : '🟢'} ${sourceName(s.source)}`,
      value: `${s.lastEventTs ? `last ${formatDuration(ageOf(s))} ago` : 'no data yet'}${s.rejected ? ` · ${s.rejected} rejected` : ''}${s.note ? ` · ${s.note}` : ''}`,
      inline: true,
    }));
    const q = st.queue;
    const dead = st.lastDeadLetter;
    return {
      title: `Cascade status (${st.mode})`,
      severity: st.sources.some((s) => s.stale) ? 'warning' : 'info',
      blocks: [
        { type: 'fields', fields: sources.length > 0 ? sources : [{ name: 'Sources', value: 'none yet' }] },
        { type: 'text', text: q ? `Delivery queue: ${q.waiting} waiting, ${q.active} sending, ${q.delayed} delayed, ${q.failed} failed, ${q.deadLetters} dead letters.` : 'Delivery queue: not running in this process.' },
        ...(dead ? [{ type: 'text' as const, text: `Last dead letter ${formatDuration(Math.max(0, now - dead.at))} ago: ${dead.platform} chat ${dead.chatId}, ${dead.alertId}: ${dead.reason}` }] : []),
      ],
      footer: `up ${formatDuration(st.uptimeMs)} · ${st.eventClock ? `replay, event time ${formatUtc(st.eventClock)}` : formatUtc(now)}`,
    };
  },
};
