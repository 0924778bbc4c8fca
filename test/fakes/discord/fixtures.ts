/** Discord epoch (2015-01-01) for snowflakes (https://discord.com/developers/docs/reference#snowflakes). */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** snowflake returns a fresh, increasing Discord id for `now`. */
export function snowflake(now = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(now) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** FAKE_IDS are the ids the fake uses unless a test gives its own. */
export const FAKE_IDS = {
  application: '1100000000000000001',
  bot: '1100000000000000001',
  guild: '1200000000000000001',
  channel: '1300000000000000001',
  otherChannel: '1300000000000000002',
  owner: '1000000000000000001',
  member: '1000000000000000042',
} as const;

/** PERM holds permission bits (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags). */
export const PERM = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
} as const;

/** botUser is the bot's own user object (READY.user, message authors). */
export function botUser(id: string) {
  return { id, username: 'cascade', discriminator: '0', global_name: 'Cascade', avatar: null, bot: true, flags: 0 };
}

/** FakeGuild is the guild the gateway announces in GUILD_CREATE. */
export interface FakeGuild {
  id: string;
  name: string;
  channelIds: string[];
  /** The guild's preferred_locale (a Discord locale, https://discord.com/developers/docs/resources/guild#guild-object); default en-US. */
  preferredLocale?: string;
}

/** guildCreate is a full GUILD_CREATE payload: @everyone role, text channels, active threads, the bot's member, owner, preferred_locale. */
export function guildCreate(g: FakeGuild, botId: string, threads: unknown[] = []) {
  const everyone = PERM.viewChannel | PERM.sendMessages | PERM.embedLinks | PERM.attachFiles;
  return {
    id: g.id, name: g.name, icon: null, owner_id: FAKE_IDS.owner, afk_channel_id: null, afk_timeout: 300,
    verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0,
    features: [], emojis: [], stickers: [], premium_tier: 0, preferred_locale: g.preferredLocale ?? 'en-US', nsfw_level: 0,
    roles: [{ id: g.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: everyone.toString(), managed: false, mentionable: false, flags: 0 }],
    channels: g.channelIds.map((id, i) => ({ id, type: 0, name: `alerts-${i + 1}`, guild_id: g.id, position: i, permission_overwrites: [], parent_id: null, nsfw: false })),
    members: [{ user: botUser(botId), roles: [], joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0 }],
    threads, presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    joined_at: '2024-01-01T00:00:00.000000+00:00', large: false, unavailable: false, member_count: 2,
  };
}

/** SlashOption is one typed option of an invocation, as a client would send it. */
export interface SlashOption {
  name: string;
  /** 3 STRING, 4 INTEGER, 10 NUMBER (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type). */
  type: 3 | 4 | 10;
  value: string | number;
}

/** InteractOptions describe one slash-command invocation the fake dispatches. */
export interface InteractOptions {
  command: string;
  options?: SlashOption[];
  guildId?: string;
  channelId?: string;
  /** The member's permission bitfield (guild only); default: none of the admin bits. */
  permissions?: bigint;
  userId?: string;
  /** A DM with the bot: no guild, `user` instead of `member`. */
  dm?: boolean;
  /** The invoking user's client locale (interaction `locale`, https://discord.com/developers/docs/reference#locales); default en-US. */
  locale?: string;
  /** The guild's preferred locale (interaction `guild_locale`); default the guild's preferredLocale. */
  guildLocale?: string;
}

/** interactionPayload builds INTERACTION_CREATE `d` with every field discord.js 14.28 requires (entitlements, authorizing_integration_owners). */
export function interactionPayload(o: InteractOptions, ids: { id: string; token: string; appId: string; commandId: string; channel?: Record<string, unknown> }) {
  const user = { id: o.userId ?? FAKE_IDS.member, username: 'ann', discriminator: '0', global_name: 'Ann', avatar: null };
  const channelId = o.channelId ?? FAKE_IDS.channel;
  const guildId = o.guildId ?? FAKE_IDS.guild;
  const common = {
    id: ids.id, application_id: ids.appId, type: 2, token: ids.token, version: 1,
    data: { id: ids.commandId, name: o.command, type: 1, options: o.options ?? [] },
    channel_id: channelId, app_permissions: '2248473465835073', locale: o.locale ?? 'en-US', entitlements: [], attachment_size_limit: 10_485_760,
  };
  if (o.dm) {
    return { ...common, user, channel: { id: channelId, type: 1, recipients: [user] }, authorizing_integration_owners: { 0: guildId }, context: 1 };
  }
  const member = { user, roles: [], joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0, permissions: (o.permissions ?? PERM.sendMessages).toString() };
  return {
    ...common, guild_id: guildId, guild_locale: o.guildLocale ?? 'en-US', member, context: 0,
    channel: ids.channel ?? { id: channelId, type: 0, name: 'alerts', guild_id: guildId }, authorizing_integration_owners: { 0: guildId },
  };
}
