import type { Context, Telegraf } from 'telegraf';
import type { ChatLocales, CommandContext, CommandDef, CommandReply } from '../../../commands/types.js';
import { localeFor, parseTextArgs, runCommand, UsageError } from '../../../commands/dispatch.js';
import { slowDown, type CommandLimiter } from '../../../commands/limiter.js';
import type { ChatRef } from '../../chat/platform.js';
import { destinationId } from '../../chat/chat-key.js';
import { fromChannelPost, type ChannelPost } from './channel-post.js';
import type { Incoming } from './incoming.js';
import { langFromPlatform, LANGS, type Lang, type Locale } from '../../i18n/locale.js';
import { truncateUtf16 } from '../../i18n/utf16.js';

/** TELEGRAM_MAX_COMMANDS is the most commands one menu holds (https://core.telegram.org/bots/api#setmycommands). */
export const TELEGRAM_MAX_COMMANDS = 100;
/** TELEGRAM_COMMAND_NAME is a valid command name: 1–32 of a-z, 0-9, _ (https://core.telegram.org/bots/api#botcommand). */
export const TELEGRAM_COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
/** TELEGRAM_MAX_COMMAND_DESCRIPTION is the longest menu description (https://core.telegram.org/bots/api#botcommand). */
export const TELEGRAM_MAX_COMMAND_DESCRIPTION = 256;
/** ADMIN_STATUSES are the ChatMember statuses that may run admin-only commands (https://core.telegram.org/bots/api#chatmember). */
const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/** TelegramSetupError is a command registry Telegram cannot serve (a bad name, too many commands). */
export class TelegramSetupError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'TelegramSetupError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * MENU_LANGUAGE is the setMyCommands `language_code` each of our languages is set under: English is the
 * default menu (no code: every user whose language has no menu of its own), Chinese is "zh" (a two-letter
 * ISO 639-1 code, https://core.telegram.org/bots/api#setmycommands).
 */
export const MENU_LANGUAGE: Readonly<Record<Lang, string | undefined>> = { en: undefined, zh: 'zh' };

/** CommandMenu is one setMyCommands call: the menu for one language_code (undefined: the default). */
export interface CommandMenu {
  languageCode: string | undefined;
  commands: Array<{ command: string; description: string }>;
}

/** commandMenu derives the setMyCommands list in one language from the registry, refusing what Telegram would refuse. */
export function commandMenu(defs: readonly CommandDef<any>[], lang: Lang = 'en'): Array<{ command: string; description: string }> {
  const bad = defs.filter((d) => !TELEGRAM_COMMAND_NAME.test(d.name)).map((d) => `"${d.name}"`);
  if (bad.length > 0) throw new TelegramSetupError(`Telegram command names must be 1-32 of a-z 0-9 _; fix ${bad.join(', ')} (e.g. "set_levels")`);
  if (defs.length > TELEGRAM_MAX_COMMANDS) throw new TelegramSetupError(`Telegram menus hold at most ${TELEGRAM_MAX_COMMANDS} commands; the registry has ${defs.length}`);
  return defs.map((d) => {
    const text = d.describe(lang).description.trim() || d.name;
    return { command: d.name, description: truncateUtf16(text, TELEGRAM_MAX_COMMAND_DESCRIPTION) };
  });
}

/** commandMenus is the registry's menu in every language we write, each under its language_code. */
export function commandMenus(defs: readonly CommandDef<any>[]): CommandMenu[] {
  return LANGS.map((lang) => ({ languageCode: MENU_LANGUAGE[lang], commands: commandMenu(defs, lang) }));
}

/** CommandDeps are what command handlers need: the registry's services, the clock, each chat's locale, the reply path and an error log. */
export interface CommandDeps<S> {
  services: S;
  now(): number;
  /** How a chat reads (its settings); by default the sender's language on UTC. */
  localeOf?: ChatLocales;
  reply(chatId: string, reply: CommandReply): Promise<void>;
  onError(err: unknown, command: string): void;
  /** The per-chat and per-user command budget (one per bot). */
  limiter: CommandLimiter;
}

/** isChatAdmin tells whether the sender may run admin-only commands: an anonymous admin (posting as the chat) or creator/administrator. */
export async function isChatAdmin(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  const msg = ctx.message as { sender_chat?: { id: number } } | undefined;
  if (!chat || !ctx.from) return false;
  if (msg?.sender_chat?.id === chat.id) return true;
  const member = await ctx.telegram.getChatMember(chat.id, ctx.from.id);
  return ADMIN_STATUSES.has(member.status);
}

function displayName(from: { first_name: string; last_name?: string; username?: string }): string {
  return from.username ? `@${from.username}` : [from.first_name, from.last_name].filter(Boolean).join(' ');
}

/** chatLocale reads how the chat reads; when that fails (Redis away) the error is logged and the sender's language on UTC is used. */
async function chatLocale<S>(deps: CommandDeps<S>, command: string, chat: ChatRef, platformLang: Lang | null): Promise<Locale> {
  if (!deps.localeOf) return localeFor(platformLang);
  try {
    return await deps.localeOf(chat, platformLang);
  } catch (err) {
    deps.onError(err, command);
    return localeFor(platformLang);
  }
}

/** fromMessage reads a command `message`: in a forum topic (is_topic_message) the topic is the destination. */
export function fromMessage(ctx: Context & { payload: string }): Incoming {
  const chat = ctx.chat!;
  const msg = ctx.message as { is_topic_message?: boolean; message_thread_id?: number };
  const from = ctx.from!;
  return {
    destination: destinationId(String(chat.id), msg.is_topic_message ? msg.message_thread_id : undefined),
    isPrivate: chat.type === 'private',
    sender: { id: String(from.id), name: displayName(from), languageCode: from.language_code },
    payload: ctx.payload,
    isAdmin: () => isChatAdmin(ctx),
    typing: () => void ctx.sendChatAction('typing').catch(() => undefined),
  };
}

/** handleCommand runs one command through the shared dispatch path and replies with its answer where it was asked. */
async function handleCommand<S>(def: CommandDef<S>, m: Incoming, deps: CommandDeps<S>): Promise<void> {
  const chatId = m.destination;
  const admission = deps.limiter.admit(chatId, m.sender.id, deps.now());
  if (admission === 'drop') return;
  const ref = { platform: 'telegram' as const, chatId };
  const platformLang = langFromPlatform(m.sender.languageCode);
  const locale = await chatLocale(deps, def.name, ref, platformLang);
  if (admission === 'slow_down') return deps.reply(chatId, slowDown(deps.limiter.waitMs(chatId, m.sender.id, deps.now()), locale));
  let args: Record<string, string | undefined>;
  try {
    args = parseTextArgs(def, m.payload, locale);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return deps.reply(chatId, err.message);
  }
  const cmd: CommandContext<S> = {
    chat: ref,
    isPrivate: m.isPrivate,
    user: { id: m.sender.id, name: m.sender.name },
    args,
    now: deps.now(),
    services: deps.services,
    locale,
    platformLang,
  };
  if (def.slow) m.typing();
  const reply = await runCommand(def, cmd, () => m.isAdmin(), (err) => deps.onError(err, def.name));
  await deps.reply(chatId, reply);
}

/** isAutomaticForward tells a channel post Telegram copied into the channel's linked discussion group: the channel's, not the group's. */
function isAutomaticForward(ctx: Context): boolean {
  return (ctx.message as { is_automatic_forward?: boolean } | undefined)?.is_automatic_forward === true;
}

/** serveCommands serves every registry command as `/name` (and `/name@bot` in groups), in chats, forum topics and channels. */
export function serveCommands<S>(bot: Telegraf, defs: readonly CommandDef<S>[], deps: CommandDeps<S>): void {
  for (const def of defs) {
    bot.command(def.name, (ctx, next) => (isAutomaticForward(ctx) ? next() : handleCommand(def, fromMessage(ctx), deps)));
  }
  const byName = new Map(defs.map((d) => [d.name, d]));
  bot.on('channel_post', (ctx, next) => {
    const m = fromChannelPost(ctx.channelPost as ChannelPost, ctx.me, (chatId) => void ctx.telegram.sendChatAction(chatId, 'typing').catch(() => undefined));
    const def = m && byName.get(m.name);
    return def ? handleCommand(def, m.incoming, deps) : next();
  });
}
