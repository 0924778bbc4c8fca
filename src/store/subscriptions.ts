import type { Redis } from 'ioredis';
import { chatKey, isWithinChat, parseChatKey } from '../chat/chat-key.js';
import type { PlatformName } from '../chat/platform.js';
import { RedisKeys } from './keys.js';
import { CapReached, DEFAULT_SETTINGS, MAX_DEPLOYMENT_LEVELS, MAX_SUBSCRIPTIONS_PER_GUILD, settingsFrom, type ChatSettings, type Subscription } from './settings.js';
import { CAS_LUA, casArgs, CAS_CONFLICT, CAS_GUILD_FULL, CAS_LEVELS_FULL } from './cas.js';

/** MAX_TRIES bounds the optimistic retries of one write under contention (each retry re-reads and re-applies). */
const MAX_TRIES = 50;

/** Change is a read-modify-write of one chat's subscription: the new value, or the same object for "no change". */
export type Change = (cur: Subscription | null) => Subscription | null;

/**
 * SubscriptionStore keeps every chat's subscription and settings in one Redis hash (field = chatKey, value =
 * JSON), so changes take effect at once, survive restarts and are shared by every replica. Every write is a
 * compare-and-set in one Lua script (re-read and re-applied on a conflict), so concurrent commands never lose an
 * update and the caps (levels per chat, distinct custom levels per deployment, channels per Discord server) hold.
 */
export class SubscriptionStore {
  private readonly key: string;
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string, private readonly caps = { levels: MAX_DEPLOYMENT_LEVELS, perGuild: MAX_SUBSCRIPTIONS_PER_GUILD }) {
    this.keys = new RedisKeys(prefix);
    this.key = this.keys.subscriptions;
    redis.defineCommand('cascadeSubsCas', { numberOfKeys: 3, lua: CAS_LUA });
  }

  /** get returns a chat's subscription (active or not), or null if it never subscribed. */
  async get(platform: PlatformName, chatId: string): Promise<Subscription | null> {
    const raw = await this.redis.hget(this.key, chatKey(platform, chatId));
    return raw ? parse(raw) : null;
  }

  /**
   * update applies `change` to a chat's subscription atomically: read, change, compare-and-set; on a concurrent
   * write it re-reads and applies the change again. A change may throw (a usage error, a cap) and then nothing is written.
   */
  async update(platform: PlatformName, chatId: string, change: Change): Promise<Subscription | null> {
    const field = chatKey(platform, chatId);
    for (let i = 0; i < MAX_TRIES; i++) {
      const raw = (await this.redis.hget(this.key, field)) ?? '';
      const cur = raw ? parse(raw) : null;
      const next = change(cur ? structuredClone(cur) : null);
      if (next === null || (cur && JSON.stringify(next) === JSON.stringify(cur))) return next ?? cur;
      const res = Number(await this.cas(field, raw, cur, next));
      if (res === CAS_LEVELS_FULL) throw new CapReached('levels', this.caps.levels);
      if (res === CAS_GUILD_FULL) throw new CapReached('subscriptions', this.caps.perGuild);
      if (res !== CAS_CONFLICT) return next;
    }
    throw new Error(`settings of ${field} are changing too fast: try again`);
  }

  private cas(field: string, raw: string, cur: Subscription | null, next: Subscription): Promise<number> {
    const run = (this.redis as unknown as { cascadeSubsCas: (...a: unknown[]) => Promise<number> }).cascadeSubsCas;
    return run.call(this.redis, this.key, this.keys.levelIndex, this.keys.guildSubs, ...casArgs(field, raw, cur, next, this.caps));
  }

  /** subscribe activates a chat (keeping its earlier settings if it had any; a new chat starts from `initial`, e.g. its platform's language). */
  async subscribe(platform: PlatformName, chatId: string, now: number, guildId?: string, initial: Partial<ChatSettings> = {}): Promise<{ sub: Subscription; already: boolean }> {
    let already = false;
    const sub = await this.update(platform, chatId, (cur) => {
      already = cur?.active === true;
      if (cur?.active) return cur;
      return cur
        ? { ...cur, active: true, updatedAt: now, reason: undefined }
        : { platform, chatId, ...(guildId ? { guildId } : {}), active: true, createdAt: now, updatedAt: now, settings: { ...structuredClone(DEFAULT_SETTINGS), ...initial } };
    });
    return { sub: sub!, already };
  }

  /** deactivate stops delivery to a chat (unsubscribed, kicked, chat gone) and keeps its settings. */
  async deactivate(platform: PlatformName, chatId: string, reason: string, now: number): Promise<boolean> {
    let done = false;
    await this.update(platform, chatId, (cur) => {
      done = cur?.active === true;
      return cur?.active ? { ...cur, active: false, reason, updatedAt: now } : cur;
    });
    return done;
  }

  /**
   * deactivateWithin stops delivery to a whole chat: the chat itself and every forum topic of it subscribed on its
   * own (the bot was removed from the group: none of them can be posted to any more). Returns how many it stopped.
   */
  async deactivateWithin(platform: PlatformName, chatId: string, reason: string, now: number): Promise<number> {
    const ids = (await this.redis.hkeys(this.key)).map(parseChatKey).filter((k) => k.platform === platform && isWithinChat(k.chatId, chatId));
    let n = 0;
    for (const k of ids) if (await this.deactivate(platform, k.chatId, reason, now)) n++;
    return n;
  }

  /** updateSettings applies a change to a chat's settings atomically (see update); returns the new subscription, or null if the chat never subscribed. */
  async updateSettings(platform: PlatformName, chatId: string, change: (s: ChatSettings) => ChatSettings, now: number): Promise<Subscription | null> {
    return this.update(platform, chatId, (cur) => (cur ? { ...cur, settings: change(cur.settings), updatedAt: now } : null));
  }

  /** migrate moves a Telegram group's subscription to its new supergroup id. */
  async migrate(platform: PlatformName, fromChatId: string, toChatId: string, now: number): Promise<Subscription | null> {
    let moved: Subscription | null = null;
    await this.update(platform, fromChatId, (cur) => {
      moved = cur ? { ...cur, chatId: toChatId, updatedAt: now } : null;
      return cur ? { ...cur, active: false, reason: 'migrated', updatedAt: now } : null;
    });
    if (moved) await this.update(platform, toChatId, () => moved);
    if (moved) await this.redis.hdel(this.key, chatKey(platform, fromChatId));
    return moved;
  }

  /** active lists every active subscription (the fan-out's input). */
  async active(): Promise<Subscription[]> {
    const all = await this.redis.hvals(this.key);
    return all.map(parse).filter((s) => s.active);
  }

  /** customLevels gathers every chat's custom levels per asset (the engine watches their union). */
  async customLevels(): Promise<Record<string, number[]>> {
    const out: Record<string, Set<number>> = {};
    for (const s of await this.active()) {
      for (const [asset, levels] of Object.entries(s.settings.levels)) for (const l of levels) (out[asset] ??= new Set()).add(l);
    }
    return Object.fromEntries(Object.entries(out).map(([a, s]) => [a, [...s].sort((x, y) => x - y)]));
  }

  /** markDigest records that a chat's daily digest for `date` is being sent; false if it already was. */
  async markDigest(platform: PlatformName, chatId: string, date: string): Promise<boolean> {
    const res = await this.redis.set(this.keys.digestSent(chatKey(platform, chatId), date), '1', 'EX', 3 * 86_400, 'NX');
    return res === 'OK';
  }
}

function parse(raw: string): Subscription {
  const s = JSON.parse(raw) as Subscription;
  return { ...s, settings: settingsFrom(s.settings ?? {}) };
}
