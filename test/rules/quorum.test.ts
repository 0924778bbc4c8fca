import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';

const T0 = Date.UTC(2026, 0, 29, 12);
const S = 1_000;
const price = (t: number, source: string, p: number, symbol = 'BTC'): MarketEvent => ({ kind: 'price', ts: T0 + t, source, symbol, price: p });
const breaks = (alerts: AlertEvent[]) => alerts.filter((a) => a.kind === 'level_break').map((a) => `${a.symbol} ${a.data.level} ${a.data.direction} @${(a.ts - T0) / S}s`);
const run = (e: Engine, evs: MarketEvent[]) => evs.flatMap((ev) => e.ingest(ev));

describe('price quorum (DESIGN §4, issue 11)', () => {
  it('one venue left alone cannot fire a level break on its own wick', () => {
    const e = new Engine(DEFAULT_RULES);
    const out = run(e, [
      price(0, 'binance', 86_000), price(1 * S, 'bybit', 86_010),
      // bybit goes quiet; 90 s later (past the 60 s freshness) binance alone wicks under 85,000 and back
      price(91 * S, 'binance', 84_100), price(92 * S, 'binance', 86_050),
    ]);
    expect(breaks(out)).toEqual([]);
    // The composite the summary shows still moved with the lone venue.
    expect(e.market.assets.get('BTC')!.composite).toBe(86_050);
  });

  it('when a second venue is fresh again, the rules compare with the last composite they judged', () => {
    const e = new Engine(DEFAULT_RULES);
    const out = run(e, [
      price(0, 'binance', 86_000), price(1 * S, 'bybit', 86_010),
      price(91 * S, 'binance', 84_100), // alone: not judged
      price(95 * S, 'bybit', 84_300), // two fresh again: 84,200 vs the last judged 86,005 → the break fires now
    ]);
    expect(breaks(out)).toEqual(['BTC 85000 down @95s']);
  });

  it('two fresh venues agreeing fire at once', () => {
    const out = run(new Engine(DEFAULT_RULES), [price(0, 'binance', 86_000), price(1 * S, 'bybit', 86_000), price(2 * S, 'binance', 84_900), price(3 * S, 'bybit', 84_900)]);
    expect(breaks(out)).toEqual(['BTC 85000 down @3s']);
  });

  it('an asset only one source has ever priced is judged on that source, and its alert says so', () => {
    const out = run(new Engine(DEFAULT_RULES), [price(0, 'coinbase', 86_000), price(1 * S, 'coinbase', 84_900)]);
    expect(breaks(out)).toEqual(['BTC 85000 down @1s']);
    expect(out[0].data.venues).toBe(1);
    expect(out[0].text).toMatch(/median of 1 venue\)/);
  });
});

describe('a level step too small for the price', () => {
  it('is turned off when the price shows it (every tick would cross a level), with one notice naming the key', () => {
    const rules = { ...DEFAULT_RULES, assets: { ...DEFAULT_RULES.assets, BTC: { levelStep: 1 } } };
    const e = new Engine(rules);
    const out = run(e, [price(0, 'a', 86_000), price(1 * S, 'a', 85_950), price(2 * S, 'a', 85_900)]);
    expect(breaks(out)).toEqual([]);
    expect(e.notices).toEqual([expect.stringMatching(/^rules: assets\.BTC\.levelStep 1 is under 0\.1% of the price 86000: round levels for BTC are off/)]);
  });
});
