import type { Subscription } from './settings.js';

/** Answers of CAS_LUA. */
export const CAS_CONFLICT = 0;
export const CAS_LEVELS_FULL = -1;
export const CAS_GUILD_FULL = -2;

/**
 * CAS_LUA writes one subscription if it is still what the caller read (compare-and-set), and keeps two counts in
 * the same step: how many active chats watch each custom level (field "ASSET|level"), so the deployment's distinct
 * custom levels stay under a cap, and how many active subscriptions each Discord server has, under a cap.
 * KEYS: subscriptions hash, level index hash, guild count hash.
 * ARGV: field, expected raw ('' = none), new raw, level cap (0 = not checked), #added, #removed, guild ('' = none),
 * guild delta, guild cap, then the added level keys, then the removed ones.
 * Returns 1 written, 0 conflict (re-read and retry), -1 level cap reached, -2 guild cap reached.
 */
export const CAS_LUA = `
local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if cur ~= ARGV[2] then return 0 end
local cap = tonumber(ARGV[4])
local nAdd = tonumber(ARGV[5])
local nRem = tonumber(ARGV[6])
if cap > 0 then
  local fresh = 0
  for i = 1, nAdd do
    if redis.call('HEXISTS', KEYS[2], ARGV[9 + i]) == 0 then fresh = fresh + 1 end
  end
  if fresh > 0 and redis.call('HLEN', KEYS[2]) + fresh > cap then return -1 end
end
local guild = ARGV[7]
local delta = tonumber(ARGV[8])
if guild ~= '' and delta > 0 then
  local n = tonumber(redis.call('HGET', KEYS[3], guild) or '0')
  if n + delta > tonumber(ARGV[9]) then return -2 end
end
for i = 1, nAdd do redis.call('HINCRBY', KEYS[2], ARGV[9 + i], 1) end
for i = 1, nRem do
  local k = ARGV[9 + nAdd + i]
  if redis.call('HINCRBY', KEYS[2], k, -1) <= 0 then redis.call('HDEL', KEYS[2], k) end
end
if guild ~= '' and delta ~= 0 then
  if redis.call('HINCRBY', KEYS[3], guild, delta) <= 0 then redis.call('HDEL', KEYS[3], guild) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

/** levelKeys are the custom levels a subscription makes the engine watch ("BTC|86500"): none while it is inactive. */
function levelKeys(s: Subscription | null, onlyActive = true): Set<string> {
  const out = new Set<string>();
  if (!s || (onlyActive && !s.active)) return out;
  for (const [asset, levels] of Object.entries(s.settings.levels)) for (const l of levels) out.add(`${asset}|${l}`);
  return out;
}

/**
 * casArgs builds CAS_LUA's arguments for writing `next` over `cur` (read as `raw`). The level cap is checked only
 * when the chat's own levels grew (a /levels add), never when a chat comes back with the levels it had; the guild
 * cap only when a Discord server gains an active subscription.
 */
export function casArgs(field: string, raw: string, cur: Subscription | null, next: Subscription, caps: { levels: number; perGuild: number }): Array<string | number> {
  const before = levelKeys(cur);
  const after = levelKeys(next);
  const added = [...after].filter((k) => !before.has(k));
  const removed = [...before].filter((k) => !after.has(k));
  const own = levelKeys(cur, false);
  const grew = [...levelKeys(next, false)].some((k) => !own.has(k));
  const guild = next.guildId ?? cur?.guildId ?? '';
  const delta = guild ? Number(next.active) - Number(cur?.active ?? false) : 0;
  return [field, raw, JSON.stringify(next), grew ? caps.levels : 0, added.length, removed.length, guild, delta, caps.perGuild, ...added, ...removed];
}
