import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';

const T0 = Date.UTC(2026, 0, 29, 12);
const MIN = 60_000;

function price(t: number, symbol: string, p: number, source = 'a'): MarketEvent {
  return { kind: 'price', ts: T0 + t, source, symbol, price: p };
}
function liq(t: number, usd: number, side: 'long' | 'short' = 'long', symbol = 'BTC', source = 'bybit'): MarketEvent {
  return { kind: 'liquidation', ts: T0 + t, source, symbol, side, price: 85000, qty: usd / 85000, notionalUsd: usd };
}
function index(t: number, symbol: string, pct: number): MarketEvent {
  return { kind: 'index', ts: T0 + t, source: 'yahoo', symbol, price: 100 * (1 + pct / 100), prevClose: 100 };
}
function run(events: MarketEvent[], engine = new Engine(DEFAULT_RULES)): AlertEvent[] {
  return events.flatMap((e) => engine.ingest(e));
}
const kinds = (alerts: AlertEvent[]) => alerts.map((a) => `${a.kind}:${a.severity}`);

describe('large_liquidation', () => {
  it.each([
    { name: 'under $10M: nothing', usd: 9_999_999, want: [] },
    { name: '$10M: warning', usd: 10_000_000, want: ['large_liquidation:warning'] },
    { name: '$100M: critical (once, the top tier)', usd: 100_000_000, want: ['large_liquidation:critical', 'liquidations:warning'] },
  ])('$name', ({ usd, want }) => {
    expect(kinds(run([liq(0, usd)]))).toEqual(want);
  });
});

describe('liquidations rolling bars', () => {
  it('1h ≥ $100M warning once per episode, re-armed below half the bar', () => {
    const evs: MarketEvent[] = [];
    for (let i = 0; i < 11; i++) evs.push(liq(i * MIN, 9_500_000));
    const e = new Engine(DEFAULT_RULES);
    const first = run(evs, e);
    expect(kinds(first)).toEqual(['liquidations:warning']);
    expect(first[0].data).toMatchObject({ windowMs: 3_600_000, count: 11, dominant: 'long', longShare: 1 });
    // Still above the bar: no repeat.
    expect(run([liq(12 * MIN, 1_000_000)], e)).toEqual([]);
    // Two hours later the hour is empty (re-armed); a new burst fires again.
    const again = run(Array.from({ length: 11 }, (_, i) => liq(180 * MIN + i * MIN, 9_500_000, 'short')), e);
    expect(kinds(again)).toEqual(['liquidations:warning']);
    expect(again[0].data).toMatchObject({ dominant: 'short' });
  });

  it('mixed sides read as mixed', () => {
    const evs = Array.from({ length: 20 }, (_, i) => liq(i * MIN, 6_000_000, i % 2 ? 'long' : 'short'));
    const alerts = run(evs);
    expect(alerts[0].data).toMatchObject({ dominant: 'mixed' });
  });
});

describe('cross_market', () => {
  it.each([
    { name: 'Nasdaq −1.4%: nothing', evs: [index(0, 'NASDAQ', -1.4)], want: [] },
    { name: 'Nasdaq −1.5%: warning', evs: [index(0, 'NASDAQ', -1.5)], want: ['cross_market:warning'] },
    { name: 'S&P −1.0%: warning', evs: [index(0, 'SP500', -1.0)], want: ['cross_market:warning'] },
    { name: 'once per session', evs: [index(0, 'NASDAQ', -1.6), index(MIN, 'NASDAQ', -2), index(2 * MIN, 'NASDAQ', -1.7)], want: ['cross_market:warning'] },
    { name: 'again after both retrace to half', evs: [index(0, 'NASDAQ', -1.6), index(MIN, 'SP500', -0.2), index(2 * MIN, 'NASDAQ', -0.7), index(3 * MIN, 'NASDAQ', -1.6)], want: ['cross_market:warning', 'cross_market:warning'] },
    { name: 'not again when only one retraced', evs: [index(0, 'NASDAQ', -1.6), index(MIN, 'SP500', -0.9), index(2 * MIN, 'NASDAQ', -0.7), index(3 * MIN, 'NASDAQ', -1.6)], want: ['cross_market:warning'] },
    { name: 'not again after 00:00 UTC: still the same New York session', evs: [index(0, 'NASDAQ', -1.6), index(13 * 60 * MIN, 'NASDAQ', -1.6)], want: ['cross_market:warning'] },
    { name: 'again in the next New York session', evs: [index(0, 'NASDAQ', -1.6), index(24 * 60 * MIN, 'NASDAQ', -1.6)], want: ['cross_market:warning', 'cross_market:warning'] },
  ])('$name', ({ evs, want }) => {
    expect(kinds(run(evs))).toEqual(want);
  });

  it('carries every index move seen', () => {
    const [a] = run([index(0, 'GOLD', 1.2), index(0, 'MSTR', -6.88), index(0, 'NASDAQ', -2)]);
    expect(a.data.changes).toEqual({ GOLD: 1.2, MSTR: -6.88, NASDAQ: -2 });
  });
});

