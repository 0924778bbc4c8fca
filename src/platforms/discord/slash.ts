import {
  ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, PermissionFlagsBits, REST, Routes,
  type APIApplicationCommandBasicOption, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandArg, CommandArgType, CommandDef, CommandText } from '../../../commands/types.js';
import { LANGS, type Lang } from '../../i18n/locale.js';
import { scrub } from '../../ops/secrets.js';
import {
  DISCORD_COMMAND_NAME, DISCORD_LOCALIZED_NAME, DISCORD_MAX_CHOICE_NAME, DISCORD_MAX_CHOICES, DISCORD_MAX_COMMAND_DESCRIPTION,
  DISCORD_MAX_COMMANDS, DISCORD_MAX_OPTIONS,
} from './limits.js';
import { DISCORD_API_URL } from './platform.js';
import { truncate } from './text.js';

/** SlashCommandJSON is one chat-input command as Discord's bulk-overwrite endpoint takes it. */
export type SlashCommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** SlashCommandError says which registry entry Discord would refuse, or why registering failed. */
export class SlashCommandError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SlashCommandError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

const OPTION_TYPE: Record<CommandArgType, ApplicationCommandOptionType.String | ApplicationCommandOptionType.Number | ApplicationCommandOptionType.Integer> = {
  string: ApplicationCommandOptionType.String,
  number: ApplicationCommandOptionType.Number,
  integer: ApplicationCommandOptionType.Integer,
};

/** MANAGE_GUILD is the permission an admin-only command asks for by default (DESIGN §5: Discord Manage Guild). */
const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();
/** Interaction contexts: 0 GUILD, 1 BOT_DM (https://discord.com/developers/docs/interactions/application-commands#interaction-contexts). */
const CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM];

/**
 * DISCORD_LOCALE is the Discord locale each of our languages is shown under (https://discord.com/developers/docs/reference#locales):
 * English is the base text every client falls back to; Simplified Chinese is "zh-CN" ("zh" alone is refused).
 */
export const DISCORD_LOCALE: Readonly<Record<Lang, string | null>> = { en: null, zh: 'zh-CN' };

/** Localized is each translated language's words of a command (the base is English), with its Discord locale. */
type Localized = ReadonlyArray<{ locale: string; text: CommandText }>;

function checkName(kind: string, name: string): void {
  if (!DISCORD_COMMAND_NAME.test(name)) throw new SlashCommandError(`${kind} name "${name}" must match ${DISCORD_COMMAND_NAME} for Discord`);
}

function description(text: string): string {
  return truncate(text.trim() || '—', DISCORD_MAX_COMMAND_DESCRIPTION);
}

