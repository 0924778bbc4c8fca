import type { Logger } from 'pino';
import { Outbox } from '../alerts/outbox.js';
import type { AlertEvent } from '../alerts/types.js';
import type { DeliveryProducer } from '../delivery/producer.js';
import type { MarketEvent } from '../market/types.js';
import type { Metrics } from '../ops/metrics.js';
import type { Engine } from '../rules/engine.js';
import { printAlert } from './console.js';

/** GAP_LOOKBACK_MS: gaps this recent make a liquidation figure incomplete. */
const GAP_LOOKBACK_MS = 3_600_000;

/** noteGaps tells the reader a liquidation figure is incomplete ("data incomplete: 7 s gap on bybit"). */
export function noteGaps(a: AlertEvent, gaps: ReadonlyArray<{ source: string; fromTs: number; toTs: number }>): void {
  if (gaps.length === 0) return;
  const parts = gaps.slice(-3).map((g) => `${Math.max(1, Math.round((g.toTs - g.fromTs) / 1000))} s gap on ${g.source}`);
  a.text = `${a.text} Data incomplete: ${parts.join(', ')}.`;
  a.data.gaps = gaps.map((g) => ({ ...g }));
}

/** HandOff is how alerts reach delivery: whether Redis is reachable now, the engine lease's fence, and the outbox bound. */
export interface HandOff {
  up(): boolean;
  fence?(): Promise<void>;
  max: number;
  /** The handover dedup: skip an alert the previous engine raised; note each published one. */
  skip?(a: AlertEvent): Promise<boolean>;
  note?(a: AlertEvent): Promise<void>;
}

/** ALWAYS_UP hands every alert on at once (tests and benches without a Redis to watch). */
const ALWAYS_UP: HandOff = { up: () => true, max: 10_000 };

/**
 * Pipeline is the live path: event → engine → alerts → outbox → delivery (or the terminal when no chat
 * platform is configured), with the metrics of each step. Alerts are published in order, one at a time.
 */
export class Pipeline {
  /** recentGaps lists collector gaps (set once the sources run): cascades and liquidation alerts say so. */
  recentGaps: (sinceTs: number) => Array<{ source: string; fromTs: number; toTs: number }> = () => [];
  /** Who sees every event the engine takes, in order: the day recorder (RECORD_DIR), tests. */
  private readonly watchers: Array<(ev: MarketEvent) => void> = [];
  /** Whether the last handover note failed (logged once until one succeeds again). */
  private noteFailing = false;
  /** Alerts the engine fired that delivery has not taken yet: saved with the engine's snapshot, so a kill between the two loses none. */
  readonly outbox: Outbox;
  published = 0;

  constructor(
    private readonly engine: Engine,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly producer: DeliveryProducer | null,
    private readonly onAlert?: (a: AlertEvent) => void,
    handOff: HandOff = ALWAYS_UP,
  ) {
    this.outbox = new Outbox({
      publish: (a) => producer!.publish(a, Date.now()),
      up: handOff.up,
      fence: handOff.fence,
      skip: handOff.skip,
      max: handOff.max,
      log,
      onDrop: (a) => metrics.outboxDropped.inc({ severity: a.severity }),
      onPublished: (a, r) => {
        this.published++;
        void handOff.note?.(a).then(() => void (this.noteFailing = false), (err: unknown) => this.noteFailed(a, err));
        this.log.info({ alert: a.id, kind: a.kind, severity: a.severity, ...(r as object) }, `alert ${a.kind}: ${a.title}`);
      },
    });
  }

  /** watch adds one who sees every event the engine takes, in order, before the engine does. */
  watch(fn: (ev: MarketEvent) => void): void {
    this.watchers.push(fn);
  }

  /** ingest folds one event into the engine and hands its alerts on. */
  ingest(ev: MarketEvent): void {
    for (const w of this.watchers) w(ev);
    const t = performance.now();
    const alerts = this.engine.ingest(ev);
    this.metrics.ruleEval.observe((performance.now() - t) / 1000);
    this.metrics.eventsIn.inc({ source: ev.source, kind: ev.kind });
    for (const a of alerts) this.alert(a);
    if (this.engine.notices.length > 0) for (const n of this.engine.notices.splice(0)) this.log.warn(n);
  }

  /** drain waits until every alert so far has been handed to delivery. */
  drain(): Promise<void> {
    return this.outbox.idle();
  }

  /** unpublished lists the alerts fired but not yet handed to delivery (in order). */
  unpublished(): AlertEvent[] {
    return this.outbox.alerts();
  }

  /** gauge sets the outbox's size and oldest age on the metrics (before a scrape). */
  gauge(now = Date.now()): void {
    this.metrics.outboxAlerts.set(this.outbox.size);
    this.metrics.outboxOldest.set(this.outbox.oldestAgeMs(now) / 1000);
  }

  /** resume hands delivery the alerts a previous run fired but had not handed over (publishing is idempotent per alert). */
  resume(alerts: readonly AlertEvent[]): void {
    for (const a of alerts) this.publish(a);
  }

  private alert(a: AlertEvent): void {
    this.metrics.alerts.inc({ kind: a.kind, severity: a.severity });
    if (a.kind === 'cascade' || a.kind === 'liquidations') noteGaps(a, this.recentGaps(Date.now() - GAP_LOOKBACK_MS));
    this.onAlert?.(a);
    if (!this.producer) {
      printAlert(a);
      return;
    }
    this.publish(a);
  }

  /** noteFailed logs, once until a note succeeds again, that published alerts are not being noted for a handover. */
  private noteFailed(a: AlertEvent, err: unknown): void {
    if (this.noteFailing) return;
    this.noteFailing = true;
    this.log.warn({ alert: a.id, reason: err instanceof Error ? err.message : String(err) }, 'could not note a published alert for the engine handover: a standby taking over now could deliver it again');
  }

  private publish(fired: AlertEvent): void {
    // Delivery gets the alert as it fired: a copy, so rule state that later grows with it cannot change what is sent.
    this.outbox.push(structuredClone(fired));
  }
}
