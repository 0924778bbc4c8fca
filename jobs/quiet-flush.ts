import { parseChatKey } from '../src/chat/chat-key.js';
import type { AppServices } from '../src/app/services.js';
import { inQuietHours } from '../src/store/settings.js';
import type { JobDef } from './types.js';

/** quietFlush sends each chat the alerts held during its quiet hours, as one digest, once they end. */
export const quietFlush: JobDef<AppServices> = {
  name: 'quiet-flush',
  description: 'Deliver alerts held during quiet hours as one digest when they end',
  everyMs: () => 60_000,
  async run({ services, now }) {
    let sent = 0;
    for (const key of await services.payloads.heldChats()) {
      const { platform, chatId } = parseChatKey(key);
      const sub = await services.subs.get(platform, chatId);
      if (!sub?.active) continue;
      if (inQuietHours(sub.settings.quietHours, now)) continue;
      await services.producer.enqueueDigest(platform, chatId, now);
      sent++;
    }
    return `${sent} digest(s) queued`;
  },
};