/** localizations maps each translated language's text onto its Discord locale, leaving out what reads as the base (undefined when nothing is left). */
function localizations(tr: Localized, pick: (t: CommandText) => string | undefined, fit: (v: string) => string, base: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const { locale, text } of tr) {
    const v = pick(text);
    if (v && fit(v) !== base) out[locale] = fit(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** localName checks a translated option label against Discord's naming rule (any script, lower case where it has case). */
function localName(cmd: string, label: string): string {
  const v = label.trim().replace(/\s+/g, '_');
  if (!DISCORD_LOCALIZED_NAME.test(v) || v !== v.toLowerCase()) throw new SlashCommandError(`/${cmd}: translated option name "${v.slice(0, 40)}" is not a valid Discord name`);
  return v;
}

function choicesOf(cmd: string, arg: CommandArg, base: CommandText, tr: Localized) {
  if (arg.choices!.length > DISCORD_MAX_CHOICES) throw new SlashCommandError(`/${cmd} ${arg.name}: at most ${DISCORD_MAX_CHOICES} choices`);
  return arg.choices!.map((c) => {
    const value = arg.type === 'string' ? c.slice(0, DISCORD_MAX_CHOICE_NAME) : Number(c);
    if (typeof value === 'number' && (!Number.isFinite(value) || (arg.type === 'integer' && !Number.isInteger(value)))) {
      throw new SlashCommandError(`/${cmd} ${arg.name}: choice "${c}" is not a valid ${arg.type}`);
    }
    const fit = (v: string) => v.slice(0, DISCORD_MAX_CHOICE_NAME);
    const name = fit(base.choices[c] ?? c);
    return { name, value, name_localizations: localizations(tr, (t) => t.choices[c], fit, name) };
  });
}

function option(cmd: string, arg: CommandArg, base: CommandText, tr: Localized): APIApplicationCommandBasicOption {
  checkName(`/${cmd} option`, arg.name);
  const type = OPTION_TYPE[arg.type];
  const hint = description(base.args[arg.name]?.hint ?? '');
  const opt = {
    name: arg.name,
    name_localizations: localizations(tr, (t) => t.args[arg.name]?.label, (v) => localName(cmd, v), arg.name),
    description: hint,
    description_localizations: localizations(tr, (t) => t.args[arg.name]?.hint, description, hint),
    required: arg.required ?? false,
    type,
  };
  return (arg.choices?.length ? { ...opt, choices: choicesOf(cmd, arg, base, tr) } : opt) as APIApplicationCommandBasicOption;
}

/** translations are a command's words in every language we write but the base (English), each with its Discord locale. */
function translations(def: CommandDef<any>): Localized {
  return LANGS.flatMap((lang) => {
    const locale = DISCORD_LOCALE[lang];
    return locale ? [{ locale, text: def.describe(lang) }] : [];
  });
}

/**
 * buildSlashCommands derives the slash-command JSON from the registry: typed options (required first, as
 * Discord demands; args are matched by name, so order does not matter), choices, admin-only commands
 * hidden from members without Manage Guild, usable in DMs, and every description, option label and
 * choice label translated for each of our languages (`*_localizations`, zh-CN). Command names stay as
 * typed on Telegram, so replies and /help name the same commands everywhere. Throws SlashCommandError
 * on a name or count Discord would refuse, naming the command.
 */
export function buildSlashCommands(defs: readonly CommandDef<any>[]): SlashCommandJSON[] {
  if (defs.length > DISCORD_MAX_COMMANDS) throw new SlashCommandError(`at most ${DISCORD_MAX_COMMANDS} slash commands, got ${defs.length}`);
  const seen = new Set<string>();
  return defs.map((def) => {
    checkName('command', def.name);
    if (seen.has(def.name)) throw new SlashCommandError(`command /${def.name} is defined twice`);
    seen.add(def.name);
    if (def.args.length > DISCORD_MAX_OPTIONS) throw new SlashCommandError(`/${def.name}: at most ${DISCORD_MAX_OPTIONS} options`);
    const base = def.describe('en');
    const tr = translations(def);
    const options = [...def.args].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map((a) => option(def.name, a, base, tr));
    const about = description(base.description);
    return {
      name: def.name,
      description: about,
      description_localizations: localizations(tr, (t) => t.description, description, about),
      type: ApplicationCommandType.ChatInput,
      options,
      default_member_permissions: def.adminOnly ? MANAGE_GUILD : null,
      dm_permission: true,
      contexts: CONTEXTS,
    };
  });
}

/** RegisterOptions: where to register; without `guildId` the commands are global (propagation may lag). */
export interface RegisterOptions {
  token: string;
  commands: readonly CommandDef<any>[];
  /** Read from `GET /applications/@me` when left out. */
  applicationId?: string;
  restUrl?: string;
  guildId?: string;
}

/** registerSlashCommands bulk-overwrites the slash commands (PUT) globally or in one guild; returns the registered names and ids. */
export async function registerSlashCommands(opts: RegisterOptions): Promise<Array<{ id: string; name: string }>> {
  const body = buildSlashCommands(opts.commands);
  const rest = new REST({ api: opts.restUrl ?? DISCORD_API_URL, version: '10' }).setToken(opts.token);
  try {
    const appId = opts.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const route = opts.guildId ? Routes.applicationGuildCommands(appId, opts.guildId) : Routes.applicationCommands(appId);
    const res = (await rest.put(route, { body })) as Array<{ id: string; name: string }>;
    return res.map((c) => ({ id: c.id, name: c.name }));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new SlashCommandError(scrub(`registering slash commands failed: ${detail}`, opts.token), { cause: err });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
