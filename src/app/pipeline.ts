import type { Logger } from 'pino';
import type { AlertEvent } from '../alerts/types.js';
import type { DeliveryProducer } from '../delivery/producer.js';
import type { MarketEvent } from '../market/types.js';
import type { Metrics } from '../ops/metrics.js';
import type { Engine } from '../rules/engine.js';
import { printAlert } from './console.js';

/** SourceSeen is the pipeline's view of a feed: when it last delivered and how much it rejected. */
export interface SourceSeen {
  lastEventTs: number;
  lastWallTs: number;
  rejected: number;
}

/**
 * Pipeline is the live path: event → engine → alerts → delivery (or the terminal when no chat platform
 * is configured), with the metrics of each step. Alerts are published in order, one at a time.
 */
export class Pipeline {
  readonly sources = new Map<string, SourceSeen>();
  /** tap sees every event the engine takes, in order (a seam for tests and recording). */
  tap: ((ev: MarketEvent) => void) | null = null;
  private chain: Promise<void> = Promise.resolve();
  published = 0;

  constructor(
    private readonly engine: Engine,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly producer: DeliveryProducer | null,
    private readonly onAlert?: (a: AlertEvent) => void,
  ) {}

  /** ingest folds one event into the engine and hands its alerts on. */
  ingest(ev: MarketEvent): void {
    this.tap?.(ev);
    const t = performance.now();
    const alerts = this.engine.ingest(ev);
    this.metrics.ruleEval.observe((performance.now() - t) / 1000);
    this.metrics.eventsIn.inc({ source: ev.source, kind: ev.kind });
    const s = this.sources.get(ev.source);
    if (s) {
      s.lastEventTs = Math.max(s.lastEventTs, ev.ts);
      s.lastWallTs = Date.now();
    } else this.sources.set(ev.source, { lastEventTs: ev.ts, lastWallTs: Date.now(), rejected: 0 });
    for (const a of alerts) this.alert(a);
  }

  /** reject counts a refused input from a source (the collector has logged why). */
  reject(source: string, reason: string): void {
    this.metrics.eventsRejected.inc({ source, reason });
    const s = this.sources.get(source);
    if (s) s.rejected++;
    else this.sources.set(source, { lastEventTs: 0, lastWallTs: 0, rejected: 1 });
  }

  /** drain waits until every alert so far has been handed to delivery. */
  drain(): Promise<void> {
    return this.chain;
  }

  private alert(a: AlertEvent): void {
    this.metrics.alerts.inc({ kind: a.kind, severity: a.severity });
    this.onAlert?.(a);
    if (!this.producer) {
      printAlert(a);
      return;
    }
    const producer = this.producer;
    this.chain = this.chain.then(async () => {
      try {
        const r = await producer.publish(a, Date.now());
        this.published++;
        this.log.info({ alert: a.id, kind: a.kind, severity: a.severity, ...r }, `alert ${a.kind}: ${a.title}`);
      } catch (err) {
        this.log.error({ err, alert: a.id }, 'could not queue an alert for delivery');
      }
    });
  }
}
