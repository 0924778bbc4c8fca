import type { JobServices } from '../../jobs/services.js';
import { parseChatKey } from '../chat/chat-key.js';
import type { PayloadStore } from '../delivery/payloads.js';
import type { DeliveryProducer } from '../delivery/producer.js';
import type { Engine } from '../rules/engine.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { MarketView } from '../summary/market-view.js';
import type { Locale } from '../i18n/locale.js';

/** JobDeps are what the scheduled jobs' services are made of in a running Cascade. */
export interface JobDeps {
  engine: Engine | null;
  view: MarketView | null;
  subs: SubscriptionStore;
  producer: DeliveryProducer;
  payloads: PayloadStore;
  chart(windowMs: number, locale: Locale): Buffer | null;
  pull: JobServices['pull'];
}

/** jobServices binds the job registry to the running app (as commandServices does for the commands). */
export function jobServices(d: JobDeps): JobServices {
  return {
    market: d.view,
    subs: d.subs,
    chart: d.chart,
    pull: d.pull,
    forgetBefore: (ts) => d.engine?.forgetBefore(ts),
    async post(payloadId, msg, chats, now) {
      await d.payloads.put(payloadId, msg);
      for (const c of chats) await d.producer.enqueueMessage(c.platform, c.chatId, payloadId, now);
    },
    heldChats: async () => (await d.payloads.heldChats()).map(parseChatKey),
    queueHeldDigest: (chat, now) => d.producer.enqueueDigest(chat.platform, chat.chatId, now),
  };
}
