import { describe, expect, it } from 'vitest';
import { FakeVenues } from '../fakes/venues/server.js';
import { runFailover, runLiveTakeover, runRedisDown } from './failover-harness.js';

// Issue 15, short versions of `npm run bench -- failover` (correctness only: no timing is asserted).
describe('engine failover and a Redis outage, with real processes', () => {
  it('kill -9 of the active engine mid-replay: the standby takes over, every alert reaches every chat once, the summary names the handover', async () => {
    const r = await runFailover({ chats: 10, speed: 300, killAfterMs: 10_000, leaseMs: 3_000, snapshotMs: 3_000, window: { beforeMin: 90, afterMin: 45 } });
    console.log(`failover: took over in ${r.takeoverMs} ms; ${r.messagesAtKill} messages at the kill, ${r.messages} after; lost ${r.lost}; duplicates ${r.dupes}; gap: ${r.gapLines.join(' | ')}`);
    expect(r.readyz.a).toMatch(/^active: holds the engine lease \(token 1\); 1 standby/);
    expect(r.readyz.b).toMatch(/^standby: the engine runs on .* \(token 1\)/);
    expect(r.readyz.bAfter).toMatch(/^active: holds the engine lease \(token 2\)/);
    expect(r.lost).toBe(0);
    expect(r.dupes).toBe(0);
    expect(r.gapLines.some((l) => /Engine handover/.test(l))).toBe(true);
  }, 180_000);

  it('live on the fake venues: the standby catches the missed minutes up from Binance, Bybit and OKX candles, then collects', async () => {
    const venues = new FakeVenues();
    await venues.start();
    try {
      venues.prices.set('BTC', 85_000);
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      venues.candles.set('BTC', Array.from({ length: 30 }, (_, i) => [minute - (20 - i) * 60_000, 85_000 - i] as [number, number]));
      const r = await runLiveTakeover(venues);
      console.log(`live takeover: ${r.takeoverMs} ms; candle calls ${JSON.stringify(r.candleCalls)}; ${r.catchUpLine.slice(0, 300)}`);
      expect(r.candleCalls).toEqual({ binance: 1, bybit: 1, okx: 1 });
      expect(JSON.parse(r.catchUpLine)).toMatchObject({ venues: { binance: expect.any(Number), bybit: expect.any(Number), okx: expect.any(Number) } });
      expect(r.pricesAfter).toBeGreaterThan(0);
    } finally {
      await venues.close();
    }
  }, 120_000);

  it('Redis down during the crash hour: alerts wait in the outbox and are all delivered when it returns', async () => {
    const r = await runRedisDown({ chats: 5, speed: 600, downMs: 8_000, beforeMin: 30, afterMin: 20, downAtMin: 3 });
    console.log(`redis down: ${JSON.stringify(r)}`);
    expect(r.firedDuringOutage).toBeGreaterThan(0);
    expect(r.outboxMax).toBeGreaterThan(0);
    expect(r.lostCritical).toBe(0);
    expect(r.lost).toBe(0);
    expect(r.dropped).toBe(0);
  }, 180_000);
});
