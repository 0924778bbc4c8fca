import { FAKE_IDS, snowflake, type FakeGuild } from './fixtures.js';
import { apiError, type Reply } from './http.js';

/** Channel types (https://discord.com/developers/docs/resources/channel#channel-object-channel-types). */
export const CHANNEL_TYPE = { text: 0, announcement: 5, announcementThread: 10, publicThread: 11, privateThread: 12 } as const;
/** auto_archive_duration is one of 60, 1440, 4320, 10080 minutes; 1440 is the client default. */
const DEFAULT_AUTO_ARCHIVE_MINUTES = 1440;

/** ThreadState is a thread's thread_metadata (https://discord.com/developers/docs/resources/channel#thread-metadata-object). */
export interface ThreadState {
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: number;
  createTimestamp: number;
}

/** FakeChannel is a guild text channel or a thread the fake serves. */
export interface FakeChannel {
  id: string;
  guildId: string;
  type: number;
  name: string;
  parentId?: string;
  thread?: ThreadState;
  deleted: boolean;
  messageCount: number;
}

/** ThreadOptions describe a thread a test creates. */
export interface ThreadOptions {
  name?: string;
  type?: 10 | 11 | 12;
  archived?: boolean;
  locked?: boolean;
}

/**
 * ChannelRegistry holds the guild channels and threads. A channel id a test never declared is served as a
 * text channel of the first guild unless `strict` is set (then it is 404 Unknown Channel), so simple tests
 * need no setup; threads are always declared with addThread.
 */
export class ChannelRegistry {
  private readonly channels = new Map<string, FakeChannel>();

  constructor(guilds: FakeGuild[], private readonly strict: boolean, private readonly now: () => number) {
    for (const g of guilds) g.channelIds.forEach((id, i) => this.channels.set(id, { id, guildId: g.id, type: CHANNEL_TYPE.text, name: `alerts-${i + 1}`, deleted: false, messageCount: 0 }));
  }

  /** get returns the live channel, or undefined (deleted, or unknown in strict mode). */
  get(id: string): FakeChannel | undefined {
    let c = this.channels.get(id);
    if (!c && !this.strict) {
      c = { id, guildId: FAKE_IDS.guild, type: CHANNEL_TYPE.text, name: 'alerts', deleted: false, messageCount: 0 };
      this.channels.set(id, c);
    }
    return c && !c.deleted ? c : undefined;
  }

  /** addThread opens a thread under a text channel (public by default) and returns it. */
  addThread(parentId: string, opts: ThreadOptions = {}): FakeChannel {
    const parent = this.get(parentId);
    if (!parent || parent.thread) throw new Error(`FakeDiscord.addThread: ${parentId} is not a text channel`);
    const now = this.now();
    const t: FakeChannel = {
      id: snowflake(now), guildId: parent.guildId, type: opts.type ?? CHANNEL_TYPE.publicThread, name: opts.name ?? 'alerts-thread', parentId, deleted: false, messageCount: 0,
      thread: { archived: opts.archived ?? false, locked: opts.locked ?? false, autoArchiveDuration: DEFAULT_AUTO_ARCHIVE_MINUTES, archiveTimestamp: now, createTimestamp: now },
    };
    this.channels.set(t.id, t);
    return t;
  }

  /** activeThreads lists the active (not archived) threads of a guild, as GUILD_CREATE carries them. */
  activeThreads(guildId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId && c.thread && !c.thread.archived && !c.deleted);
  }

  /** setArchived archives or unarchives a thread (archive_timestamp moves, https://discord.com/developers/docs/topics/threads). */
  setArchived(c: FakeChannel, archived: boolean, locked = c.thread!.locked): void {
    c.thread = { ...c.thread!, archived, locked, archiveTimestamp: this.now() };
  }

  /** object is the channel object the API returns (a thread carries parent_id and thread_metadata). */
  object(c: FakeChannel): Record<string, unknown> {
    const base = { id: c.id, type: c.type, name: c.name, guild_id: c.guildId, flags: 0, last_message_id: null, rate_limit_per_user: 0 };
    if (!c.thread) return { ...base, position: 0, permission_overwrites: [], nsfw: false, parent_id: null };
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      ...base, parent_id: c.parentId, owner_id: FAKE_IDS.owner, message_count: c.messageCount, total_message_sent: c.messageCount, member_count: 1,
      thread_metadata: {
        archived: c.thread.archived, locked: c.thread.locked, auto_archive_duration: c.thread.autoArchiveDuration,
        archive_timestamp: iso(c.thread.archiveTimestamp), create_timestamp: iso(c.thread.createTimestamp), ...(c.type === CHANNEL_TYPE.privateThread ? { invitable: true } : {}),
      },
    };
  }
}

/** UNKNOWN_CHANNEL: 404 10003 for a deleted or unknown channel (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
export function unknownChannel(): Reply {
  return apiError(404, 10003, 'Unknown Channel');
}

/**
 * threadArchived: 50083 "Tried to perform an operation on an archived thread, such as editing a message"
 * (opcodes-and-status-codes#json); the message text "Thread is archived" is what Discord answers
 * (discord/discord-api-docs#5517). The HTTP status (400) is the one Discord uses for its 50xxx request errors.
 */
export function threadArchived(): Reply {
  return apiError(400, 50083, 'Thread is archived');
}

/**
 * threadLocked: 160005 "Thread is locked" (opcodes-and-status-codes#json): without MANAGE_THREADS no one can
 * create or update messages in a locked thread (https://discord.com/developers/docs/topics/threads#locked-threads).
 * The HTTP status (403) could not be confirmed.
 */
export function threadLocked(): Reply {
  return apiError(403, 160005, 'Thread is locked');
}
