import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStore } from '../../src/app/engine-store.js';
import { EngineLease, FencedError } from '../../src/app/lease.js';
import { episodeOf, HANDOVER_WINDOW_MS, HandoverDedup } from '../../src/app/handover.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { Engine } from '../../src/rules/engine.js';
import { RedisKeys } from '../../src/store/keys.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

// Issue 15: the engine lease (SET NX PX, renewed by its holder) with a fencing token every engine write checks.
const log = pino({ level: 'silent' });
const TTL = 2_000;

describe('engine lease on a real Redis', () => {
  const redis = new TestRedis();
  beforeAll(() => redis.start());
  afterAll(() => redis.dispose());

  const until = async (cond: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; !cond(); ) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('one holder at a time; a standby takes over when the holder stops renewing, and the old holder is fenced out', async () => {
    const prefix = uniquePrefix('lease');
    const [ra, rb] = [redis.client(), redis.client()];
    const a = new EngineLease(ra, prefix, log, TTL, 'engine-a');
    const b = new EngineLease(rb, prefix, log, TTL, 'engine-b');
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await a.fence();
    const tokenA = a.token!;

    // A saves its engine state through the fence.
    const storeA = new EngineStore(ra, prefix, log);
    storeA.fence = { keys: a.fenceKeys, value: () => a.value, token: () => a.token };
    const engine = new Engine(DEFAULT_RULES);
    await storeA.save(engine, 1_000);
    expect(await ra.exists(new RedisKeys(prefix).engineSnapshot)).toBe(1);

    // A is "paused" (no renew); B watches and takes over once the lease lapses.
    let acquired = 0;
    b.watch((t) => (acquired = t), () => {});
    expect((await a.status()).standbys).toEqual([]);
    await until(() => acquired > 0, TTL + 3 * b.everyMs + 1_000);
    expect(acquired).toBeGreaterThan(tokenA);
    const st = await b.status();
    expect(st).toMatchObject({ role: 'active', token: acquired, holder: 'engine-b' });

    // A wakes up: its writes are refused, its renew says lost.
    await expect(a.fence()).rejects.toBeInstanceOf(FencedError);
    await expect(storeA.save(engine, 2_000)).rejects.toBeInstanceOf(FencedError);
    expect(await a.renew()).toBe(false);
    expect((await a.status()).role).toBe('standby');
    await b.stop();
    ra.disconnect();
    rb.disconnect();
  }, 20_000);

  it('a graceful stop releases the lease: the standby takes it at its next look, not after the TTL', async () => {
    const prefix = uniquePrefix('lease-rel');
    const [ra, rb] = [redis.client(), redis.client()];
    const a = new EngineLease(ra, prefix, log, 30_000, 'a');
    const b = new EngineLease(rb, prefix, log, 30_000, 'b');
    expect(await a.tryAcquire()).toBe(true);
    await a.stop();
    expect(await b.tryAcquire()).toBe(true);
    await b.stop();
    ra.disconnect();
    rb.disconnect();
  });

  it('a holder that rode out a Redis outage longer than the TTL takes its lease back (no one else took it)', async () => {
    const prefix = uniquePrefix('lease-out');
    const ra = redis.client();
    const a = new EngineLease(ra, prefix, log, TTL, 'a');
    expect(await a.tryAcquire()).toBe(true);
    const t = a.token;
    await redis.stop();
    await new Promise((r) => setTimeout(r, TTL + 200));
    await redis.start();
    await until(() => ra.status === 'ready', 10_000);
    expect(await ra.exists(new RedisKeys(prefix).engineLease)).toBe(0);
    await a.fence(); // lapsed, but no one took it since: still this engine's to write with
    expect(await a.renew()).toBe(true);
    expect(a.token).toBe(t);
    await a.fence();
    await a.stop();
    ra.disconnect();
  }, 30_000);

  it('but not after another engine held it in between (its token moved on)', async () => {
    const prefix = uniquePrefix('lease-moved');
    const [ra, rb] = [redis.client(), redis.client()];
    const a = new EngineLease(ra, prefix, log, TTL, 'a');
    const b = new EngineLease(rb, prefix, log, TTL, 'b');
    expect(await a.tryAcquire()).toBe(true);
    await ra.del(new RedisKeys(prefix).engineLease); // lapsed
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
    await expect(a.fence()).rejects.toBeInstanceOf(FencedError);
    expect(await a.renew()).toBe(false);
    ra.disconnect();
    rb.disconnect();
  });
});

describe('handover dedup: an episode the dead engine raised is not posted again by the standby', () => {
  const redis = new TestRedis();
  beforeAll(() => redis.start());
  afterAll(() => redis.dispose());

  const alert = (id: string, ts: number) => ({ id, kind: 'level_break' as const, severity: 'warning' as const, symbol: 'BTC', ts, title: id, text: id, data: {} });

  it('same episode near in time from an earlier token: skipped during the window only', async () => {
    const prefix = uniquePrefix('handover');
    const client = redis.client();
    const T = Date.UTC(2026, 0, 29, 13, 24, 5);
    expect(episodeOf(`level_break:BTC:85000:down:${T}`)).toBe('level_break:BTC:85000:down');
    const a = new HandoverDedup(client, prefix, () => 1, false);
    await a.note(alert(`level_break:BTC:85000:down:${T}`, T));
    expect(await a.raisedBefore(alert(`level_break:BTC:85000:down:${T + 1}`, T + 1))).toBe(false); // not a takeover: never skips
    const b = new HandoverDedup(client, prefix, () => 2, true);
    const now = Date.now();
    expect(await b.raisedBefore(alert(`level_break:BTC:85000:down:${T + 54_999}`, T + 54_999), now)).toBe(true); // from a candle close
    expect(await b.raisedBefore(alert(`level_break:BTC:80000:down:${T + 54_999}`, T + 54_999), now)).toBe(false); // another level
    expect(await b.raisedBefore(alert(`level_break:BTC:85000:down:${T + 3_600_000}`, T + 3_600_000), now)).toBe(false); // a later episode
    b.caughtUp(now);
    expect(await b.raisedBefore(alert(`level_break:BTC:85000:down:${T + 1}`, T + 1), now + HANDOVER_WINDOW_MS + 1)).toBe(false); // window over
    await b.note(alert(`level_break:BTC:85000:down:${T + 9}`, T + 9));
    const c = new HandoverDedup(client, prefix, () => 2, true);
    expect(await c.raisedBefore(alert(`level_break:BTC:85000:down:${T + 9}`, T + 9))).toBe(false); // its own token: not "earlier"
    client.disconnect();
  });
});
