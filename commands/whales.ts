import { chatKey } from '../src/chat/chat-key.js';
import type { MessageField } from '../src/chat/message.js';
import { shortAccount } from '../src/i18n/alerts.js';
import { textsFor, type Texts } from '../src/i18n/catalogue.js';
import type { WhaleView } from '../src/summary/market-view.js';
import { command } from './describe.js';

/** MAX_POSITIONS shown (Discord: at most 25 fields an embed; ten reads well on a phone). */
const MAX_POSITIONS = 10;

function field(x: Texts, w: WhaleView): MessageField {
  const f = x.fmt;
  const who = w.label ?? (w.discovered ? x.t('cmd.whales.discovered', { account: shortAccount(w.account) }) : shortAccount(w.account));
  const liq = w.liquidationPrice;
  return {
    name: x.t('cmd.whales.position', { who, symbol: w.symbol, side: w.size > 0 ? 'long' : 'short', size: f.priceBare(Math.abs(w.size)), notional: f.usd(Math.abs(w.size) * w.markPrice) }),
    value: x.t('cmd.whales.detail', {
      entry: f.price(w.entryPrice), mark: f.price(w.markPrice), pnl: f.usd(w.unrealizedPnlUsd),
      liquidation: liq === null ? 'none' : f.price(liq), distance: liq === null ? '' : f.pctAbs((Math.abs(w.markPrice - liq) / w.markPrice) * 100),
    }),
  };
}

/** whales lists the tracked accounts' open positions this chat may see (the deployment's and its own /watch list), largest first. */
export const whales = command({
  name: 'whales',
  args: [],
  adminOnly: false,
  example: '/whales',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const me = chatKey(ctx.chat.platform, ctx.chat.chatId);
    const mine = ctx.services.market.whales().filter((w) => w.deployment || w.chats.includes(me));
    if (mine.length === 0) return x.t('cmd.whales.none');
    const blocks: Array<{ type: 'fields'; fields: MessageField[] } | { type: 'text'; text: string }> = [{ type: 'fields', fields: mine.slice(0, MAX_POSITIONS).map((w) => field(x, w)) }];
    if (mine.length > MAX_POSITIONS) blocks.push({ type: 'text', text: x.t('cmd.whales.more', { n: mine.length - MAX_POSITIONS }) });
    return { title: x.t('cmd.whales.title'), blocks, footer: x.t('cmd.whales.footer', { time: x.fmt.dateTime(ctx.services.market.now()) }) };
  },
});
