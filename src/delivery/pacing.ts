import type { ChainableCommander, Redis } from 'ioredis';
import { chatOfDestination } from '../chat/chat-key.js';
import type { PlatformName } from '../chat/platform.js';
import { RedisKeys } from '../store/keys.js';
import { queueName } from './jobs.js';

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

/**
 * A chat's line keeps the order of its deliveries: every queued send waits its turn behind the chat's deliveries of a
 * lower rank (lineRank: priority, then publish order), whatever order the queue hands them to the workers in (two
 * jobs let go by the chat's spacing at the same moment race for it otherwise). A job joins the line when it is queued
 * and again each time it asks to go; it leaves when its calls go. An entry whose job is gone or finished (dropped,
 * absorbed, a duplicate add), or that has not asked for LINE_STALE_MS, is cleared, so nothing waits on it for long.
 * Edits join no line: they change a message already in the chat.
 */
export const LINE_STALE_MS = 300_000;
/** LINE_RETRY_MS is how soon a job that is not at the head of its chat's line asks again when the chat is otherwise free. */
export const LINE_RETRY_MS = 250;

// KEYS[1] spacing key, KEYS[2] window zset, KEYS[3] line zset (rank), KEYS[4] line zset (last asked);
// ARGV: now, spacing ms, window ms, window max, member, cost, rank ('' = joins no line), the member's job key prefix.
// Returns 0 when the `cost` calls may go now (and records them), else the ms to wait.
export const PACE_LUA = `
local now = tonumber(ARGV[1])
local spacing = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local member = ARGV[5]
local cost = tonumber(ARGV[6])
local inLine = ARGV[7] ~= ''
if inLine then
  redis.call('ZADD', KEYS[3], ARGV[7], member)
  redis.call('ZADD', KEYS[4], now, member)
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now - ${LINE_STALE_MS})) do
    redis.call('ZREM', KEYS[3], m)
    redis.call('ZREM', KEYS[4], m)
  end
  redis.call('PEXPIRE', KEYS[3], ${LINE_STALE_MS})
  redis.call('PEXPIRE', KEYS[4], ${LINE_STALE_MS})
  while true do
    local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
    if head == member then break end
    local job = ARGV[8] .. head
    if redis.call('EXISTS', job) == 0 or redis.call('HEXISTS', job, 'finishedOn') == 1 then
      redis.call('ZREM', KEYS[3], head)
      redis.call('ZREM', KEYS[4], head)
    else
      local ttl = 0
      if spacing > 0 then ttl = redis.call('PTTL', KEYS[1]) end
      return math.max(ttl, ${LINE_RETRY_MS})
    end
  end
end
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
  for i = 1, cost do redis.call('ZADD', KEYS[2], now, member .. '#' .. i) end
  redis.call('PEXPIRE', KEYS[2], windowMs)
end
if spacing > 0 then redis.call('SET', KEYS[1], '1', 'PX', spacing * cost) end
if inLine then
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
end
return 0
`;

/** LineEntry is a queued delivery joining its chat's line: the job's id and its rank (lineRank). */
export interface LineEntry {
  platform: PlatformName;
  destination: string;
  jobId: string;
  rank: number;
}

/** PaceStep is one chat's pacing step as PACE_LUA takes it: its keys and arguments. */
/**
 * JOIN_LINES_LUA puts deliveries in their chats' lines: KEYS are each entry's line and seen keys, ARGV the time, how
 * long an idle line lives, then each entry's rank and job id. The same four commands an entry took in a pipeline.
 */
const JOIN_LINES_LUA = `
local now, stale = ARGV[1], ARGV[2]
for i = 1, #KEYS, 2 do
  local rank, job = ARGV[i + 2], ARGV[i + 3]
  redis.call('ZADD', KEYS[i], rank, job)
  redis.call('ZADD', KEYS[i + 1], now, job)
  redis.call('PEXPIRE', KEYS[i], stale)
  redis.call('PEXPIRE', KEYS[i + 1], stale)
end
return #KEYS / 2
`;

export interface PaceStep {
  keys: [string, string, string, string];
  args: [number, number, number, number, string, number, number | string, string];
}

