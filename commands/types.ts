import type { RichMessage } from '../src/chat/message.js';
import type { ChatRef } from '../src/chat/platform.js';
import type { Lang, Locale } from '../src/i18n/locale.js';

/** CommandArgType is how an argument is typed on Discord (Telegram gets free text). */
export type CommandArgType = 'string' | 'number' | 'integer';

/** CommandArg is one typed argument of a command, in positional order (its words come from `CommandDef.describe`). */
export interface CommandArg {
  name: string;
  type: CommandArgType;
  required?: boolean;
  /** Fixed choices (shown as a Discord choice list). */
  choices?: readonly string[];
  /** The last argument may take the rest of the text ("/levels add 85000 90000"). */
  rest?: boolean;
}

/** ArgText is an argument's words in one language: its label (a Discord option's shown name, /help) and its hint. */
export interface ArgText {
  label: string;
  hint: string;
}

/** CommandText is a command's words in one language: the menu line, each argument's, each fixed choice's label. */
export interface CommandText {
  description: string;
  args: Record<string, ArgText>;
  choices: Record<string, string>;
}

/** CommandReply is what a command returns: a rich message, or one plain line. */
export type CommandReply = RichMessage | string;

/** CommandContext is everything a command's `run` may use; services are seams, not globals. */
export interface CommandContext<S = unknown> {
  chat: ChatRef;
  /** True in private chats (DM); false in groups, supergroups and guild channels. */
  isPrivate: boolean;
  user: { id: string; name: string };
  /** Arguments by name, as the user typed them (validation happens in `run`). */
  args: Record<string, string | undefined>;
  now: number;
  services: S;
  /** How this chat reads: its language and time zone (its settings, else the platform's language on UTC). */
  locale: Locale;
  /** The language the platform reports for this chat (Telegram user's language_code, Discord guild's preferred_locale), when it is one of ours: a new chat starts from it. */
  platformLang: Lang | null;
}

/** ChatLocales tells how a chat reads: its stored language and zone, else the platform's language on UTC. */
export type ChatLocales = (chat: ChatRef, platformLang: Lang | null) => Promise<Locale>;

/**
 * CommandDef declares one chat command, defined once and served on both platforms
 * (Telegram command menus, Discord slash commands and /help are all derived from the registry).
 */
export interface CommandDef<S = unknown> {
  name: string;
  /** The command's words in a language (from the catalogue, for every language Cascade writes). */
  describe(lang: Lang): CommandText;
  args: readonly CommandArg[];
  /** In groups only chat admins may run it (Telegram creator/administrator, Discord Manage Guild). */
  adminOnly: boolean;
  /** One usage example, shown with every argument error ("/mute 2h BTC"): command syntax, the same in every language. */
  example: string;
  /** Whether the reply may take a while (a chart): Discord defers the interaction first. */
  slow?: boolean;
  run(ctx: CommandContext<S>): Promise<CommandReply>;
}
