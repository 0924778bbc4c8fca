import { describe, expect, it } from 'vitest';
import { SourceUnavailable } from '../../src/sources/errors.js';
import { SourceHealth } from '../../src/sources/health.js';
import type { HttpClient } from '../../src/sources/http.js';
import { HYPERLIQUID_WEIGHT_PER_MIN, infoWeight, WeightBudget } from '../../src/sources/hyperliquid/budget.js';
import { budgetedHttp, infoType } from '../../src/sources/hyperliquid/info-client.js';
import { planHyperliquid, type TrackedAccount } from '../../src/sources/hyperliquid/planner.js';
import { WhalePoller } from '../../src/sources/hyperliquid/whales.js';
import { SourceOutlet } from '../../src/sources/outlet.js';
import { HL_CLEARINGHOUSE_STATE } from '../fixtures/positioning.js';
import { MemoryLogger, RecordingSink } from './harness.js';

const account = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
const tracked = (n: number): TrackedAccount[] => Array.from({ length: n }, (_, i) => ({ address: account(i + 1), watchers: i % 7, deployment: i < 3 }));

/** maxSlidingMinute is the largest weight sum over any closed 60-second window of the calls. */
function maxSlidingMinute(calls: Array<{ at: number; weight: number }>): number {
  let max = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < calls.length; hi++) {
    sum += calls[hi].weight;
    while (calls[lo].at < calls[hi].at - 60_000) sum -= calls[lo++].weight;
    max = Math.max(max, sum);
  }
  return max;
}

describe('planHyperliquid', () => {
  it('150 accounts fit at 20 s beside allMids every 5 s and metaAndAssetCtxs every minute; the 10 most watched are real-time', () => {
    const plan = planHyperliquid(tracked(150));
    expect(plan).toMatchObject({ limitPerMin: 1200, usablePerMin: 1080, reservedPerMin: 24 + 20 + 60, accountBudgetPerMin: 976, cadenceMs: 20_000, accountPerMin: 150 * 3 * 2, totalPerMin: 1004, unpolled: [] });
    expect(plan.polled).toHaveLength(150);
    expect(plan.totalPerMin).toBeLessThanOrEqual(plan.usablePerMin);
    expect(plan.capacity).toEqual([
      { cadenceMs: 10_000, accounts: 81 }, { cadenceMs: 15_000, accounts: 122 }, { cadenceMs: 20_000, accounts: 162 }, { cadenceMs: 30_000, accounts: 244 },
      { cadenceMs: 60_000, accounts: 488 }, { cadenceMs: 120_000, accounts: 976 }, { cadenceMs: 300_000, accounts: 2440 },
    ]);
    expect(plan.realtime).toHaveLength(10);
    // watchers 6 first (deployment ones ahead on ties), then 5, …
    const watchers = new Map(tracked(150).map((a) => [a.address, a.watchers]));
    expect(plan.realtime.every((a) => watchers.get(a) === 6)).toBe(true);
  });

  it('merges duplicates, refuses bad addresses, and lists what does not fit even at the slowest cadence', () => {
    const plan = planHyperliquid([...tracked(3000), { address: account(1).toUpperCase().replace('0X', '0x'), watchers: 50 }, { address: '0x1234', watchers: 9 }]);
    expect(plan.rejected).toEqual([{ address: '0x1234', reason: 'not 0x + 40 hex' }]);
    expect(plan.realtime[0]).toBe(account(1));
    expect(plan.cadenceMs).toBe(300_000);
    expect(plan.polled).toHaveLength(2440);
    expect(plan.unpolled).toHaveLength(560);
  });

  it('no accounts: no cadence, nothing real-time', () => {
    expect(planHyperliquid([])).toMatchObject({ cadenceMs: null, polled: [], realtime: [] });
  });
});

describe('WeightBudget', () => {
  it('refuses what would pass the limit in any 60 s window and frees weight as it ages out', () => {
    const b = new WeightBudget(100);
    expect(b.tryTake(60, 0)).toBe(true);
    expect(b.tryTake(50, 30_000)).toBe(false);
    expect(b.tryTake(40, 30_000)).toBe(true);
    expect(b.nextRoomAt(50, 30_000)).toBe(60_001);
    expect(b.tryTake(50, 60_000)).toBe(false);
    expect(b.tryTake(50, 60_001)).toBe(true);
    expect(b.tryTake(10, 60_001, 10)).toBe(false);
    b.block(70_000);
    expect(b.tryTake(1, 65_000)).toBe(false);
    expect(b.nextRoomAt(1, 65_000)).toBeGreaterThanOrEqual(70_000);
  });

  it('weights: clearinghouseState and allMids 2, metaAndAssetCtxs 20, userRole 60', () => {
    expect([infoWeight('clearinghouseState'), infoWeight('allMids'), infoWeight('metaAndAssetCtxs'), infoWeight('userFillsByTime'), infoWeight('userRole')]).toEqual([2, 2, 20, 20, 60]);
  });
});

