import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { MarketEvent } from '../../src/market/types.js';
import { firstDifference } from '../../bench/jre/index.js';
import { brief, burst, HOUR, index, liq, MIN, price, randomMarket, runBoth, T0 } from './scenarios.js';

const DAY = 24 * HOUR;
/** WITH_TST also tracks TST, an asset with pct moves but no levels (keeps the pct cases free of level breaks). */
const WITH_TST: RulesConfig = { ...DEFAULT_RULES, assets: { ...DEFAULT_RULES.assets, TST: {} } };

/** OTHER_RULES moves every threshold away from the defaults, so the conditions must read the config. */
const OTHER_RULES: RulesConfig = {
  ...DEFAULT_RULES,
  assets: { BTC: { levelStep: 2500 }, ETH: { levelStep: 50 }, TST: {}, XRP: { levels: [1.85, 1.95] } },
  levelBreak: { hysteresisPct: 1, downSeverity: 'critical', upSeverity: 'warning' },
  pctMove: {
    thresholds: [
      { windowMs: 30 * MIN, pct: -2, severity: 'warning' },
      { windowMs: 4 * HOUR, pct: -4, severity: 'critical' },
      { windowMs: 30 * MIN, pct: 2, severity: 'info' },
    ],
    rearmFraction: 0.25,
  },
  liquidations: { bars: [{ windowMs: 30 * MIN, usd: 40e6, severity: 'warning' }, { windowMs: 6 * HOUR, usd: 150e6, severity: 'critical' }], dominantShare: 0.7, rearmFraction: 0.4 },
  largeLiquidation: { tiers: [{ usd: 5e6, severity: 'info' }, { usd: 20e6, severity: 'warning' }, { usd: 50e6, severity: 'critical' }] },
  crossMarket: { thresholds: { NASDAQ: -1, SP500: -0.8 }, severity: 'critical', rearmFraction: 0.3 },
  cascade: { windowMs: 30 * MIN, minLiquidationsUsd: 40e6, minShare: 0.7, endBelowUsd: 20e6, downSeverity: 'critical', upSeverity: 'warning' },
};

interface Case {
  name: string;
  rules: RulesConfig;
  events: MarketEvent[];
  want: string[];
}

const CASES: Case[] = [
  {
    name: 'hovering at a level fires once; flipping back needs the 0.5% band',
    rules: DEFAULT_RULES,
    events: [85_100, 84_990, 85_010, 84_980, 85_010, 85_500, 84_990, 84_500].map((p, i) => price(i * MIN, 'BTC', p)),
    want: ['level_break:warning:BTC:level=85000,dir=down', 'level_break:info:BTC:level=85000,dir=up', 'level_break:warning:BTC:level=85000,dir=down'],
  },
  {
    name: 'one tick through several levels fires each, highest first when falling',
    rules: DEFAULT_RULES,
    events: [price(0, 'ETH', 3_010), price(MIN, 'ETH', 2_790), price(2 * MIN, 'ETH', 2_905)],
    want: [
      'level_break:warning:ETH:level=3000,dir=down', 'level_break:warning:ETH:level=2900,dir=down', 'level_break:warning:ETH:level=2800,dir=down',
      'pct_move:warning:ETH:window=86400000,pct=-5,change=-7.31', 'level_break:info:ETH:level=2800,dir=up',
    ],
  },
  {
    name: 'pct moves: most severe per tick, escalation to critical, re-arm at half',
    rules: WITH_TST,
    events: [[0, 100], [2, 99], [3, 94], [4, 89], [5, 98], [6, 92]].map(([h, p]) => price(h * HOUR, 'TST', p)),
    want: [
      'pct_move:warning:TST:window=86400000,pct=-5,change=-6',
      'pct_move:critical:TST:window=86400000,pct=-10,change=-11',
      'pct_move:info:TST:window=3600000,pct=3,change=10.11',
      'pct_move:warning:TST:window=86400000,pct=-5,change=-8',
    ],
  },
  {
    name: 'liquidation bars: once per episode, re-armed below half the bar',
    rules: DEFAULT_RULES,
    events: [...burst(0, 11, 9_500_000, 'long'), liq(12 * MIN, 1_000_000), ...burst(3 * HOUR, 11, 9_500_000, 'short')],
    want: ['liquidations:warning:-:window=3600000,usd=100000000', 'liquidations:warning:-:window=3600000,usd=100000000'],
  },
  {
    name: 'large liquidations: the top tier reached, once',
    rules: DEFAULT_RULES,
    events: [liq(0, 9_999_999), liq(MIN, 10_000_000, 'short', 'ETH', 'okx'), liq(2 * MIN, 100_000_000)],
    want: [
      'large_liquidation:warning:ETH:source=okx,side=short,usd=10000000',
      'large_liquidation:critical:BTC:source=bybit,side=long,usd=100000000',
      'liquidations:warning:-:window=3600000,usd=100000000',
    ],
  },
  {
    name: 'cross-market: once per New York session, again after both retrace, never on an older session\'s quote',
    rules: DEFAULT_RULES,
    events: [
      index(15 * HOUR, 'NASDAQ', -1.6), index(15 * HOUR + MIN, 'NASDAQ', -1.7), index(15 * HOUR + 2 * MIN, 'SP500', -1.2),
      index(16 * HOUR, 'NASDAQ', -0.5), index(16 * HOUR + MIN, 'DOW', -3), index(16 * HOUR + 2 * MIN, 'SP500', -0.4),
      index(16 * HOUR + MIN, 'SP500', -1.3), // late: older than the quote held, so ignored
      index(17 * HOUR, 'SP500', -1.1), index(17 * HOUR + MIN, 'NASDAQ', -1.8), index(DAY + 15 * HOUR, 'DOW', -0.2),
    ],
    // The next day's DOW quote re-checks the day-old NASDAQ and SP500 quotes: another session's, so nothing fires.
    want: ['cross_market:warning:-:breached=NASDAQ', 'cross_market:warning:-:breached=SP500'],
  },
  {
    name: 'a down cascade ends after a quiet hour, and a new one can start',
    rules: DEFAULT_RULES,
    events: [
      price(0, 'BTC', 85_100), price(MIN, 'BTC', 84_900), ...burst(2 * MIN, 11, 9_500_000, 'long'),
      liq(75 * MIN, 1_000), // quiet: the hour's sum is under $50M and the last trigger is 74 min old
      price(76 * MIN, 'BTC', 80_100), price(77 * MIN, 'BTC', 79_900), ...burst(78 * MIN, 11, 9_500_000, 'long'),
    ],
    want: [
      'level_break:warning:BTC:level=85000,dir=down', 'liquidations:warning:-:window=3600000,usd=100000000', 'cascade:critical:-:dir=down',
      'pct_move:warning:BTC:window=86400000,pct=-5,change=-5.88', 'level_break:warning:BTC:level=80000,dir=down',
      'liquidations:warning:-:window=3600000,usd=100000000', 'cascade:critical:-:dir=down',
    ],
  },
];

