import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/app/pipeline.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Metrics } from '../../src/ops/metrics.js';
import { Engine } from '../../src/rules/engine.js';

describe('Pipeline', () => {
  it('says a liquidation figure is incomplete when a collector had a gap', async () => {
    const seen: string[] = [];
    const p = new Pipeline(new Engine(DEFAULT_RULES), new Metrics(false), pino({ level: 'silent' }), null, (a) => seen.push(a.text));
    const now = Date.now();
    p.recentGaps = () => [{ source: 'bybit', fromTs: now - 10_000, toTs: now - 3_000 }];
    const t0 = Date.UTC(2026, 0, 29, 13);
    const events: MarketEvent[] = Array.from({ length: 11 }, (_, i) => ({ kind: 'liquidation', ts: t0 + i * 1000, source: 'okx', symbol: 'BTC', side: 'long', price: 85_000, qty: 100, notionalUsd: 9_500_000 }));
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write; // no chat platform: alerts print; keep the test output clean
    try {
      events.forEach((e) => p.ingest(e));
    } finally {
      process.stdout.write = out;
    }
    const liq = seen.find((t) => t.includes('liquidated across venues'));
    expect(liq).toMatch(/Data incomplete: 7 s gap on bybit\./);
  });
});
