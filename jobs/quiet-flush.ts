import { inQuietHours } from '../src/lifecycle/hold.js';
import type { Job } from './services.js';

/** quietFlush sends each chat the alerts held during its quiet hours, as one digest, once they end. */
export const quietFlush: Job = {
  name: 'quiet-flush',
  description: 'Deliver alerts held during quiet hours as one digest when they end',
  everyMs: () => 60_000,
  async run({ services, now }) {
    let sent = 0;
    for (const chat of await services.heldChats()) {
      const sub = await services.subs.get(chat.platform, chat.chatId);
      if (!sub?.active) continue;
      if (inQuietHours(sub.settings.quietHours, sub.settings.timezone, now)) continue;
      await services.queueHeldDigest(chat, now);
      sent++;
    }
    return `${sent} digest(s) queued`;
  },
};