describe('json-rules-engine agrees with our engine on each lifecycle rule (hand-made)', () => {
  it.each(CASES)('$name', async ({ rules, events, want }) => {
    const { ours, jre } = await runBoth(events, rules);
    expect(jre.map(brief)).toEqual(want);
    expect(jre).toEqual(ours);
  });
});

describe('json-rules-engine looks at the cascade when our engine does', () => {
  it('a liquidation hour turning one-sided as shorts leave it fires the cascade on the next event, a price tick', async () => {
    const events: MarketEvent[] = [
      ...burst(0, 5, 8_000_000, 'short'),
      ...burst(10 * MIN, 11, 9_500_000, 'long'), // the hour: $144.5M, 72% longs
      price(21 * MIN, 'BTC', 85_100),
      price(22 * MIN, 'BTC', 84_900), // the down trigger
      price(65 * MIN, 'ETH', 3_000), // the shorts have left the hour: 100% longs
      liq(68 * MIN, 1_000),
    ];
    const { ours, jre } = await runBoth(events, DEFAULT_RULES);
    expect(jre).toEqual(ours);
    expect(jre.map(brief)).toEqual(['liquidations:warning:-:window=3600000,usd=100000000', 'level_break:warning:BTC:level=85000,dir=down', 'cascade:critical:-:dir=down']);
    expect(jre[2].ts - T0).toBe(65 * MIN);
  });
});

describe('json-rules-engine agrees with our engine on a seeded random market', () => {
  it.each([
    { name: 'default rules', rules: WITH_TST, seed: 1 },
    { name: 'every threshold moved', rules: OTHER_RULES, seed: 2 },
  ])('$name (seed $seed)', async ({ rules, seed }) => {
    const { ours, jre } = await runBoth(randomMarket(seed, 6_000), rules);
    expect(firstDifference(ours, jre)).toBeNull();
    expect(jre).toEqual(ours);
    const kinds = new Set(jre.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['cascade', 'cross_market', 'large_liquidation', 'level_break', 'liquidations', 'pct_move']);
    expect(jre.length).toBeGreaterThan(50);
  });

  it('a different configuration fires a different set, and firstDifference says where', async () => {
    const events = randomMarket(3, 3_000);
    const mine = await runBoth(events, DEFAULT_RULES);
    const other = await runBoth(events, OTHER_RULES);
    expect(other.jre).toEqual(other.ours);
    expect(firstDifference(mine.ours, other.jre)).toMatch(/^#\d+: ours .* \| json-rules-engine /);
    expect(other.jre.some((f) => f.key.startsWith('window=1800000'))).toBe(true);
  });
});
