import type { SubscriptionStore } from '../src/store/subscriptions.js';
import { localeFor } from './dispatch.js';
import type { ChatLocales } from './types.js';

/** chatLocales reads how each chat reads from its subscription (language and zone it set, or started with); a chat never subscribed reads the platform's language on UTC. */
export function chatLocales(subs: SubscriptionStore): ChatLocales {
  return async (chat, platformLang) => {
    const sub = await subs.get(chat.platform, chat.chatId);
    return sub ? { lang: sub.settings.language, tz: sub.settings.timezone } : localeFor(platformLang);
  };
}
