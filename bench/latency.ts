// Live ingest and detection latency: (1) frames/s one core parses (real Binance frame classifier), checks
// (outlet) and evaluates (engine); (2) event sent by a fake venue over a real WebSocket → alert enqueued in
// BullMQ (real Redis), p50/p99 at 5,000 events/s.
import { Queue } from 'bullmq';
import pino from 'pino';
import { Pipeline } from '../src/app/pipeline.js';
import type { AlertEvent } from '../src/alerts/types.js';
import { DEFAULT_RULES } from '../src/config/rules-defaults.js';
import { queueName, type DeliveryJob } from '../src/delivery/jobs.js';
import { PayloadStore } from '../src/delivery/payloads.js';
import { DeliveryProducer } from '../src/delivery/producer.js';
import { Metrics } from '../src/ops/metrics.js';
import { Engine } from '../src/rules/engine.js';
import { classifyBinanceFrame } from '../src/sources/binance/feeds.js';
import { SourceHealth } from '../src/sources/health.js';
import { SourceOutlet } from '../src/sources/outlet.js';
import { sourceConfig } from '../src/sources/registry.js';
import { Sources } from '../src/sources/runtime.js';
import { SubscriptionStore } from '../src/store/subscriptions.js';
import { binanceForceOrder } from '../test/fakes/venues/formats.js';
import { FakeVenues } from '../test/fakes/venues/server.js';
import { TestRedis } from '../test/helpers/redis.js';
import { RedisKeys } from '../src/store/keys.js';

const silent = pino({ level: 'silent' });

/** ingestRate runs N real Binance frames through classify → outlet → engine on this core. */
export function ingestRate(n: number): number {
  const engine = new Engine(DEFAULT_RULES);
  const outlet = new SourceOutlet('binance', { sink: { onEvent: (e) => engine.ingest(e), onReject: () => {}, onGap: () => {} }, log: silent, health: new SourceHealth(), now: Date.now, symbols: new Set(['BTC', 'ETH', 'SOL']) });
  const base = Date.now() - 600_000;
  const frames = Array.from({ length: n }, (_, i) => JSON.stringify(binanceForceOrder({ symbol: ['BTC', 'ETH', 'SOL'][i % 3], side: i % 4 ? 'long' : 'short', price: 84_000 - (i % 500), qty: 0.01 + (i % 97) / 100, ts: base + i })));
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const f = classifyBinanceFrame(frames[i], { now: base + i + 10 });
    if (f.type === 'data') outlet.deliver(f.result, 'liquidation');
  }
  return (n / (performance.now() - t)) * 1000;
}

/**
 * detectionLatency streams `rate` liquidations/s for `seconds`; every 100th is a $10M+ one (an alert). Redis writes its
 * append-only file with `fsync` ('everysec' as the app's private Redis does, src/app/redis.ts; 'always' as an operator's
 * own Redis may, each write waiting for the disk).
 */
export async function detectionLatency(rate: number, seconds: number, fsync: 'everysec' | 'always'): Promise<{ p50: number; p99: number; max: number; alerts: number; events: number }> {
  const venues = new FakeVenues();
  const redis = new TestRedis(['--appendfsync', fsync]);
  await Promise.all([venues.start(), redis.start()]);
  const client = redis.client();
  const prefix = 'bench-latency';
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<DeliveryJob>(queueName('telegram'), { connection, prefix: new RedisKeys(prefix).bull });
  const subs = new SubscriptionStore(client, prefix);
  for (let i = 0; i < 10; i++) await subs.subscribe('telegram', String(1000 + i), 0);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  class TimedProducer extends DeliveryProducer {
    override async publish(a: AlertEvent, now: number) {
      const r = await super.publish(a, now);
      const t0 = sentAt.get(a.ts);
      if (a.kind === 'large_liquidation' && t0 !== undefined) latencies.push(performance.now() - t0);
      return r;
    }
  }
  const producer = new TimedProducer({ redis: client, prefix, queues: { telegram: queue }, subs, payloads: new PayloadStore(client, prefix) });
  const pipeline = new Pipeline(new Engine(DEFAULT_RULES), new Metrics(false), silent, producer);
  const sources = new Sources({ config: { ...sourceConfig({ BINANCE_REST_URL: venues.url, BINANCE_WS_URL: venues.wsUrl }, ['BTC', 'ETH', 'SOL']), enabled: ['binance'] }, log: silent, sink: { onEvent: (e) => pipeline.ingest(e), onReject: () => {}, onGap: () => {} } });
  await sources.start();
  await new Promise((r) => setTimeout(r, 500));
  const tickMs = 10;
  const perTick = Math.round((rate * tickMs) / 1000);
  let n = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const tickStart = Date.now();
    for (let k = 0; k < perTick; k++, n++) {
      const big = n % 100 === 0; // one alert per 100 events: two big ones are always in different ms
      const ts = Date.now();
      if (big) sentAt.set(ts, performance.now());
      venues.streams.push('binance', { symbol: ['BTC', 'ETH', 'SOL'][n % 3], side: 'long', price: 84_000, qty: big ? 150 + (n % 7) : 0.01 + (n % 90) / 1000, ts });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - tickStart))));
  }
  await new Promise((r) => setTimeout(r, 1000));
  await pipeline.drain();
  await sources.stop();
  await queue.close();
  client.disconnect();
  await Promise.all([venues.close(), redis.dispose()]);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? NaN, alerts: latencies.length, events: n };
}
