import { localDate, localMinutes, minutesOf } from '../src/chat/local-time.js';
import type { Subscription } from '../src/store/settings.js';
import { summaryMessage } from '../src/summary/message.js';
import type { Job, JobServices } from './services.js';

const DAY_MS = 86_400_000;

/** dueChats are the chats whose digest time has passed today (in their time zone) and that have not had it yet. */
async function dueChats(services: JobServices, now: number): Promise<Array<{ sub: Subscription; date: string }>> {
  const due: Array<{ sub: Subscription; date: string }> = [];
  for (const sub of await services.subs.active()) {
    const at = sub.settings.digestTime;
    if (!at) continue;
    const tz = sub.settings.quietHours?.tz ?? 'UTC';
    if (localMinutes(now, tz) < minutesOf(at)) continue;
    const date = localDate(now, tz);
    if (await services.subs.markDigest(sub.platform, sub.chatId, date)) due.push({ sub, date });
  }
  return due;
}

/**
 * dailyDigest posts the 24h summary to each chat once a day at its digest time (in its quiet-hours time
 * zone, else UTC). A tick that is late still sends it; a chat never gets two on one local date.
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
    const payloadId = `daily|${Math.floor(now / 60_000)}`;
    await services.post(payloadId, summaryMessage(services.market.summary(DAY_MS), services.chart(DAY_MS)), due.map((d) => d.sub), now);
    return `${due.length} digest(s) queued`;
  },
};
