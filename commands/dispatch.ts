import { textsFor, type Texts } from '../src/i18n/catalogue.js';
import { DEFAULT_LOCALE, type Lang, type Locale } from '../src/i18n/locale.js';
import type { CommandContext, CommandDef, CommandReply } from './types.js';

/** MAX_COMMAND_TEXT caps what a command reads of a message; longer input is refused, not parsed. */
export const MAX_COMMAND_TEXT = 1000;

/** UsageError is a user's mistake in a command: its message is the one line answered in chat (in the chat's language); nothing changes. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** usageLine is a reason and the command's example as one line: "Severity is info, warning or critical. Example: /settings severity critical". */
export function usageLine(x: Texts, reason: string, example: string): string {
  return x.t('cmd.usage', { reason, example });
}

/** localeFor is how a chat reads before it has settings: the platform's language if it is one of ours, on UTC. */
export function localeFor(platformLang: Lang | null): Locale {
  return platformLang ? { lang: platformLang, tz: 'UTC' } : DEFAULT_LOCALE;
}

/** tooLongLine refuses input longer than MAX_COMMAND_TEXT (null when it fits). */
export function tooLongLine(def: CommandDef<any>, n: number, locale: Locale): string | null {
  if (n <= MAX_COMMAND_TEXT) return null;
  const x = textsFor(locale);
  return usageLine(x, x.t('cmd.tooLong', { command: def.name, n: x.fmt.count(n) }), def.example);
}

/** unknownCommandLine answers a command the registry does not have. */
export function unknownCommandLine(name: string, locale: Locale): string {
  return textsFor(locale).t('cmd.unknown', { command: name.slice(0, 32) });
}

/** parseTextArgs maps free text after a Telegram command onto the command's positional args (a refusal in the chat's language). */
export function parseTextArgs(def: CommandDef<any>, text: string, locale: Locale = DEFAULT_LOCALE): Record<string, string | undefined> {
  const long = tooLongLine(def, text.length, locale);
  if (long) throw new UsageError(long);
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  const args: Record<string, string | undefined> = {};
  def.args.forEach((arg, i) => {
    if (i >= tokens.length) return;
    args[arg.name] = arg.rest || i === def.args.length - 1 ? tokens.slice(i).join(' ') : tokens[i];
  });
  if (def.args.length === 0 && tokens.length > 0) {
    const x = textsFor(locale);
    throw new UsageError(usageLine(x, x.t('cmd.noArgs', { command: def.name }), def.example));
  }
  return args;
}

/** checkRequired refuses a call that lacks a required argument, naming it and giving the example. */
function checkRequired(def: CommandDef<any>, args: Record<string, string | undefined>, locale: Locale): void {
  for (const arg of def.args) {
    if (arg.required && (args[arg.name] === undefined || args[arg.name] === '')) {
      const x = textsFor(locale);
      const words = def.describe(locale.lang).args[arg.name];
      throw new UsageError(usageLine(x, x.t('cmd.needsArg', { command: def.name, arg: words?.label ?? arg.name, hint: words?.hint ?? '' }), def.example));
    }
  }
}

/**
 * runCommand is the one path every command takes on every platform: required args, the admin
 * check (only for admin-only commands in group chats), then `run`. A UsageError becomes its one-line
 * message; any other error a polite line, with the error handed to `onError` for the log. Every line
 * is in the chat's language (`ctx.locale`).
 */
export async function runCommand<S>(
  def: CommandDef<S>,
  ctx: CommandContext<S>,
  isAdmin: () => Promise<boolean>,
  onError: (err: unknown) => void,
): Promise<CommandReply> {
  const x = textsFor(ctx.locale);
  try {
    checkRequired(def, ctx.args, ctx.locale);
    if (def.adminOnly && !ctx.isPrivate && !(await isAdmin())) {
      return x.t('cmd.adminOnly', { command: def.name });
    }
    return await def.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    onError(err);
    return x.t('cmd.failed', { command: def.name });
  }
}
