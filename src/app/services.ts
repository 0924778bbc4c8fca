import type { DeliveryProducer } from '../delivery/producer.js';
import type { PayloadStore } from '../delivery/payloads.js';
import type { Engine } from '../rules/engine.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { MarketView } from '../summary/market-view.js';
import type { MarketEvent } from '../market/types.js';
import type { Metrics } from '../ops/metrics.js';

/** AppServices are what scheduled jobs run against in a running Cascade. */
export interface AppServices {
  engine: Engine | null;
  view: MarketView | null;
  subs: SubscriptionStore;
  producer: DeliveryProducer;
  payloads: PayloadStore;
  metrics: Metrics;
  /** chart renders the crash chart for the last `windowMs`, or null. */
  chart(windowMs: number): Buffer | null;
  /** pullers are the venue REST pulls, by job kind (filled from the source registry). */
  pull: {
    prices(): Promise<MarketEvent[]>;
    indices(): Promise<MarketEvent[]>;
    aggregator(): Promise<void>;
  };
}
