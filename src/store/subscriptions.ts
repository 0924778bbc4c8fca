import type { Redis } from 'ioredis';
import { chatKey } from '../chat/chat-key.js';
import type { PlatformName } from '../chat/platform.js';
import { RedisKeys } from './keys.js';
import { DEFAULT_SETTINGS, settingsFrom, type ChatSettings, type Subscription } from './settings.js';

/**
 * SubscriptionStore keeps every chat's subscription and settings in one Redis hash (field = chatKey,
 * value = JSON), so changes take effect at once, survive restarts and are shared by every replica.
 */
export class SubscriptionStore {
  private readonly key: string;
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
    this.key = this.keys.subscriptions;
  }

  /** get returns a chat's subscription (active or not), or null if it never subscribed. */
  async get(platform: PlatformName, chatId: string): Promise<Subscription | null> {
    const raw = await this.redis.hget(this.key, chatKey(platform, chatId));
    return raw ? parse(raw) : null;
  }

  /** subscribe activates a chat (keeping its earlier settings if it had any; a new chat starts from `initial`, e.g. its platform's language). */
  async subscribe(platform: PlatformName, chatId: string, now: number, guildId?: string, initial: Partial<ChatSettings> = {}): Promise<{ sub: Subscription; already: boolean }> {
    const cur = await this.get(platform, chatId);
    if (cur?.active) return { sub: cur, already: true };
    const sub: Subscription = cur
      ? { ...cur, active: true, updatedAt: now, reason: undefined }
      : { platform, chatId, ...(guildId ? { guildId } : {}), active: true, createdAt: now, updatedAt: now, settings: { ...structuredClone(DEFAULT_SETTINGS), ...initial } };
    await this.put(sub);
    return { sub, already: false };
  }

  /** deactivate stops delivery to a chat (unsubscribed, kicked, chat gone) and keeps its settings. */
  async deactivate(platform: PlatformName, chatId: string, reason: string, now: number): Promise<boolean> {
    const cur = await this.get(platform, chatId);
    if (!cur || !cur.active) return false;
    await this.put({ ...cur, active: false, reason, updatedAt: now });
    return true;
  }

  /** updateSettings applies a change to a chat's settings and saves it; returns the new subscription. */
  async updateSettings(platform: PlatformName, chatId: string, change: (s: ChatSettings) => ChatSettings, now: number): Promise<Subscription | null> {
    const cur = await this.get(platform, chatId);
    if (!cur) return null;
    const next = { ...cur, settings: change(structuredClone(cur.settings)), updatedAt: now };
    await this.put(next);
    return next;
  }

  /** migrate moves a Telegram group's subscription to its new supergroup id. */
  async migrate(platform: PlatformName, fromChatId: string, toChatId: string, now: number): Promise<Subscription | null> {
    const cur = await this.get(platform, fromChatId);
    if (!cur) return null;
    const moved: Subscription = { ...cur, chatId: toChatId, updatedAt: now };
    await this.redis.multi().hset(this.key, chatKey(platform, toChatId), JSON.stringify(moved)).hdel(this.key, chatKey(platform, fromChatId)).exec();
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

  private async put(sub: Subscription): Promise<void> {
    await this.redis.hset(this.key, chatKey(sub.platform, sub.chatId), JSON.stringify(sub));
  }
}

function parse(raw: string): Subscription {
  const s = JSON.parse(raw) as Subscription;
  return { ...s, settings: settingsFrom(s.settings ?? {}) };
}
