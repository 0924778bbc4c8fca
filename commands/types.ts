import type { RichMessage } from '../src/chat/message.js';
import type { ChatRef } from '../src/chat/platform.js';

/** CommandArgType is how an argument is typed on Discord (Telegram gets free text). */
export type CommandArgType = 'string' | 'number' | 'integer';

/** CommandArg is one typed argument of a command, in positional order. */
export interface CommandArg {
  name: string;
  description: string;
  type: CommandArgType;
  required?: boolean;
  /** Fixed choices (shown as a Discord choice list). */
  choices?: readonly string[];
  /** The last argument may take the rest of the text ("/levels add 85000 90000"). */
  rest?: boolean;
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
}

/**
 * CommandDef declares one chat command, defined once and served on both platforms
 * (Telegram command menu, Discord slash command and /help are all derived from the registry).
 */
export interface CommandDef<S = unknown> {
  name: string;
  description: string;
  args: readonly CommandArg[];
  /** In groups only chat admins may run it (Telegram creator/administrator, Discord Manage Guild). */
  adminOnly: boolean;
  /** One usage example, shown with every argument error ("/mute 2h BTC"). */
  example: string;
  /** Whether the reply may take a while (a chart): Discord defers the interaction first. */
  slow?: boolean;
  run(ctx: CommandContext<S>): Promise<CommandReply>;
}
