import type { Redis } from 'ioredis';
import { SEVERITY_RANK, type Severity } from '../chat/severity.js';
import type { PaidMode } from '../config/env.js';
import { RedisKeys } from '../store/keys.js';
import { GLOBAL_PER_SEC, PACE_LUA, type PaceStep } from './pacing.js';


/**
 * Bot API `allow_paid_broadcast` (Bot API 7.11, https://core.telegram.org/bots/api#sendmessage): "allow up to 1000
 * messages per second, ignoring broadcasting limits for a fee of 0.1 Telegram Stars per message"; the Bot FAQ charges
 * the messages above the free ~30 a second. We stay a little under the paid ceiling, as GLOBAL_PER_SEC does under the free one.
 */
export const PAID_GLOBAL_PER_SEC = 900;
/** FREE_PER_SEC is the free bot-wide rate the fee is charged above (Bot FAQ: about 30 messages a second). */
export const FREE_PER_SEC = 30;
/** STAR_TENTHS_PER_MESSAGE: 0.1 Star a paid message above the free rate; amounts are kept in tenths so the sums are exact. */
export const STAR_TENTHS_PER_MESSAGE = 1;
/** PAID_DAY_TTL_MS keeps a day's spend readable a while after the day ends. */
const PAID_DAY_TTL_MS = 3 * 86_400_000;

/** PaidSettings are TELEGRAM_PAID_BROADCAST and TELEGRAM_PAID_STARS_PER_DAY. */
export interface PaidSettings {
  mode: PaidMode;
  starsPerDay: number;
}

/** PaidFallback says why paid broadcast is off for the rest of a UTC day: the daily budget, or Telegram refused for the balance. */
export type PaidFallback = 'budget' | 'balance';

/** PaidTurn is the answer to one paid send: go (with how many of its calls are charged), wait, or go at the free rate. */
export type PaidTurn = { go: 'paid'; charged: number } | { go: 'wait'; ms: number } | { go: 'free'; why: PaidFallback };
/** ChatTurn is the answer to a paid send's chat step and paid step at once: the chat's turn is not yet (wait), or the paid turn. */
export type ChatTurn = { go: 'chat'; ms: number } | PaidTurn;

/** PaidStatus is a day of paid broadcast as /status and /metrics show it. */
export interface PaidStatus {
  mode: PaidMode;
  budgetStars: number;
  spentStars: number;
  messages: number;
  fallback: PaidFallback | null;
}

/** paidEligible says whether an alert of this severity goes out as a paid broadcast in this mode. */
export function paidEligible(mode: PaidMode, severity: Severity | undefined): boolean {
  if (mode === 'off' || !severity) return false;
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[mode];
}

/** utcDate is the UTC day (YYYY-MM-DD) a spend counts on. */
export function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/**
 * FREE_IN_FLIGHT_MS: Telegram counts paid calls against the free 30/s of the free calls beside them (the fake does), so a
 * free call let go at 27 must reach Telegram before paid calls let go after it do. Paid calls wait this long after the
 * last free call was let go; free calls stop while a paid one waits. Far longer than a call takes to leave the process,
 * and no longer than IN_PROCESS_WAIT_MS (src/delivery/worker.ts): a paid call waits it out in place, never handed back
 * to the queue (which would cost it its chat's turn and let the free calls go again: a livelock the bench showed).
 */
export const FREE_IN_FLIGHT_MS = 100;

// KEYS[1] the bot-wide window (shared with Pacer.takeGlobal), KEYS[2] the day's hash, KEYS[3] the lanes hash.
// ARGV: now, paid max a second, member, cost, free rate, budget (tenths), day TTL ms, free in flight ms.
// Returns {0, charged} when the calls may go (recorded in the window, charged to the day), {ms, 0} to wait, {-1, 0} to go free.
const PAID_LUA = `
if redis.call('HEXISTS', KEYS[2], 'fallback') == 1 then return {-1, 0} end
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local cost = tonumber(ARGV[4])
local freeAt = tonumber(redis.call('HGET', KEYS[3], 'freeAt') or '0')
if now - freeAt < tonumber(ARGV[8]) then
  redis.call('HSET', KEYS[3], 'paidWaitAt', now)
  redis.call('PEXPIRE', KEYS[3], 10000)
  return {math.max(1, tonumber(ARGV[8]) - (now - freeAt)), 0}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
local n = redis.call('ZCARD', KEYS[1])
if n + cost > max and n > 0 then
  local i = math.min(n - 1, n + cost - max - 1)
  local oldest = redis.call('ZRANGE', KEYS[1], i, i, 'WITHSCORES')
  return {math.max(1, tonumber(oldest[2]) + 1000 - now), 0}
end
local charged = math.max(0, n + cost - math.max(n, tonumber(ARGV[5])))
local spent = tonumber(redis.call('HGET', KEYS[2], 'spent') or '0')
if spent + charged > tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[2], 'fallback', 'budget')
  redis.call('PEXPIRE', KEYS[2], ARGV[7])
  return {-1, 0}
end
for i = 1, cost do redis.call('ZADD', KEYS[1], now, ARGV[3] .. '#' .. i) end
redis.call('PEXPIRE', KEYS[1], 1000)
redis.call('HINCRBY', KEYS[2], 'spent', charged)
redis.call('HINCRBY', KEYS[2], 'messages', cost)
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return {0, charged}
`;

