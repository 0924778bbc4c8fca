import { describe, expect, it } from 'vitest';
import { runFailover, runLiveFailover, runRedisDown } from './failover-harness.js';

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

  it('live on the fake venues: kill -9 of the active engine mid-crash; the standby catches up from the candles, collects on, and every alert the engines could raise reaches every chat once', async () => {
    const r = await runLiveFailover({ chats: 5, speed: 90, beforeMin: 60, afterMin: 15, killAtMin: 3, leaseMs: 3_000, snapshotMs: 1_000 });
    const day = (t: number) => new Date(t).toISOString().slice(11, 19);
    console.log(`live failover: killed at ${day(r.killedAtDay)} (day time), standby running ${r.takeoverMs} ms later, collecting again from ${day(r.resumedAtDay)}; events A ${r.eventsA} (${r.tailA} after its last snapshot), B ${r.eventsB}; catch-up ${JSON.stringify(r.catchUp)}; expected ${r.expected.length} (${r.expectedBeforeKill} before the kill): ${r.expected.map((a) => a.title).join(' | ')}; ${r.messages} messages, lost ${r.lost}, duplicates ${r.dupes}; gap: ${r.gapLines.join(' | ')}`);
    expect(r.expectedBeforeKill).toBeGreaterThan(0);
    expect(r.expected.length).toBeGreaterThan(r.expectedBeforeKill);
    expect(r.expected.some((a) => a.kind === 'cascade')).toBe(true);
    expect(r.lost).toBe(0);
    expect(r.maxDupesPerChat).toBeLessThanOrEqual(1);
    expect(r.candleCalls).toEqual({ binance: 3, bybit: 3, okx: 3 }); // BTC, ETH and SOL from each
    expect(r.catchUp?.venues).toMatchObject({ binance: expect.any(Number), bybit: expect.any(Number), okx: expect.any(Number) });
    expect(r.eventsB).toBeGreaterThan(r.catchUp!.events);
    expect(r.gapLines.some((l) => /Engine handover/.test(l))).toBe(true);
  }, 150_000);

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
