import { textsFor } from '../src/i18n/catalogue.js';
import { command } from './describe.js';

/** unsubscribe stops crash alerts in this chat (settings are kept for a later /subscribe). */
export const unsubscribe = command({
  name: 'unsubscribe',
  args: [],
  adminOnly: true,
  example: '/unsubscribe',
  async run(ctx) {
    const done = await ctx.services.subs.deactivate(ctx.chat.platform, ctx.chat.chatId, 'unsubscribed', ctx.now);
    return textsFor(ctx.locale).t(done ? 'cmd.unsubscribe.done' : 'cmd.unsubscribe.not');
  },
});