// A paid send's two steps in one round trip: KEYS[1..4] and ARGV[1..8] are the chat's pacing step (PACE_LUA), KEYS[5..7]
// and ARGV[9..16] the paid step (PAID_LUA), run only once the chat's turn is taken (as two calls one after the other would).
// Returns {ms, 0, 0} while the chat's turn is not yet, else {0, paid step's two values}.
const PACE_PAID_LUA = `
local function pace(KEYS, ARGV)
${PACE_LUA}
end
local function paid(KEYS, ARGV)
${PAID_LUA}
end
local wait = pace({KEYS[1], KEYS[2], KEYS[3], KEYS[4]}, {ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]})
if wait ~= 0 then return {wait, 0, 0} end
local turn = paid({KEYS[5], KEYS[6], KEYS[7]}, {ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16]})
return {0, turn[1], turn[2]}
`;

// KEYS[1] the bot-wide window, KEYS[2] the lanes hash, KEYS[3] the free spacing lock.
// ARGV: now, free max a second, member, cost, free in flight ms, spacing ms.
// A free call beside paid broadcast: waits while a paid call waits for the free ones; else the free window (as Pacer),
// spaced evenly (the queue is taken at the paid rate, so nothing else spreads the free calls out).
const FREE_LUA = `
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local cost = tonumber(ARGV[4])
local paidWaitAt = tonumber(redis.call('HGET', KEYS[2], 'paidWaitAt') or '0')
if now - paidWaitAt < tonumber(ARGV[5]) then return math.max(1, tonumber(ARGV[5]) - (now - paidWaitAt)) end
local ttl = redis.call('PTTL', KEYS[3])
if ttl > 0 then return ttl end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
local n = redis.call('ZCARD', KEYS[1])
if n + cost > max and n > 0 then
  local i = math.min(n - 1, n + cost - max - 1)
  local oldest = redis.call('ZRANGE', KEYS[1], i, i, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 1000 - now)
end
for i = 1, cost do redis.call('ZADD', KEYS[1], now, ARGV[3] .. '#' .. i) end
redis.call('PEXPIRE', KEYS[1], 1000)
redis.call('HSET', KEYS[2], 'freeAt', now)
redis.call('PEXPIRE', KEYS[2], 10000)
redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[6]) * cost)
return 0
`;

/**
 * PaidBroadcast runs Telegram's paid broadcast for the alerts TELEGRAM_PAID_BROADCAST names: their sends share the
 * bot-wide window with every other call but may fill it up to PAID_GLOBAL_PER_SEC, and each call the free rate would
 * have refused is charged 0.1 Star to the UTC day. When the day's budget (TELEGRAM_PAID_STARS_PER_DAY) would be passed,
 * or Telegram refuses a paid send for the bot's balance, the rest of the day goes at the free rate: nothing is lost,
 * only slower. One Redis step per send, shared by every worker.
 */
export class PaidBroadcast {
  private readonly keys: RedisKeys;
  private readonly window: string;
  private readonly spacing: string;

  constructor(private readonly redis: Redis, prefix: string, readonly settings: PaidSettings) {
    this.keys = new RedisKeys(prefix);
    ({ window: this.window, next: this.spacing } = this.keys.pace('telegram', '*global*'));
    redis.defineCommand('cascadePaid', { numberOfKeys: 3, lua: PAID_LUA });
    redis.defineCommand('cascadePaidFree', { numberOfKeys: 3, lua: FREE_LUA });
    redis.defineCommand('cascadePacePaid', { numberOfKeys: 7, lua: PACE_PAID_LUA });
  }

