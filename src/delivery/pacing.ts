import type { Redis } from 'ioredis';
import { chatOfDestination } from '../chat/chat-key.js';
import type { PlatformName } from '../chat/platform.js';
import { RedisKeys } from '../store/keys.js';

/**
 * Platform pacing limits we enforce ourselves (open-source BullMQ has no per-group limits: see
 * ../shared/reference/reliability-and-limits.md §2.3). Telegram Bot FAQ: about 1 msg/s per chat and
 * 20 msgs/min per group (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
 * Discord: 5 messages / 5 s per channel route bucket (https://discord.com/developers/docs/topics/rate-limits).
 */
export const TELEGRAM_CHAT_INTERVAL_MS = 1000;
export const TELEGRAM_GROUP_PER_MIN = 20;
export const DISCORD_CHANNEL_PER_5S = 5;
/**
 * Bot-wide calls per second, counted when they are made (a sliding second shared by every worker): a little under
 * Telegram's ~30/s (Bot FAQ) and Discord's 50/s global limit (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit),
 * so jitter between the queue's even spacing and the moment a call leaves never adds up to a 429.
 */
export const GLOBAL_PER_SEC: Record<PlatformName, number> = { telegram: 28, discord: 48 };

// KEYS[1] spacing key, KEYS[2] window zset; ARGV: now, spacing ms, window ms, window max, member, cost.
// Returns 0 when the `cost` calls may go now (and records them), else the ms to wait.
const PACE_LUA = `
local now = tonumber(ARGV[1])
local spacing = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local cost = tonumber(ARGV[6])
if spacing > 0 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then return ttl end
end
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
  local n = redis.call('ZCARD', KEYS[2])
  if n + cost > max and n > 0 then
    local oldest = redis.call('ZRANGE', KEYS[2], math.min(n - 1, n + cost - max - 1), math.min(n - 1, n + cost - max - 1), 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + windowMs - now)
  end
  for i = 1, cost do redis.call('ZADD', KEYS[2], now, ARGV[5] .. '#' .. i) end
  redis.call('PEXPIRE', KEYS[2], windowMs)
end
if spacing > 0 then redis.call('SET', KEYS[1], '1', 'PX', spacing * cost) end
return 0
`;

/** Pacer spaces sends per chat and caps them per window, shared by every worker through Redis. */
export class Pacer {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
    redis.defineCommand('cascadePace', { numberOfKeys: 2, lua: PACE_LUA });
  }

  /**
   * take asks to make `cost` calls to a chat now (a send or an edit each count): 0 if they may go, else how many ms to
   * wait. The limits are the chat's: a forum's topics ("-1001234/42") share their group's budget.
   */
  async take(platform: PlatformName, destination: string, now: number, member: string, cost = 1): Promise<number> {
    const chatId = chatOfDestination(destination);
    const isGroup = platform === 'telegram' && chatId.startsWith('-');
    const [spacing, windowMs, max] = platform === 'telegram'
      ? [TELEGRAM_CHAT_INTERVAL_MS, 60_000, isGroup ? TELEGRAM_GROUP_PER_MIN : 0]
      : [0, 5000, DISCORD_CHANNEL_PER_5S];
    const k = this.keys.pace(platform, chatId);
    const res = await (this.redis as unknown as { cascadePace: (...a: unknown[]) => Promise<number> }).cascadePace(k.next, k.window, now, spacing, windowMs, max, member, Math.max(1, Math.min(cost, max || cost)));
    return Number(res);
  }

  /**
   * settleGlobal moves calls taken with takeGlobal to the time they were answered: a call that left late (the
   * process was busy between the take and the request) then counts where the platform saw it, not where it was allowed.
   */
  async settleGlobal(platform: PlatformName, now: number, member: string, cost = 1): Promise<void> {
    const k = this.keys.pace(platform, '*global*');
    const pairs: Array<string | number> = [];
    for (let i = 1; i <= Math.min(cost, GLOBAL_PER_SEC[platform]); i++) pairs.push(now, `${member}#${i}`);
    await this.redis.zadd(k.window, 'XX', ...pairs);
  }

  /** takeGlobal asks to make `cost` calls bot-wide now: 0 if they may go (and records them), else how many ms to wait. */
  async takeGlobal(platform: PlatformName, now: number, member: string, cost = 1): Promise<number> {
    const k = this.keys.pace(platform, '*global*');
    const res = await (this.redis as unknown as { cascadePace: (...a: unknown[]) => Promise<number> }).cascadePace(k.next, k.window, now, 0, 1000, GLOBAL_PER_SEC[platform], member, Math.min(cost, GLOBAL_PER_SEC[platform]));
    return Number(res);
  }
}
