import { fail, isReply, jsonField, ok, type CommandSet, type FakeState, type Params, type Reply } from './state.js';

/** MAX_COMMANDS: "At most 100 commands can be specified" (https://core.telegram.org/bots/api#setmycommands). */
export const MAX_COMMANDS = 100;
/** COMMAND_NAME: "1-32 characters. Can contain only lowercase English letters, digits and underscores" (https://core.telegram.org/bots/api#botcommand). */
export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
/** MAX_COMMAND_DESCRIPTION: a description is 1–256 characters (https://core.telegram.org/bots/api#botcommand). */
export const MAX_COMMAND_DESCRIPTION = 256;
/** LANGUAGE_CODE: "A two-letter ISO 639-1 language code", or empty for all users (https://core.telegram.org/bots/api#setmycommands). */
export const LANGUAGE_CODE = /^([a-z]{2})?$/;
/** SCOPE_TYPES are the BotCommandScope types (https://core.telegram.org/bots/api#botcommandscope). */
export const SCOPE_TYPES = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member'] as const;

/**
 * Descriptions Telegram answers: "BOT_COMMAND_INVALID" is confirmed by a Bot API maintainer
 * (tdlib/telegram-bot-api#98), "command description must be non-empty" by williamhorning/lightning#87. The ones for a
 * too long description, too many commands, a bad scope and a bad language code could not be confirmed and follow
 * Telegram's MTProto error names.
 */
const ERR = {
  commandInvalid: 'Bad Request: BOT_COMMAND_INVALID',
  descriptionEmpty: 'Bad Request: command description must be non-empty',
  descriptionTooLong: 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID',
  tooMany: 'Bad Request: BOT_COMMANDS_TOO_MUCH',
  scopeInvalid: "Bad Request: can't parse BotCommandScope: unsupported type",
  scopeChat: 'Bad Request: chat not found',
  languageInvalid: 'Bad Request: LANG_CODE_INVALID',
} as const;

type Scope = Record<string, unknown>;

/** scopeOf reads and checks `scope` (default: {type: "default"}). */
function scopeOf(raw: unknown): Scope | Reply {
  const scope = (jsonField(raw) ?? { type: 'default' }) as Scope;
  if (typeof scope !== 'object' || !SCOPE_TYPES.includes(scope.type as (typeof SCOPE_TYPES)[number])) return fail(400, ERR.scopeInvalid);
  if (String(scope.type).startsWith('chat') && (scope.chat_id === undefined || scope.chat_id === '')) return fail(400, ERR.scopeChat);
  if (scope.type === 'chat_member' && scope.user_id === undefined) return fail(400, 'Bad Request: user not found');
  return scope;
}

/** commandSetKey names a (scope, language_code) pair; chat ids compare as strings. */
export function commandSetKey(scope: Scope, languageCode: string): string {
  const parts = [String(scope.type), scope.chat_id === undefined ? '' : String(scope.chat_id), scope.user_id === undefined ? '' : String(scope.user_id)];
  return `${parts.join(':')}|${languageCode}`;
}

/** target reads scope and language_code, or the refusal. */
function target(f: Record<string, unknown>): { scope: Scope; languageCode: string } | Reply {
  const scope = scopeOf(f.scope);
  if (isReply(scope)) return scope;
  const languageCode = f.language_code === undefined ? '' : String(f.language_code);
  if (!LANGUAGE_CODE.test(languageCode)) return fail(400, ERR.languageInvalid);
  return { scope, languageCode };
}

function checkCommands(raw: unknown): Array<{ command: string; description: string }> | Reply {
  const list = jsonField(raw);
  const commands = Array.isArray(list) ? (list as Array<{ command: string; description: string }>) : [];
  if (commands.length > MAX_COMMANDS) return fail(400, ERR.tooMany);
  for (const c of commands) {
    if (typeof c?.command !== 'string' || !COMMAND_NAME.test(c.command)) return fail(400, ERR.commandInvalid);
    if (typeof c.description !== 'string' || c.description.trim().length === 0) return fail(400, ERR.descriptionEmpty);
    if (c.description.length > MAX_COMMAND_DESCRIPTION) return fail(400, ERR.descriptionTooLong);
  }
  return commands.map((c) => ({ command: c.command, description: c.description }));
}

/** setMyCommands stores the menu for its (scope, language_code), validated as above. */
export function setMyCommands(st: FakeState, { fields: f }: Params): Reply {
  const t = target(f);
  if (isReply(t)) return t;
  const commands = checkCommands(f.commands);
  if (isReply(commands)) return commands;
  st.commands.push({ commands, scope: f.scope === undefined ? undefined : jsonField(f.scope), ...(t.languageCode ? { languageCode: t.languageCode } : {}) });
  const set: CommandSet = { scope: t.scope, languageCode: t.languageCode, commands };
  st.commandSets.set(commandSetKey(t.scope, t.languageCode), set);
  return ok(true);
}

/** getMyCommands returns the menu stored for exactly this (scope, language_code), or [] (https://core.telegram.org/bots/api#getmycommands). */
export function getMyCommands(st: FakeState, { fields: f }: Params): Reply {
  const t = target(f);
  if (isReply(t)) return t;
  return ok(st.commandSets.get(commandSetKey(t.scope, t.languageCode))?.commands ?? []);
}

/** deleteMyCommands drops the menu of this (scope, language_code). */
export function deleteMyCommands(st: FakeState, { fields: f }: Params): Reply {
  const t = target(f);
  if (isReply(t)) return t;
  st.commands.push({ commands: [], scope: f.scope === undefined ? undefined : jsonField(f.scope), ...(t.languageCode ? { languageCode: t.languageCode } : {}) });
  st.commandSets.delete(commandSetKey(t.scope, t.languageCode));
  return ok(true);
}
