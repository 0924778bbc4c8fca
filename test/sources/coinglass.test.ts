import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateFor } from '../../src/app/sources.js';
import { EngineView } from '../../src/app/engine-view.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { Engine } from '../../src/rules/engine.js';
import { parseCoinglassHistory } from '../../src/sources/coinglass/parse.js';
import type { AggregatorLiquidations } from '../../src/sources/types.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { fakeSources } from './harness.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';

/** text renders a summary's data as the English UTC desk note (src/i18n is its one writer). */
const text = (s: { data: Parameters<typeof localSummaryDoc>[0] }) => summaryText(localSummaryDoc(s.data, DEFAULT_LOCALE));

// Issue 11: aggregator figures match their windows. CoinGlass's 24 h total only next to a 24 h window; a
// total older than its window (or three polls) expires; `time` in seconds or milliseconds both read right.

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 29, 20);

describe('CoinGlass time units', () => {
  it('seconds and milliseconds give the same totals', () => {
    const buckets = (unit: number) => ({ code: '0', msg: 'success', data: [0, 1, 2].map((h) => ({ time: (NOW - h * HOUR) / unit, aggregated_long_liquidation_usd: 5e6, aggregated_short_liquidation_usd: 1e6 })) });
    const ms = parseCoinglassHistory(buckets(1), { now: NOW, windowMs: 24 * HOUR });
    const s = parseCoinglassHistory(buckets(1000), { now: NOW, windowMs: 24 * HOUR });
    expect(ms).toEqual({ totals: { longUsd: 15e6, shortUsd: 3e6, lastBucketTs: NOW }, rejected: [] });
    expect(s).toEqual(ms);
  });
});

describe('an aggregator total only next to a window of its length', () => {
  const agg: AggregatorLiquidations = { source: 'coinglass', windowMs: 24 * HOUR, totalUsd: 2e9, longUsd: 1.8e9, shortUsd: 2e8, ts: NOW };

  it('decides by the window', () => {
    expect(aggregateFor(agg, NOW - 24 * HOUR + 1, NOW)).toMatchObject({ aggregator: { totalUsd: 2e9 } });
    expect(aggregateFor(agg, NOW - HOUR + 1, NOW)).toEqual({});
    expect(aggregateFor(agg, NOW - 4 * HOUR + 1, NOW)).toEqual({});
    expect(aggregateFor(null, NOW - 24 * HOUR + 1, NOW)).toEqual({});
  });

  it('/liquidations 1h never shows the 24 h total and no "$min–max" range mixes them; 24h does', () => {
    const engine = new Engine(DEFAULT_RULES);
    for (let t = NOW - 30 * HOUR; t <= NOW; t += HOUR) engine.ingest({ kind: 'liquidation', ts: t, source: 'bybit', symbol: 'BTC', side: 'long', price: 85_000, qty: 10, notionalUsd: 850_000 });
    const view = new EngineView(engine, (from, to) => aggregateFor(agg, from, to));
    expect(view.liquidations(HOUR).aggregatorUsd).toBeUndefined();
    expect(view.liquidations(24 * HOUR).aggregatorUsd).toMatchObject({ totalUsd: 2e9 });
    expect(text(view.summary(HOUR))).not.toMatch(/CoinGlass/);
    expect(text(view.summary(24 * HOUR))).toMatch(/Scale: \$21\.25M–2\.0B \(our feeds \$21\.25M, a floor; CoinGlass \$2\.0B\)/);
  });

  it('a summary over less history than 24 h (a new install) does not set its figure beside a 24 h total', () => {
    const engine = new Engine(DEFAULT_RULES);
    for (let t = NOW - 3 * HOUR; t <= NOW; t += HOUR) engine.ingest({ kind: 'liquidation', ts: t, source: 'bybit', symbol: 'BTC', side: 'long', price: 85_000, qty: 10, notionalUsd: 850_000 });
    const view = new EngineView(engine, (from, to) => aggregateFor(agg, from, to));
    expect(view.summary(24 * HOUR).data.liquidations.aggregatorUsd).toBeUndefined();
  });
});

describe('a CoinGlass total expires', () => {
  let fake: FakeVenues;
  beforeAll(async () => {
    fake = new FakeVenues();
    await fake.start();
  });
  afterAll(() => fake.close());

  it('is served while fresh, and not once older than three polls, when CoinGlass stopped answering', async () => {
    fake.coinglassBuckets = [{ time: Math.floor(fake.now() / HOUR) * HOUR, long: 5e6, short: 1e6 }];
    const h = fakeSources(fake, ['coinglass'], { aggregatorPollMs: 300_000 });
    try {
      expect(await h.sources.pull.aggregator()).toMatchObject({ totalUsd: 3 * 6e6, windowMs: 24 * HOUR });
      fake.fault('coinglass.history', { status: 502 });
      h.clock.offset += 14 * 60_000;
      expect(await h.sources.pull.aggregator()).not.toBeNull();
      h.clock.offset += 2 * 60_000; // 16 min: past three 5-minute polls
      expect(await h.sources.pull.aggregator()).toBeNull();
      expect(h.sources.aggregator()).toBeNull();
    } finally {
      fake.clearFaults();
      await h.sources.stop();
    }
  });
});
