import { minutesOf } from '../src/chat/local-time.js';
import { localSummaryMessage } from '../src/i18n/summary.js';
import type { Locale } from '../src/i18n/locale.js';
import { date, localMinutes } from '../src/i18n/time.js';
import type { Subscription } from '../src/store/settings.js';
import type { Job, JobServices } from './services.js';

const DAY_MS = 86_400_000;

/** dueChats are the chats whose digest time has passed today (on their own clock) and that have not had it yet. */
async function dueChats(services: JobServices, now: number): Promise<Subscription[]> {
  const due: Subscription[] = [];
  for (const sub of await services.subs.active()) {
    const at = sub.settings.digestTime;
    if (!at) continue;
    const tz = sub.settings.timezone;
    if (localMinutes(now, tz) < minutesOf(at)) continue;
    if (await services.subs.markDigest(sub.platform, sub.chatId, date(now, tz))) due.push(sub);
  }
  return due;
}

/** byLocale groups chats by how they read, so each language and zone's digest is written (and its chart drawn) once. */
function byLocale(subs: readonly Subscription[]): Map<string, { locale: Locale; subs: Subscription[] }> {
  const out = new Map<string, { locale: Locale; subs: Subscription[] }>();
  for (const sub of subs) {
    const locale: Locale = { lang: sub.settings.language, tz: sub.settings.timezone };
    const id = `${locale.lang}|${locale.tz}`;
    if (!out.has(id)) out.set(id, { locale, subs: [] });
    out.get(id)!.subs.push(sub);
  }
  return out;
}

/**
 * dailyDigest posts the 24h summary to each chat once a day at its digest time, on the chat's clock, in its
 * language and zone. A tick that is late still sends it; a chat never gets two on one local date.
 */
export const dailyDigest: Job = {
  name: 'daily-digest',
  description: "Post the 24h market summary at each chat's digest time",
  everyMs: () => 60_000,
  async run({ services, now }) {
    if (!services.market) return 'no engine in this process';
    if (services.market.now() === 0) return 'no market data yet';
    const due = await dueChats(services, now);
    if (due.length === 0) return 'none due';
    const summary = services.market.summary(DAY_MS);
    for (const [id, group] of byLocale(due)) {
      const msg = localSummaryMessage(summary, group.locale, services.chart(DAY_MS, group.locale));
      await services.post(`daily|${Math.floor(now / 60_000)}|${id}`, msg, group.subs, now);
    }
    return `${due.length} digest(s) queued`;
  },
};