/** Pacer spaces sends per chat and caps them per window, shared by every worker through Redis. */
export class Pacer {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
    redis.defineCommand('cascadePace', { numberOfKeys: 4, lua: PACE_LUA });
    redis.defineCommand('cascadeJoinLines', { lua: JOIN_LINES_LUA });
  }

  /**
   * take asks to make `cost` calls to a chat now (a send or an edit each count): 0 if they may go, else how many ms to
   * wait. The limits are the chat's: a forum's topics ("-1001234/42") share their group's budget. With a `rank`, the
   * job (`member` is its id) also waits its turn in the chat's line; without one (an edit) it joins no line.
   */
  async take(platform: PlatformName, destination: string, now: number, member: string, cost = 1, rank?: number): Promise<number> {
    const step = this.step(platform, destination, now, member, cost, rank);
    return Number(await (this.redis as unknown as { cascadePace: (...a: unknown[]) => Promise<number> }).cascadePace(...step.keys, ...step.args));
  }

  /**
   * step is what take runs on Redis (PACE_LUA's 4 keys and 8 arguments), for a script that takes a chat's turn and
   * another step at once (PaidBroadcast.takeWithPace: one round trip for a paid send).
   */
  step(platform: PlatformName, destination: string, now: number, member: string, cost = 1, rank?: number): PaceStep {
    const chatId = chatOfDestination(destination);
    const isGroup = platform === 'telegram' && chatId.startsWith('-');
    const [spacing, windowMs, max] = platform === 'telegram'
      ? [TELEGRAM_CHAT_INTERVAL_MS, 60_000, isGroup ? TELEGRAM_GROUP_PER_MIN : 0]
      : [0, 5000, DISCORD_CHANNEL_PER_5S];
    const k = this.keys.pace(platform, chatId);
    return {
      keys: [k.next, k.window, k.line, k.seen],
      args: [now, spacing, windowMs, max, member, Math.max(1, Math.min(cost, max || cost)), rank ?? '', this.jobKeyPrefix(platform)],
    };
  }

  /** joinLines puts just-queued deliveries in their chats' lines, so one taken up early by another worker still waits its turn. */
  async joinLines(entries: readonly LineEntry[], now: number): Promise<void> {
    // A thousand entries to a script call (four commands each, run in Redis), the calls sent without waiting for
    // each other (one connection: in order).
    const join = (this.redis as unknown as { cascadeJoinLines: (...a: unknown[]) => Promise<unknown> }).cascadeJoinLines;
    const sent: Array<Promise<unknown>> = [];
    for (let i = 0; i < entries.length; i += 1000) {
      const keys: string[] = [];
      const args: Array<string | number> = [now, LINE_STALE_MS];
      for (const e of entries.slice(i, i + 1000)) {
        const k = this.keys.pace(e.platform, chatOfDestination(e.destination));
        keys.push(k.line, k.seen);
        args.push(e.rank, e.jobId);
      }
      sent.push(join.call(this.redis, keys.length, ...keys, ...args));
    }
    await Promise.all(sent);
  }

  /** jobKeyPrefix is where BullMQ keeps a platform's delivery jobs (the line clears entries whose job is gone or finished). */
  private jobKeyPrefix(platform: PlatformName): string {
    return `${this.keys.bull}:${queueName(platform)}:`;
  }

  /**
   * settleGlobal moves calls taken with takeGlobal to the time they were answered: a call that left late (the
   * process was busy between the take and the request) then counts where the platform saw it, not where it was allowed.
   */
  async settleGlobal(platform: PlatformName, now: number, member: string, cost = 1): Promise<void> {
    const [key, ...pairs] = this.settleArgs(platform, now, member, cost);
    await this.redis.zadd(key, 'XX', ...pairs);
  }

  /** settleGlobalIn queues settleGlobal on a batch (a pipeline that also writes the ledger: one round trip after a send). */
  settleGlobalIn(batch: ChainableCommander, platform: PlatformName, now: number, member: string, cost = 1): void {
    const [key, ...pairs] = this.settleArgs(platform, now, member, cost);
    batch.zadd(key, 'XX', ...pairs);
  }

  private settleArgs(platform: PlatformName, now: number, member: string, cost: number): [string, ...Array<string | number>] {
    const out: [string, ...Array<string | number>] = [this.keys.pace(platform, '*global*').window];
    for (let i = 1; i <= Math.min(cost, GLOBAL_PER_SEC[platform]); i++) out.push(now, `${member}#${i}`);
    return out;
  }

  /** takeGlobal asks to make `cost` calls bot-wide now: 0 if they may go (and records them), else how many ms to wait. */
  async takeGlobal(platform: PlatformName, now: number, member: string, cost = 1): Promise<number> {
    const k = this.keys.pace(platform, '*global*');
    const res = await (this.redis as unknown as { cascadePace: (...a: unknown[]) => Promise<number> }).cascadePace(k.next, k.window, k.line, k.seen, now, 0, 1000, GLOBAL_PER_SEC[platform], member, Math.min(cost, GLOBAL_PER_SEC[platform]), '', '');
    return Number(res);
  }
}
