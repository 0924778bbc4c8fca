import type { AppServices } from '../src/app/services.js';
import { localMinutes, minutesOf } from '../src/store/settings.js';
import { summaryMessage } from '../src/summary/message.js';
import type { JobDef } from './types.js';

const DAY_MS = 86_400_000;

/** dailyDigest posts the 24h summary to each chat at its digest time (in its quiet-hours time zone, else UTC). */
export const dailyDigest: JobDef<AppServices> = {
  name: 'daily-digest',
  description: "Post the 24h market summary at each chat's digest time",
  everyMs: () => 60_000,
  async run({ services, now }) {
    if (!services.view) return 'no engine in this process';
    const due = (await services.subs.active()).filter((s) => s.settings.digestTime && localMinutes(now, s.settings.quietHours?.tz ?? 'UTC') === minutesOf(s.settings.digestTime));
    if (due.length === 0) return 'none due';
    const day = new Date(now).toISOString().slice(0, 10);
    const payloadId = `daily|${day}|${Math.floor(now / 60_000)}`;
    await services.payloads.put(payloadId, summaryMessage(services.view.summary(DAY_MS), services.chart(DAY_MS)));
    for (const s of due) await services.producer.enqueueMessage(s.platform, s.chatId, payloadId, now);
    return `${due.length} digest(s) queued`;
  },
};
