import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import type { ChatLocales, CommandContext, CommandDef, CommandReply } from '../../../commands/types.js';
import { localeFor, runCommand, tooLongLine } from '../../../commands/dispatch.js';
import type { ChatRef } from '../../chat/platform.js';
import { langFromPlatform, type Lang, type Locale } from '../../i18n/locale.js';
import { renderLine, renderMessage, type DiscordPayload } from './render.js';

/** DEFER_FALLBACK_MS: a command not marked slow that has not answered by now is deferred, to beat the 3 s deadline. */
export const DEFER_FALLBACK_MS = 2000;

/** InteractionDeps are the seams one interaction is handled with. */
export interface InteractionDeps<S> {
  services: S;
  now: () => number;
  /** Logs an unexpected failure of a command (already scrubbed by the logger). */
  onError: (err: unknown) => void;
  /** How a chat reads (its stored language and zone); by default the guild's (in a DM the user's) language on UTC. */
  localeOf?: ChatLocales;
  deferAfterMs?: number;
}

/** optionsToArgs maps typed slash options onto the command's args by name, as text (what `run` parses). */
export function optionsToArgs(def: CommandDef<any>, options: readonly CommandInteractionOption[]): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  const names = new Set(def.args.map((a) => a.name));
  for (const o of options) {
    if (names.has(o.name) && o.value !== undefined && o.value !== null) args[o.name] = String(o.value);
  }
  return args;
}

function tooLong(def: CommandDef<any>, args: Record<string, string | undefined>, locale: Locale): string | null {
  return tooLongLine(def, Object.values(args).reduce((sum, v) => sum + (v?.length ?? 0), 0), locale);
}

/** platformLangOf is the interaction's language when it is one of ours: the guild's preferred_locale, in a DM the user's locale. */
export function platformLangOf(interaction: Pick<ChatInputCommandInteraction, 'guildLocale' | 'locale'> & { inGuild(): boolean }): Lang | null {
  return langFromPlatform(interaction.inGuild() ? interaction.guildLocale : interaction.locale);
}

/** chatLocale reads how the chat reads; when that fails (Redis away) the error is logged and the platform's language on UTC is used. */
async function chatLocale<S>(deps: InteractionDeps<S>, chat: ChatRef, platformLang: Lang | null): Promise<Locale> {
  if (!deps.localeOf) return localeFor(platformLang);
  try {
    return await deps.localeOf(chat, platformLang);
  } catch (err) {
    deps.onError(err);
    return localeFor(platformLang);
  }
}

function replyOptions(payload: DiscordPayload) {
  return {
    content: payload.body.content,
    embeds: payload.body.embeds,
    files: payload.files.map((f, i) => ({ attachment: f.data, name: f.name, description: payload.body.attachments?.[i]?.description })),
    allowedMentions: { parse: [] },
  };
}

/** Responder answers one interaction once: a reply, or a deferral followed by an edit (or a private follow-up). */
class Responder {
  private deferral: Promise<unknown> | null = null;
  constructor(private readonly interaction: ChatInputCommandInteraction) {}

  /** defer acknowledges now ("thinking…"), publicly; idempotent. */
  defer(): Promise<unknown> {
    this.deferral ??= this.interaction.deferReply();
    return this.deferral;
  }

  /** answer sends the reply; a private one after a public deferral replaces the placeholder with an ephemeral follow-up. */
  async answer(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    const opts = replyOptions(payload);
    if (!this.deferral) {
      await this.interaction.reply({ ...opts, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
      return;
    }
    await this.deferral;
    if (!ephemeral) {
      await this.interaction.editReply(opts);
      return;
    }
    await this.interaction.deleteReply();
    await this.interaction.followUp({ ...opts, flags: MessageFlags.Ephemeral });
  }
}

function chatOf(interaction: ChatInputCommandInteraction): ChatRef {
  return { platform: 'discord', chatId: interaction.channelId, ...(interaction.guildId ? { guildId: interaction.guildId } : {}) };
}

function contextFor<S>(interaction: ChatInputCommandInteraction, args: Record<string, string | undefined>, deps: InteractionDeps<S>, reads: Pick<CommandContext<S>, 'locale' | 'platformLang'>): CommandContext<S> {
  return {
    chat: chatOf(interaction),
    isPrivate: !interaction.inGuild(),
    user: { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username },
    args,
    now: deps.now(),
    services: deps.services,
    ...reads,
  };
}

/**
 * handleChatInput runs one slash command through `runCommand`: Manage Guild is re-checked at run time
 * (default_member_permissions can be overridden per server), a slow command is deferred before it runs
 * and any other is deferred if it has not answered in DEFER_FALLBACK_MS. Refusals, usage errors and
 * failures (anything `run` did not return itself) are answered privately.
 */
export async function handleChatInput<S>(interaction: ChatInputCommandInteraction, def: CommandDef<S>, deps: InteractionDeps<S>): Promise<void> {
  const responder = new Responder(interaction);
  const args = optionsToArgs(def, interaction.options.data);
  const platformLang = platformLangOf(interaction);
  const locale = await chatLocale(deps, chatOf(interaction), platformLang);
  const refusal = tooLong(def, args, locale);
  if (refusal) return responder.answer(renderLine(refusal), true);
  let ran = false;
  const wrapped: CommandDef<S> = {
    ...def,
    run: async (ctx) => {
      if (def.slow) await responder.defer();
      const reply = await def.run(ctx);
      ran = true;
      return reply;
    },
  };
  const isAdmin = async (): Promise<boolean> => interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const timer = def.slow ? null : setTimeout(() => void responder.defer().catch(deps.onError), deps.deferAfterMs ?? DEFER_FALLBACK_MS);
  let reply: CommandReply;
  try {
    reply = await runCommand(wrapped, contextFor(interaction, args, deps, { locale, platformLang }), isAdmin, deps.onError);
  } finally {
    if (timer) clearTimeout(timer);
  }
  await responder.answer(typeof reply === 'string' ? renderLine(reply) : renderMessage(reply), !ran);
}