describe('cascade', () => {
  /** A break of 85,000 then $120M of liquidations in 10 minutes. */
  function crash(side: 'long' | 'short', from: number, to: number): MarketEvent[] {
    const evs: MarketEvent[] = [price(0, 'BTC', from), price(MIN, 'BTC', to)];
    for (let i = 0; i < 12; i++) evs.push(liq(2 * MIN + i * 30_000, 9_990_000, side));
    return evs;
  }

  it('a down break plus one-sided long liquidations: one critical down cascade', () => {
    const alerts = run(crash('long', 85_100, 84_900));
    const cascades = alerts.filter((a) => a.kind === 'cascade');
    expect(cascades).toHaveLength(1);
    expect(cascades[0]).toMatchObject({ severity: 'critical', data: { direction: 'down' } });
    expect((cascades[0].data.triggers as Array<{ kind: string }>).map((t) => t.kind)).toContain('level_break');
    expect(cascades[0].data.liquidationsUsd as number).toBeGreaterThanOrEqual(100_000_000);
  });

  it('either order: liquidations first, then the break', () => {
    const evs: MarketEvent[] = [price(0, 'BTC', 85_100)];
    for (let i = 0; i < 12; i++) evs.push(liq(MIN + i * 30_000, 9_990_000, 'long'));
    evs.push(price(20 * MIN, 'BTC', 84_900));
    const cascades = run(evs).filter((a) => a.kind === 'cascade');
    expect(cascades).toHaveLength(1);
  });

  it('a short squeeze is a warning up cascade, never a crash', () => {
    const alerts = run(crash('short', 84_900, 85_100));
    const cascades = alerts.filter((a) => a.kind === 'cascade');
    expect(cascades).toHaveLength(1);
    expect(cascades[0]).toMatchObject({ severity: 'warning', data: { direction: 'up' } });
    expect(cascades[0].title).toMatch(/squeeze/i);
    expect(cascades[0].title).not.toMatch(/crash|cascade/i);
  });

  it('liquidations without a price trigger are no cascade', () => {
    const evs: MarketEvent[] = [price(0, 'BTC', 86_000), price(MIN, 'BTC', 85_900)];
    for (let i = 0; i < 12; i++) evs.push(liq(2 * MIN + i * 30_000, 9_990_000));
    expect(run(evs).filter((a) => a.kind === 'cascade')).toEqual([]);
  });

  it('mixed liquidations (< 75% longs) are no cascade', () => {
    const evs: MarketEvent[] = [price(0, 'BTC', 85_100), price(MIN, 'BTC', 84_900)];
    for (let i = 0; i < 12; i++) evs.push(liq(2 * MIN + i * 30_000, 9_990_000, i % 3 === 0 ? 'short' : 'long'));
    expect(run(evs).filter((a) => a.kind === 'cascade')).toEqual([]);
  });

  it('marks the alerts it explains and does not fire twice in one episode', () => {
    const e = new Engine(DEFAULT_RULES);
    const first = run(crash('long', 85_100, 84_900), e);
    const id = first.find((a) => a.kind === 'cascade')!.id;
    const more = run([price(5 * MIN, 'BTC', 79_900), liq(6 * MIN, 20_000_000)], e);
    expect(more.filter((a) => a.kind === 'cascade')).toEqual([]);
    expect(more.filter((a) => a.kind !== 'cascade').every((a) => a.cascadeId === id)).toBe(true);
    expect(e.activeCascadeIds()).toEqual([id]);
  });

  it('ends on the first event a window after its last trigger, though nothing else changed', () => {
    const e = new Engine(DEFAULT_RULES);
    run(crash('long', 85_100, 84_900), e);
    run([price(70 * MIN, 'BTC', 79_900)], e); // the liquidations have left the hour; a new break keeps the episode going
    expect(e.activeCascadeIds()).toHaveLength(1);
    run([price(70 * MIN + 60 * MIN - 1, 'ETH', 2_950)], e);
    expect(e.activeCascadeIds()).toHaveLength(1);
    run([price(70 * MIN + 60 * MIN, 'ETH', 2_950)], e);
    expect(e.activeCascadeIds()).toEqual([]);
  });

  it('ends when the hour is quiet and fires again on a new episode', () => {
    const e = new Engine(DEFAULT_RULES);
    run(crash('long', 85_100, 84_900), e);
    run([price(200 * MIN, 'BTC', 84_950), liq(200 * MIN, 1000)], e);
    expect(e.activeCascadeIds()).toEqual([]);
    const again = run([price(201 * MIN, 'BTC', 90_500), price(202 * MIN, 'BTC', 89_400), ...Array.from({ length: 12 }, (_, i) => liq(203 * MIN + i * 1000, 9_990_000))], e);
    expect(again.filter((a) => a.kind === 'cascade')).toHaveLength(1);
  });
});

describe('a quiet market', () => {
  it('fires nothing', () => {
    const evs: MarketEvent[] = [];
    for (let i = 0; i < 2000; i++) {
      evs.push(price(i * 10_000, 'BTC', 87_000 + 50 * Math.sin(i / 20), 'a'));
      evs.push(price(i * 10_000 + 1, 'BTC', 87_010 + 50 * Math.sin(i / 20), 'b'));
      if (i % 5 === 0) evs.push(liq(i * 10_000 + 2, 20_000, i % 2 ? 'long' : 'short'));
    }
    expect(run(evs)).toEqual([]);
  });
});
