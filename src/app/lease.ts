import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisKeys } from '../store/keys.js';

/**
 * The engine lease (issue 15): one ROLE=engine process holds it and runs the engine, the collectors and the jobs;
 * another watches and takes over when it lapses. It is the single-instance lock of the Redis docs
 * (https://redis.io/docs/latest/develop/use/patterns/distributed-locks/: SET NX PX, renewed only by its holder)
 * plus Kleppmann's fencing token (https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html):
 * every holder gets a larger INCR'd token, and every write of engine state or alert hand-off first checks that the
 * lease still carries this holder's token, so a holder paused past its TTL cannot write after another took over.
 */

/** ACQUIRE sets the lease if nobody holds it, with a new fencing token (returned; 0 when it is held). */
const ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], t .. '|' .. ARGV[1], 'PX', ARGV[2])
return t`;

/**
 * RENEW extends the lease if it is still ours; a lease that lapsed (a Redis outage longer than the TTL) is taken back
 * only if no one took it since (the token counter is still ours): 1 renewed, 0 lost.
 */
const RENEW = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v == false and redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** RELEASE deletes the lease if it is ours (a graceful stop: the standby takes over at its next look, not after the TTL). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * HOLDS is the fence: the lease carries this holder's value, or it lapsed and nobody took it since (the token counter
 * is still this holder's: after a Redis outage longer than the TTL, before the next renew takes it back).
 */
const HOLDS = `local v = redis.call('GET', KEYS[1])
local holds = v == ARGV[1] or (v == false and redis.call('GET', KEYS[2]) == ARGV[2])`;

/** FENCE answers 1 while this process may write as the engine. */
const FENCE = `${HOLDS}
if holds then return 1 end return 0`;

/** FENCED_SAVE writes the engine snapshot (and its pending alerts) only under the fence. */
export const FENCED_SAVE = `${HOLDS}
if not holds then return 0 end
redis.call('SET', KEYS[3], ARGV[3])
if ARGV[4] == '' then redis.call('DEL', KEYS[4]) else redis.call('SET', KEYS[4], ARGV[4]) end
return 1`;

/** FencedError: this process no longer holds the engine lease, so it must not write engine state or hand alerts on. */
export class FencedError extends Error {
  constructor(readonly token: number) {
    super(`engine lease lost (token ${token}): another engine took over`);
    this.name = 'FencedError';
  }
}

/** LeaseStatus is what /readyz and /status show of the engine lease. */
export interface LeaseStatus {
  role: 'active' | 'standby';
  token: number | null;
  holder: string | null;
  /** Standby engines seen in the last few renew intervals (ids). */
  standbys: string[];
}

/**
 * EngineLease is one process's view of the engine lease. `watch` acquires it when free (at once at start-up if no
 * one holds it), renews it every third of its TTL while held, and calls `onLost` when a renew finds it gone.
 */
export class EngineLease {
  readonly id: string;
  token: number | null = null;
  private readonly keys: RedisKeys;
  private timer: NodeJS.Timeout | null = null;
  private readySince = Date.now();
  private lastRenewed = 0;

  constructor(private readonly redis: Redis, prefix: string, private readonly log: Logger, readonly ttlMs: number, id?: string) {
    this.keys = new RedisKeys(prefix);
    this.id = id ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    redis.on('ready', () => (this.readySince = Date.now()));
    redis.on('close', () => (this.readySince = Infinity));
  }

  /** everyMs is the renew (and standby look) interval: a third of the TTL, so two renews may fail before the lease lapses. */
  get everyMs(): number {
    return Math.round(this.ttlMs / 3);
  }

  /** value is what the lease holds while this process has it. */
  get value(): string | null {
    return this.token === null ? null : `${this.token}|${this.id}`;
  }

  /** fenceKeys are the keys a fenced write checks (the lease and its token counter), against `value` and `token`. */
  get fenceKeys(): [string, string] {
    return [this.keys.engineLease, this.keys.engineLeaseToken];
  }

  /** tryAcquire takes the lease if it is free; returns whether this process now holds it. */
  async tryAcquire(): Promise<boolean> {
    const t = Number(await this.redis.eval(ACQUIRE, 2, this.keys.engineLease, this.keys.engineLeaseToken, this.id, this.ttlMs));
    if (t > 0) {
      this.token = t;
      this.lastRenewed = Date.now();
      await this.redis.hdel(this.keys.engineStandby, this.id);
    }
    return t > 0;
  }

  /** renew extends the lease; false means another process holds it now (or held it since). */
  async renew(): Promise<boolean> {
    if (this.token === null) return false;
    const ok = Number(await this.redis.eval(RENEW, 2, this.keys.engineLease, this.keys.engineLeaseToken, this.value!, this.ttlMs, this.token)) === 1;
    if (ok) this.lastRenewed = Date.now();
    return ok;
  }

  /** fence throws FencedError unless the lease still carries this holder's token (checked in Redis, not from memory). */
  async fence(): Promise<void> {
    if (this.token === null || Number(await this.redis.eval(FENCE, 2, ...this.fenceKeys, this.value!, this.token)) !== 1) throw new FencedError(this.token ?? 0);
  }

  /** release gives the lease up (graceful stop). */
  async release(): Promise<void> {
    if (this.value) await this.redis.eval(RELEASE, 1, this.keys.engineLease, this.value).catch(() => {});
    this.token = null;
  }

  /** status reads the lease and the standbys seen recently. */
  async status(now = Date.now()): Promise<LeaseStatus> {
    const [v, standby] = await Promise.all([this.redis.get(this.keys.engineLease), this.redis.hgetall(this.keys.engineStandby)]);
    const [token, ...holder] = (v ?? '').split('|');
    const standbys = Object.entries(standby).filter(([, at]) => now - Number(at) < 3 * this.ttlMs).map(([id]) => id);
    return { role: this.value !== null && v === this.value ? 'active' : 'standby', token: v ? Number(token) : null, holder: v ? holder.join('|') : null, standbys };
  }

  /**
   * watch runs the lease loop: while held, renew (a renew that fails on a network error is retried; one that finds the
   * lease taken calls `onLost`); while not held, say so in the standby list and take the lease when it lapses. After
   * Redis comes back, a standby waits half a TTL before trying, so the holder that rode out the outage renews first.
   */
  watch(onAcquired: (token: number) => void, onLost: (token: number) => void): void {
    const tick = async () => {
      if (this.token !== null) {
        const t = this.token;
        const ok = await this.renew().catch(() => null);
        if (ok === false) {
          this.token = null;
          this.log.error({ lease: t }, `engine lease lost (token ${t}): another engine holds it; this one stops writing`);
          onLost(t);
        }
        return;
      }
      await this.redis.hset(this.keys.engineStandby, this.id, String(Date.now()));
      if (Date.now() - this.readySince < this.ttlMs / 2) return;
      if (await this.tryAcquire()) {
        this.log.warn({ lease: this.token }, `engine lease acquired (token ${this.token}): this engine is now active`);
        onAcquired(this.token!);
      }
    };
    const loop = () => {
      this.timer = setTimeout(() => void tick().catch(() => {}).finally(() => this.timer && loop()), this.everyMs);
    };
    loop();
  }

  /** stop ends the loop and releases the lease if held. */
  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = null;
    if (t) clearTimeout(t);
    await this.redis.hdel(this.keys.engineStandby, this.id).catch(() => {});
    await this.release();
  }

  /** sinceRenewMs is how long ago the lease was last renewed (for /readyz: a holder that cannot renew is not sure it holds it). */
  sinceRenewMs(now = Date.now()): number {
    return now - this.lastRenewed;
  }
}
