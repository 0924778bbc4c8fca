import type { Redis } from 'ioredis';
import type { AlertEvent } from '../alerts/types.js';
import type { Folded } from '../lifecycle/view.js';
import { RedisKeys } from '../store/keys.js';
import { PAYLOAD_TTL_S } from './payloads.js';

/**
 * CascadeStore is the delivery side of each cascade: the chats its message went to, the alerts folded into it
 * since (each once, whatever re-publishes it), and which cascade lists each alert, so an alert waiting out its
 * group wait is not posted alone to a chat whose cascade message already carries it.
 */
export class CascadeStore {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** reachedChats records the chats a cascade's message is going to (their later alerts fold into it). */
  async markReached(cascadeId: string, chatKeys: readonly string[]): Promise<void> {
    if (chatKeys.length === 0) return;
    const k = this.keys.cascadeChats(cascadeId);
    await this.redis.multi().sadd(k, ...chatKeys).expire(k, PAYLOAD_TTL_S).exec();
  }

  /** reachedChats lists the chats a cascade's message went to. */
  async reachedChats(cascadeId: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.keys.cascadeChats(cascadeId)));
  }

  /** reached says whether a cascade's message went to a chat. */
  async reached(cascadeId: string, chatKey: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.cascadeChats(cascadeId), chatKey)) === 1;
  }

  /** list records that a cascade lists these alerts (its triggers, or one folded in). */
  async list(cascadeId: string, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    const m = this.redis.multi();
    for (const id of alertIds) m.set(this.keys.cascadeOf(id), cascadeId, 'EX', PAYLOAD_TTL_S);
    await m.exec();
  }

  /** cascadeOf names the cascade that lists an alert, or null. */
  async cascadeOf(alertId: string): Promise<string | null> {
    return this.redis.get(this.keys.cascadeOf(alertId));
  }

  /** fold adds an alert to what a cascade explains (once: a second fold of the same alert changes nothing). */
  async fold(cascadeId: string, alert: AlertEvent, at: number): Promise<void> {
    const k = this.keys.folded(cascadeId);
    await this.redis.multi().hsetnx(k, alert.id, JSON.stringify({ alert, at })).expire(k, PAYLOAD_TTL_S).exec();
  }

  /** folded lists the alerts a cascade has explained so far, oldest first. */
  async folded(cascadeId: string): Promise<Folded[]> {
    const all = Object.values(await this.redis.hgetall(this.keys.folded(cascadeId))).map((s) => JSON.parse(s) as Folded);
    return all.sort((a, b) => a.alert.ts - b.alert.ts || a.alert.id.localeCompare(b.alert.id));
  }
}