/** simulate runs the whale poller and the other Hyperliquid polls on a simulated clock for ten minutes, a 429 at minute 4. */
async function simulate(plan: ReturnType<typeof planHyperliquid>) {
  let now = 1_769_690_000_000;
  const clock = () => now;
  const calls: Array<{ at: number; weight: number; type: string; user?: string }> = [];
  let answer429At = now + 4 * 60_000;
  const seam: HttpClient = async (source, req) => {
    const body = JSON.parse(req.body ?? '{}') as { type: string; user?: string };
    calls.push({ at: now, weight: infoWeight(body.type), type: body.type, user: body.user });
    if (now >= answer429At && body.type === 'clearinghouseState') {
      answer429At = Number.POSITIVE_INFINITY;
      throw new SourceUnavailable(source, 'http_429', `${source}: rate limited (429)`, { status: 429 });
    }
    if (body.type === 'clearinghouseState') return { ...HL_CLEARINGHOUSE_STATE, time: now };
    return body.type === 'allMids' ? { BTC: '65000' } : [{ universe: [] }, []];
  };
  const budget = new WeightBudget();
  const sink = new RecordingSink();
  const log = new MemoryLogger();
  const outlet = new SourceOutlet('hyperliquid', { sink, log, health: new SourceHealth(), now: clock });
  const whales = new WhalePoller(outlet, { base: 'http://hl.invalid', budget, now: clock, http: seam });
  whales.setPlan(plan);
  const shared = budgetedHttp(budget, seam);
  const other = (type: string) => shared('hyperliquid', { method: 'POST', url: 'http://hl.invalid/info', body: JSON.stringify({ type }) }, { now: clock }).catch(() => null);
  const start = now;
  for (let t = 0; t <= 10 * 60_000; t += 250) {
    now = start + t;
    if (t % 5_000 === 0) await other('allMids');
    if (t % 60_000 === 0) await other('metaAndAssetCtxs');
    await whales.tick();
  }
  const at429 = calls.find((c) => c.at >= start + 4 * 60_000 && c.type === 'clearinghouseState')!.at;
  const perAccount = new Map<string, number>();
  for (const c of calls) if (c.user) perAccount.set(c.user, (perAccount.get(c.user) ?? 0) + 1);
  return { calls, at429, perAccount, sink, log };
}

describe('150 tracked accounts for 10 simulated minutes', () => {
  it('never spend more than 1,200 weight in any minute, and a 429 stops every call for the venue\'s wait', async () => {
    const { calls, at429, perAccount, sink, log } = await simulate(planHyperliquid(tracked(150)));
    expect(maxSlidingMinute(calls)).toBeLessThanOrEqual(HYPERLIQUID_WEIGHT_PER_MIN);
    // The 429 came once, at minute 4: nothing at all was sent during the following minute, then polling resumed.
    expect(calls.filter((c) => c.at > at429 && c.at < at429 + 60_000)).toEqual([]);
    expect(calls.some((c) => c.at >= at429 + 60_000 && c.type === 'clearinghouseState')).toBe(true);
    expect(log.faults().some((l) => l.obj.reason === 'http_429' && l.msg.startsWith('hyperliquid: '))).toBe(true);
    // Each account was read about every 20 s outside the blocked minute (30 slots in 10 min, 3 lost to the block).
    expect(perAccount.size).toBe(150);
    for (const n of perAccount.values()) expect(n).toBeGreaterThanOrEqual(26);
    expect(calls.filter((c) => c.type === 'allMids').length).toBeGreaterThanOrEqual(100);
    expect(sink.events.filter((e) => e.kind === 'position').length).toBeGreaterThan(0);
  });

  it('a plan forced past capacity (all 150 every 10 s: 1,800 weight a minute of demand) is still held under 1,200 by the budget', async () => {
    const { calls } = await simulate({ ...planHyperliquid(tracked(150)), cadenceMs: 10_000 });
    expect(calls.filter((c) => c.type === 'clearinghouseState').length).toBeGreaterThan(2_500);
    expect(maxSlidingMinute(calls)).toBeLessThanOrEqual(HYPERLIQUID_WEIGHT_PER_MIN);
    expect(maxSlidingMinute(calls)).toBeGreaterThan(1_000);
  });

  it('the shared client refuses (as `budget`, not sent) what does not fit', async () => {
    const budget = new WeightBudget(30);
    let sent = 0;
    const seam: HttpClient = async () => (sent++, []);
    const http = budgetedHttp(budget, seam);
    const req = { method: 'POST' as const, url: 'http://hl.invalid/info', body: JSON.stringify({ type: 'metaAndAssetCtxs' }) };
    expect(infoType(req)).toBe('metaAndAssetCtxs');
    await http('hyperliquid', req, { now: () => 0 });
    await expect(http('hyperliquid', req, { now: () => 1 })).rejects.toMatchObject({ reason: 'budget', retryAfterMs: 60_000 });
    expect(sent).toBe(1);
  });
});
