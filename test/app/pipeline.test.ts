import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
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

  describe('with delivery on a real Redis', () => {
    const server = new TestRedis();
    beforeAll(() => server.start());
    afterAll(() => server.dispose());

    it('a failing handover note is logged once until one succeeds again, and never holds an alert back', async () => {
      const redis = server.client();
      const prefix = uniquePrefix('pipe');
      const producer = new DeliveryProducer({ redis, prefix, queues: {}, subs: new SubscriptionStore(redis, prefix), payloads: new PayloadStore(redis, prefix) });
      const lines: Array<{ level: number; msg: string }> = [];
      const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
      let failing = true;
      const note = async () => {
        if (failing) throw new Error('READONLY You can\'t write against a read only replica.');
      };
      const p = new Pipeline(new Engine(DEFAULT_RULES), new Metrics(false), log, producer, undefined, { up: () => true, max: 100, note });
      const t0 = Date.UTC(2026, 0, 29, 13);
      // Three separate large liquidations: three alerts, published one at a time.
      const big = (i: number): MarketEvent => ({ kind: 'liquidation', ts: t0 + i * 600_000, source: 'okx', symbol: 'BTC', side: 'long', price: 85_000, qty: 300, notionalUsd: 25_000_000 + i });
      for (const i of [0, 1]) p.ingest(big(i));
      await p.drain();
      await new Promise((r) => setTimeout(r, 50));
      const warned = () => lines.filter((l) => l.level === 40 && /handover/.test(l.msg));
      expect(p.published).toBeGreaterThanOrEqual(2);
      expect(warned()).toHaveLength(1);
      failing = false;
      p.ingest(big(2));
      await p.drain();
      await new Promise((r) => setTimeout(r, 50));
      failing = true;
      p.ingest(big(3));
      await p.drain();
      await new Promise((r) => setTimeout(r, 50));
      expect(warned()).toHaveLength(2);
      redis.disconnect();
    });
  });
});
