import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { buildChartSvg } from '../../src/render/chart-svg.js';
import { THEME } from '../../src/render/chart-model.js';
import { Engine } from '../../src/rules/engine.js';
import { chartData } from '../../src/summary/chart-data.js';
import { bandStep, liquidationClusters, MAINTENANCE_MARGIN } from '../../src/summary/clusters.js';

const T0 = Date.UTC(2026, 0, 29, 0);
const MIN = 60_000;

/** day feeds BTC at `price(m)` and open interest `oi(m)` (two venues, half each) minute by minute. */
function day(minutes: number, price: (m: number) => number, oi: (m: number) => number): Engine {
  const e = new Engine(DEFAULT_RULES);
  for (let m = 0; m < minutes; m++) {
    const evs: MarketEvent[] = [
      { kind: 'price', ts: T0 + m * MIN, source: 'a', symbol: 'BTC', price: price(m) },
      { kind: 'price', ts: T0 + m * MIN + 1, source: 'b', symbol: 'BTC', price: price(m) },
      { kind: 'open_interest', ts: T0 + m * MIN + 2, source: 'a', symbol: 'BTC', oi: oi(m) / 2 },
      { kind: 'open_interest', ts: T0 + m * MIN + 3, source: 'b', symbol: 'BTC', oi: oi(m) / 2 },
    ];
    for (const ev of evs) e.ingest(ev);
  }
  return e;
}
const lastMinute = (e: Engine) => Math.floor(e.market.clock / MIN);

describe('where leverage sits: the clusters estimate (positioning-and-whales.md §3.2)', () => {
  it('round band widths near 0.5% of the price', () => {
    expect([bandStep(85_000), bandStep(2_800), bandStep(116), bandStep(0.2)]).toEqual([500, 20, 1, 0.001]);
  });

  it('open interest added at one price puts longs and shorts at the leverage tiers, relative to the largest', () => {
    // Flat at 100,000 while open interest builds: the 10x tier (30% of the mix) is the largest on each side.
    const e = day(240, () => 100_000, (m) => 100_000 + m * 10);
    const c = liquidationClusters(e.history, 'BTC', lastMinute(e));
    const longAt10x = 100_000 * (1 - 1 / 10 + MAINTENANCE_MARGIN);
    const shortAt10x = 100_000 * (1 + 1 / 10 - MAINTENANCE_MARGIN);
    expect(c.map((x) => x.side).sort()).toEqual(['long', 'long', 'short']);
    expect(c[0].relative).toBe(1);
    expect(c.find((x) => x.side === 'long' && x.low <= longAt10x && x.high > longAt10x)).toBeDefined();
    expect(c.find((x) => x.side === 'short' && x.low <= shortAt10x && x.high > shortAt10x)).toBeDefined();
    for (const x of c) expect(x.relative).toBeLessThanOrEqual(1);
    expect(c.every((x) => Math.abs((x.low + x.high) / 2 / 100_000 - 1) <= 0.1)).toBe(true);
  });

  it('a price that crossed a band consumed it; falling open interest shrinks every band alike (relative sizes unchanged)', () => {
    // Leverage built at 100,000, then price dips to 95,500 (through the 25x long band at 96,500) and back.
    const price = (m: number) => (m < 200 ? 100_000 : m < 210 ? 95_500 : 100_000);
    const e = day(300, price, (m) => (m < 200 ? 100_000 + m * 10 : 100_000 + 1_990));
    const c = liquidationClusters(e.history, 'BTC', lastMinute(e));
    const at25x = 100_000 * (1 - 1 / 25 + MAINTENANCE_MARGIN);
    expect(c.some((x) => x.side === 'long' && x.low <= at25x && x.high > at25x)).toBe(false);
    const shrunk = day(300, price, (m) => (m < 200 ? 100_000 + m * 10 : m < 250 ? 100_000 + 1_990 : 100_000));
    expect(liquidationClusters(shrunk.history, 'BTC', lastMinute(shrunk))).toEqual(c);
  });

  it('needs an hour of history and open interest: none otherwise', () => {
    expect(liquidationClusters(day(30, () => 100_000, (m) => 100_000 + m).history, 'BTC', 29 + Math.floor(T0 / MIN))).toEqual([]);
    expect(liquidationClusters(new Engine(DEFAULT_RULES).history, 'BTC', 0)).toEqual([]);
  });

  it('the chart draws near clusters as faint bands with a legend entry', () => {
    const e = day(300, (m) => 100_000 - m * 2, (m) => 100_000 + m * 10);
    const data = chartData(e.history, T0, e.market.clock, ['BTC'], 'BTC');
    data.series[0].bands = [{ side: 'long', low: 99_000, high: 99_500, relative: 1 }, { side: 'short', low: 150_000, high: 151_000, relative: 0.5 }];
    const svg = buildChartSvg(data);
    expect(svg).toContain('Est. liquidation clusters');
    expect(svg.match(new RegExp(`<rect[^>]*fill="${THEME.long}" opacity="0.200"`, 'g'))).toHaveLength(1); // the near band; the far one is not drawn
    delete data.series[0].bands;
    expect(buildChartSvg(data)).not.toContain('Est. liquidation clusters');
  });
});
