import type { Redis } from 'ioredis';
import { RedisKeys } from './keys.js';

/** WATCH_ADDRESS_RE: a Hyperliquid account is 0x and 40 hex digits (stored lower case, as DESIGN §2's `account`). */
export const WATCH_ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
/** WATCH_LABEL_MAX is the longest label a chat may give an account. */
export const WATCH_LABEL_MAX = 32;

/** WatchEntry is one account on a chat's watch list. */
export interface WatchEntry {
  address: string;
  label: string | null;
  addedAt: number;
}

/** WatchedAccount is one address every chat's lists name, with the chats that watch it and the first label given. */
export interface WatchedAccount {
  label: string | null;
  chats: string[];
}

/** WatchAddResult is what an add did: added, relabelled, or refused by a cap. */
export type WatchAddResult = 'added' | 'updated' | 'chat_full' | 'deployment_full';

/**
 * ADD_LUA checks both caps and writes in one step, so two admins adding at once can never pass a cap:
 * an address already on the chat's list is relabelled (keeping when it was added); a new one needs room on the chat's list and, when no
 * chat watches it yet, room in the deployment's total. KEYS: chat list, account counts, chats set.
 * ARGV: address, entry JSON, per-chat cap, deployment cap, chat key.
 */
const ADD_LUA = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local e = cjson.decode(cur)
  e.label = cjson.decode(ARGV[2]).label
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
  return 'updated'
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'chat_full' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then return 'deployment_full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('SADD', KEYS[3], ARGV[5])
return 'added'`;

/** REMOVE_LUA takes an address off a chat's list and keeps the counts and the chat set true. ARGV: address, chat key. */
const REMOVE_LUA = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
return 1`;

/** normalizeAddress returns the lower-case address, or null when `text` is not 0x and 40 hex digits. */
export function normalizeAddress(text: string): string | null {
  const t = text.trim();
  return WATCH_ADDRESS_RE.test(t) ? t.toLowerCase() : null;
}

/**
 * WatchStore keeps each chat's `/watch` list in Redis (a hash per chat), with the caps per chat and per
 * deployment checked and written atomically by one Lua script per change, so they hold across replicas and
 * concurrent admins, and survive restarts.
 */
export class WatchStore {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** add puts an account on a chat's list (or relabels it), unless a cap is reached. `address` must be normalized. */
  async add(chat: string, address: string, label: string | null, now: number, caps: { perChat: number; total: number }): Promise<WatchAddResult> {
    const entry = JSON.stringify({ label, addedAt: now });
    const k = this.keys;
    return (await this.redis.eval(ADD_LUA, 3, k.watchList(chat), k.watchAccounts, k.watchChats, address, entry, caps.perChat, caps.total, chat)) as WatchAddResult;
  }

  /** remove takes an account off a chat's list; false when it was not on it. */
  async remove(chat: string, address: string): Promise<boolean> {
    const k = this.keys;
    return (await this.redis.eval(REMOVE_LUA, 3, k.watchList(chat), k.watchAccounts, k.watchChats, address, chat)) === 1;
  }

  /** list is a chat's watch list, oldest first. */
  async list(chat: string): Promise<WatchEntry[]> {
    const raw = await this.redis.hgetall(this.keys.watchList(chat));
    return Object.entries(raw).map(([address, v]) => ({ address, ...parseEntry(v) })).sort((a, b) => a.addedAt - b.addedAt || a.address.localeCompare(b.address));
  }

  /** total is how many distinct accounts the deployment's chats watch. */
  async total(): Promise<number> {
    return this.redis.hlen(this.keys.watchAccounts);
  }

  /** all gathers every chat's list: each address with the chats that watch it and the label the earliest of them gave. */
  async all(): Promise<Map<string, WatchedAccount>> {
    const chats = (await this.redis.smembers(this.keys.watchChats)).sort();
    const entries: Array<{ chat: string } & WatchEntry> = [];
    for (const chat of chats) for (const e of await this.list(chat)) entries.push({ chat, ...e });
    entries.sort((a, b) => a.addedAt - b.addedAt || a.chat.localeCompare(b.chat));
    const out = new Map<string, WatchedAccount>();
    for (const e of entries) {
      const cur = out.get(e.address) ?? { label: null, chats: [] };
      cur.chats.push(e.chat);
      cur.label ??= e.label;
      out.set(e.address, cur);
    }
    return out;
  }
}

function parseEntry(raw: string): { label: string | null; addedAt: number } {
  try {
    const v = JSON.parse(raw) as { label?: unknown; addedAt?: unknown };
    return { label: typeof v.label === 'string' ? v.label : null, addedAt: typeof v.addedAt === 'number' ? v.addedAt : 0 };
  } catch {
    return { label: null, addedAt: 0 };
  }
}
