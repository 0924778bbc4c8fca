/** The Redis Lua scripts of delivery (each one atomic step on Redis). */

/**
 * CLAIM_HELD_LUA: KEYS[1] a chat's held list, KEYS[2] one digest's claimed list, ARGV[1] its TTL in seconds. Moves the
 * held alerts to the digest once (a retry of the same digest reads what the first attempt took), and returns them.
 */
export const CLAIM_HELD_LUA = `
if redis.call('EXISTS', KEYS[2]) == 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
end
return redis.call('LRANGE', KEYS[2], 0, -1)
`;

