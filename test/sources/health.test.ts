import { describe, expect, it } from 'vitest';
import { BAN_BACKOFF_MS, fullJitter, GEO_BLOCK_BACKOFF_MS, parseRetryAfter, restBackoffMs } from '../../src/sources/backoff.js';
import { DedupWindow, eventKey } from '../../src/sources/dedup.js';
import { FreshnessTracker } from '../../src/sources/freshness.js';
import { SourceHealth } from '../../src/sources/health.js';
import type { MarketEvent } from '../../src/market/types.js';

describe('FreshnessTracker', () => {
  it('fires exactly one stale and one recovered per incident', () => {
    const t = new FreshnessTracker();
    t.watch('bybit', 'liquidation', 10_000, 0);
    expect(t.check(5_000)).toEqual([]);
    expect(t.seen('bybit', 'liquidation', 6_000)).toBeNull();
    expect(t.check(16_000)).toEqual([]);
    const stale = t.check(16_001);
    expect(stale).toEqual([{ source: 'bybit', feed: 'liquidation', kind: 'stale', at: 16_001, quietMs: 10_001 }]);
    expect(t.check(20_000)).toEqual([]);
    expect(t.check(60_000)).toEqual([]);
    expect(t.seen('bybit', 'liquidation', 61_000)).toEqual({ source: 'bybit', feed: 'liquidation', kind: 'recovered', at: 61_000, quietMs: 55_000 });
    expect(t.seen('bybit', 'liquidation', 61_500)).toBeNull();
    expect(t.check(70_000)).toEqual([]);
    // A second incident gets its own pair.
    expect(t.check(71_501).map((x) => x.kind)).toEqual(['stale']);
    expect(t.seen('bybit', 'liquidation', 72_000)?.kind).toBe('recovered');
  });

  it('a feed that never delivers goes stale one budget after watching starts', () => {
    const t = new FreshnessTracker();
    t.watch('okx', 'liquidation', 1_000, 100);
    expect(t.check(1_100)).toEqual([]);
    expect(t.check(1_101)).toHaveLength(1);
    expect(t.snapshot()[0]).toMatchObject({ stale: true, lastEventTs: null });
  });
});

describe('SourceHealth.status', () => {
  it('gives per-source last event, staleness, rejections by reason and gap count', () => {
    const h = new SourceHealth();
    h.tracker.watch('binance', 'price', 1_000, 0);
    h.tracker.watch('binance', 'liquidation', 1_000, 0);
    h.tracker.seen('binance', 'price', 500);
    h.countReject({ source: 'binance', reason: 'not_finite' });
    h.countReject({ source: 'binance', reason: 'not_finite' });
    h.countReject({ source: 'binance', reason: 'http_429' });
    h.addGap({ source: 'binance', fromTs: 100, toTs: 7_100 });
    h.tracker.check(1_200);
    expect(h.status()).toEqual([{
      source: 'binance', lastEventTs: 500, stale: true, rejected: { not_finite: 2, http_429: 1 }, rejectedTotal: 3, gaps: 1,
      feeds: [{ feed: 'price', lastEventTs: 500, stale: false, budgetMs: 1_000, quietSince: 500 }, { feed: 'liquidation', lastEventTs: null, stale: true, budgetMs: 1_000, quietSince: 0 }],
    }]);
    expect(h.gaps(7_100)).toHaveLength(1);
    expect(h.gaps(7_101)).toHaveLength(0);
  });
});

describe('DedupWindow', () => {
  const liq: MarketEvent = { kind: 'liquidation', ts: 1769693520000, source: 'bybit', symbol: 'BTC', side: 'long', price: 84720, qty: 1.5, notionalUsd: 127080 };

  it('drops a repeat of the same venue|symbol|time|side|qty|price, keeps a different size', () => {
    const d = new DedupWindow();
    expect(d.firstSeen(eventKey(liq), 0)).toBe(true);
    expect(d.firstSeen(eventKey({ ...liq }), 1)).toBe(false);
    expect(d.firstSeen(eventKey({ ...liq, qty: 1.6 }), 2)).toBe(true);
    expect(d.firstSeen(eventKey({ ...liq, side: 'short' }), 3)).toBe(true);
  });

  it('forgets keys older than its TTL and beyond its size', () => {
    const d = new DedupWindow(1_000, 2);
    d.firstSeen('a', 0);
    expect(d.firstSeen('a', 1_001)).toBe(true);
    d.firstSeen('b', 1_002);
    d.firstSeen('c', 1_003);
    expect(d.size).toBe(2);
  });

  it('a key taken again after its TTL is remembered from then on; under churn it keeps exactly the newest keys', () => {
    const d = new DedupWindow(1_000, 3);
    d.firstSeen('a', 0);
    d.firstSeen('b', 10);
    expect(d.firstSeen('a', 1_500)).toBe(true); // expired: taken again (b, expired too, is dropped)
    expect(d.firstSeen('c', 1_510)).toBe(true);
    expect(d.firstSeen('a', 1_600)).toBe(false); // its first place was dropped, not the key
    expect(d.size).toBe(2);

    // A wall clock that stepped back: the key's older place sits behind a newer key and must not drop it later.
    const back = new DedupWindow(1_000, 2);
    back.firstSeen('x', 5_000);
    back.firstSeen('a', 100);
    expect(back.firstSeen('a', 1_200)).toBe(true);
    back.firstSeen('y', 1_300); // full: x goes
    expect(back.firstSeen('a', 1_400)).toBe(false);

    const churn = new DedupWindow(60_000, 100);
    for (let i = 0; i < 20_000; i++) expect(churn.firstSeen(`k${i}`, i)).toBe(true);
    expect(churn.size).toBe(100);
    expect(churn.firstSeen('k19950', 20_000)).toBe(false);
    expect(churn.firstSeen('k19899', 20_001)).toBe(true); // the 101st newest was forgotten
  });
});

describe('backoff', () => {
  it('full jitter stays within [0, min(cap, base × 2^attempt))', () => {
    expect(fullJitter(0, { random: () => 0.999 })).toBe(999);
    expect(fullJitter(3, { random: () => 0.5 })).toBe(4_000);
    expect(fullJitter(20, { random: () => 0.999 })).toBe(29_970);
    expect(fullJitter(5, { random: () => 0 })).toBe(0);
  });

  it('reads Retry-After in seconds or as an HTTP date, capped', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:30 GMT'))).toBe(30_000);
    expect(parseRetryAfter('73414', 0)).toBe(3_600_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('waits exactly Retry-After on 429, at least the ban on 418, long on 451', () => {
    expect(restBackoffMs('http_429', 1, 2_000)).toBe(2_000);
    expect(restBackoffMs('http_418', 1, undefined)).toBe(BAN_BACKOFF_MS);
    expect(restBackoffMs('http_418', 1, 600_000)).toBe(600_000);
    expect(restBackoffMs('http_451', 1, undefined)).toBe(GEO_BLOCK_BACKOFF_MS);
    expect(restBackoffMs('http_5xx', 3, undefined, { random: () => 0.5 })).toBe(4_000);
  });
});
