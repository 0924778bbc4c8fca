import { chatKey } from '../src/chat/chat-key.js';
import { shortAccount } from '../src/i18n/alerts.js';
import { textsFor, type Texts } from '../src/i18n/catalogue.js';
import { normalizeAddress, WATCH_LABEL_MAX } from '../src/store/watchlist.js';
import { command } from './describe.js';
import { asking, usage, type Asking } from './parse.js';
import type { CommandServices } from './services.js';
import type { CommandContext } from './types.js';
/** LABEL_RE: plain text only (letters, marks, numbers, punctuation, symbols, spaces); no control or format characters. */
const LABEL_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

function parseLabel(a: Asking, text: string | undefined): string | null {
  const label = (text ?? '').trim().replace(/\s+/g, ' ');
  if (label === '') return null;
  if ([...label].length > WATCH_LABEL_MAX || !LABEL_RE.test(label)) usage(a, a.x.t('cmd.watch.badLabel', { max: WATCH_LABEL_MAX }));
  return label;
}

function parseAddress(a: Asking, text: string | undefined): string {
  if (!text) usage(a, a.x.t('cmd.watch.needAddress'));
  const address = normalizeAddress(text);
  if (!address) usage(a, a.x.t('cmd.watch.badAddress', { address: text.slice(0, 48) }));
  return address;
}

async function list(x: Texts, ctx: CommandContext<CommandServices>, chat: string): Promise<string> {
  const entries = await ctx.services.watches.list(chat);
  if (entries.length === 0) return x.t('cmd.watch.empty');
  const items = entries.map((e) => x.t('cmd.watch.item', { who: e.label ?? shortAccount(e.address), account: e.address }));
  return x.t('cmd.watch.list', { n: entries.length, max: ctx.services.watchLimits.perChat, list: x.list(items) });
}

/** watch adds, removes or lists the Hyperliquid accounts this chat watches; their alerts go to this chat only (DESIGN §4, §5). */
export const watch = command({
  name: 'watch',
  args: [
    { name: 'action', type: 'string', choices: ['add', 'remove', 'list'] },
    { name: 'address', type: 'string' },
    { name: 'label', type: 'string', rest: true },
  ],
  adminOnly: true,
  example: '/watch add 0x1011000000000000000000000000000000c0ffee Insider whale',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const a = asking(ctx, watch.example);
    const s = ctx.services;
    const chat = chatKey(ctx.chat.platform, ctx.chat.chatId);
    const action = (ctx.args.action ?? 'list').toLowerCase();
    if (action === 'list') return list(x, ctx, chat);
    if (action !== 'add' && action !== 'remove') usage(a, x.t('cmd.watch.badAction', { action: action.slice(0, 12) }));
    const address = parseAddress(a, ctx.args.address);
    if (action === 'remove') {
      if (!(await s.watches.remove(chat, address))) return x.t('cmd.watch.notWatched', { account: address });
      await s.watchChanged();
      return x.t('cmd.watch.removed', { account: address });
    }
    const label = parseLabel(a, ctx.args.label);
    const sub = await s.subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (!sub?.active) return x.t('cmd.watch.subscribeFirst');
    const res = await s.watches.add(chat, address, label, ctx.now, s.watchLimits);
    if (res === 'chat_full') usage(a, x.t('cmd.watch.chatFull', { max: s.watchLimits.perChat }));
    if (res === 'deployment_full') usage(a, x.t('cmd.watch.deploymentFull', { max: s.watchLimits.total }));
    await s.watchChanged();
    return res === 'updated'
      ? x.t('cmd.watch.updated', { account: address, label: label ?? shortAccount(address) })
      : x.t('cmd.watch.added', { who: label ?? shortAccount(address), account: address });
  },
});