  /** on says whether any alert goes out paid. */
  get on(): boolean {
    return this.settings.mode !== 'off';
  }

  /** eligible says whether a send of this severity is a paid broadcast. */
  eligible(severity: Severity | undefined): boolean {
    return paidEligible(this.settings.mode, severity);
  }

  /** take asks to make `cost` paid calls now. */
  async take(now: number, member: string, cost: number): Promise<PaidTurn> {
    const run = (this.redis as unknown as { cascadePaid: (...a: unknown[]) => Promise<[number, number]> }).cascadePaid;
    const [ms, charged] = await run.call(this.redis, ...this.paidKeys(now), ...this.paidArgs(now, member, cost));
    return this.turnOf(now, ms, charged);
  }

  /**
   * takeWithPace takes a chat's turn (Pacer.step) and, once it has it, the paid turn: what Pacer.take and then take
   * answer, in one round trip (a paid broadcast's sends are CPU-bound on the worker: each Redis call counts).
   */
  async takeWithPace(pace: PaceStep, now: number, member: string, cost: number): Promise<ChatTurn> {
    const run = (this.redis as unknown as { cascadePacePaid: (...a: unknown[]) => Promise<[number, number, number]> }).cascadePacePaid;
    const [wait, ms, charged] = await run.call(this.redis, ...pace.keys, ...this.paidKeys(now), ...pace.args, ...this.paidArgs(now, member, cost));
    if (wait !== 0) return { go: 'chat', ms: wait };
    return this.turnOf(now, ms, charged);
  }

  private paidKeys(now: number): [string, string, string] {
    return [this.window, this.keys.paidDay(utcDate(now)), this.keys.paidLanes];
  }

  private paidArgs(now: number, member: string, cost: number): Array<string | number> {
    const budget = Math.floor(this.settings.starsPerDay * 10);
    return [now, PAID_GLOBAL_PER_SEC, member, Math.min(cost, PAID_GLOBAL_PER_SEC), FREE_PER_SEC, budget, PAID_DAY_TTL_MS, FREE_IN_FLIGHT_MS];
  }

  private async turnOf(now: number, ms: number, charged: number): Promise<PaidTurn> {
    if (ms === 0) return { go: 'paid', charged: charged / 10 };
    if (ms > 0) return { go: 'wait', ms };
    return { go: 'free', why: (await this.fallback(now)) ?? 'budget' };
  }

  /**
   * takeFree asks to make `cost` free calls beside paid broadcast (every call that is not a paid send, once paid broadcast
   * is on): the free window as Pacer.takeGlobal keeps it, and not while a paid call waits for the free calls in flight.
   * 0 if they may go (recorded), else how many ms to wait.
   */
  async takeFree(now: number, member: string, cost: number): Promise<number> {
    const run = (this.redis as unknown as { cascadePaidFree: (...a: unknown[]) => Promise<number> }).cascadePaidFree;
    const free = GLOBAL_PER_SEC.telegram;
    return Number(await run.call(this.redis, this.window, this.keys.paidLanes, this.spacing, now, free, member, Math.min(cost, free), FREE_IN_FLIGHT_MS, Math.ceil(1000 / free)));
  }

  /** fallBack turns paid broadcast off for the rest of the UTC day; true when this call is the one that did it (to log once). */
  async fallBack(now: number, why: PaidFallback): Promise<boolean> {
    const key = this.keys.paidDay(utcDate(now));
    const [[, set]] = (await this.redis.multi().hsetnx(key, 'fallback', why).pexpire(key, PAID_DAY_TTL_MS).exec()) as [[unknown, number]];
    return set === 1;
  }

  private async fallback(now: number): Promise<PaidFallback | null> {
    return (await this.redis.hget(this.keys.paidDay(utcDate(now)), 'fallback')) as PaidFallback | null;
  }

  /** status is today's paid broadcast: the mode, the budget and what was spent (in Stars), and whether it fell back to free. */
  async status(now: number): Promise<PaidStatus> {
    const day = await this.redis.hgetall(this.keys.paidDay(utcDate(now)));
    return {
      mode: this.settings.mode, budgetStars: this.settings.starsPerDay, spentStars: Number(day.spent ?? 0) / 10,
      messages: Number(day.messages ?? 0), fallback: (day.fallback as PaidFallback | undefined) ?? null,
    };
  }
}
