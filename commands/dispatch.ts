import { CapReached } from '../src/store/settings.js';
import type { CommandContext, CommandDef, CommandReply } from './types.js';

/** MAX_COMMAND_TEXT caps what a command reads of a message; longer input is refused, not parsed. */
export const MAX_COMMAND_TEXT = 1000;

/** UsageError is a user's mistake in a command: answered in chat as one line, changes nothing. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** parseTextArgs maps free text after a Telegram command onto the command's positional args. */
export function parseTextArgs(def: CommandDef<any>, text: string): Record<string, string | undefined> {
  if (text.length > MAX_COMMAND_TEXT) {
    throw new UsageError(`That is too long for /${def.name} (${text.length} characters). Example: ${def.example}`);
  }
  const tokens = text.trim().split(/\s+/).filter((t) => t.length > 0);
  const args: Record<string, string | undefined> = {};
  def.args.forEach((arg, i) => {
    if (i >= tokens.length) return;
    args[arg.name] = arg.rest || i === def.args.length - 1 ? tokens.slice(i).join(' ') : tokens[i];
  });
  if (def.args.length === 0 && tokens.length > 0) {
    throw new UsageError(`/${def.name} takes no arguments. Example: ${def.example}`);
  }
  return args;
}

/** checkRequired refuses a call that lacks a required argument, naming it and giving the example. */
function checkRequired(def: CommandDef<any>, args: Record<string, string | undefined>): void {
  for (const arg of def.args) {
    if (arg.required && (args[arg.name] === undefined || args[arg.name] === '')) {
      throw new UsageError(`/${def.name} needs ${arg.name} (${arg.description}). Example: ${def.example}`);
    }
  }
}

/**
 * runCommand is the one path every command takes on every platform: required args, the admin
 * check (only for admin-only commands in group chats), then `run`. A UsageError becomes its one-line
 * message; any other error a polite line, with the error handed to `onError` for the log.
 */
export async function runCommand<S>(
  def: CommandDef<S>,
  ctx: CommandContext<S>,
  isAdmin: () => Promise<boolean>,
  onError: (err: unknown) => void,
): Promise<CommandReply> {
  try {
    checkRequired(def, ctx.args);
    if (def.adminOnly && !ctx.isPrivate && !(await isAdmin())) {
      return `Only chat admins can use /${def.name} here.`;
    }
    return await def.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    if (err instanceof CapReached) return `${err.message}. Example: ${def.example}`;
    onError(err);
    return `Sorry, /${def.name} failed on our side. Try again in a minute.`;
  }
}
