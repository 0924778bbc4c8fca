import type { Logger } from 'pino';
import { SEVERITY_RANK } from '../chat/severity.js';
import type { AlertEvent } from './types.js';

/** RETRY_MS: after a failed hand-off (Redis away, an error) the head of the outbox is tried again this often. */
export const OUTBOX_RETRY_MS = 1_000;

/** OutboxDeps are the outbox's seams: where alerts go, whether Redis is reachable now, and the engine lease's fence. */
export interface OutboxDeps {
  /** publish hands one alert to delivery (idempotent per alert id). */
  publish(a: AlertEvent): Promise<unknown>;
  /** up is true while the Redis connection is ready: an alert is only handed on then. */
  up(): boolean;
  /** fence throws when this engine may no longer hand alerts on (it lost the engine lease): the outbox stops. */
  fence?(): Promise<void>;
  /** max alerts held; past it info is dropped first, then warning, never critical. */
  max: number;
  log: Logger;
  now?: () => number;
  onDrop?(a: AlertEvent): void;
  onPublished?(a: AlertEvent, result: unknown): void;
  /** skip is true for an alert that must not be handed on (raised already by the engine this one took over from). */
  skip?(a: AlertEvent): Promise<boolean>;
}

interface Held {
  alert: AlertEvent;
  at: number;
}

/**
 * Outbox holds the engine's alerts until delivery has them (issue 15): while Redis is unreachable they wait here, in
 * memory and bounded, and are handed on in the order they fired when it returns. A full outbox drops the oldest info
 * alert, else the oldest warning, and logs each drop; a critical alert is never dropped (the outbox grows past its
 * bound instead, and says so). It sits between the engine's alerts and the delivery producer, which it only sees as
 * `publish`.
 */
export class Outbox {
  private readonly held: Held[] = [];
  private running = false;
  private inFlight = false;
  private fenced = false;
  private idleWaiters: Array<() => void> = [];
  private retry: NodeJS.Timeout | null = null;
  dropped = 0;

  constructor(private readonly deps: OutboxDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** size is how many alerts wait (the one being handed on included). */
  get size(): number {
    return this.held.length;
  }

  /** oldestAgeMs is how long the oldest waiting alert has waited (0 when empty). */
  oldestAgeMs(now = this.now()): number {
    return this.held.length === 0 ? 0 : now - this.held[0].at;
  }

  /** alerts lists the waiting alerts in order (saved with the engine's snapshot). */
  alerts(): AlertEvent[] {
    return this.held.map((h) => h.alert);
  }

  /** push queues one alert and starts handing on. */
  push(alert: AlertEvent): void {
    if (this.held.length >= this.deps.max && !this.makeRoom(alert)) return;
    this.held.push({ alert, at: this.now() });
    this.kick();
  }

  /** kick (re)starts handing on: called on push and when Redis comes back. */
  kick(): void {
    if (this.running || this.fenced || this.held.length === 0) return;
    this.running = true;
    void this.run();
  }

  /** idle resolves when the outbox is empty, or handing on has paused (Redis away, lease lost). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** stop ends the retry timer (what is held stays held: it is saved with the snapshot). */
  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** makeRoom drops the lowest-severity, oldest alert (the new one included) to keep the bound; false when the new one is dropped. */
  private makeRoom(incoming: AlertEvent): boolean {
    const first = this.inFlight ? 1 : 0;
    let victim = -1;
    for (let i = first; i < this.held.length; i++) {
      if (victim < 0 || SEVERITY_RANK[this.held[i].alert.severity] < SEVERITY_RANK[this.held[victim].alert.severity]) victim = i;
    }
    const worst = victim < 0 ? null : this.held[victim].alert;
    if (worst && SEVERITY_RANK[incoming.severity] < SEVERITY_RANK[worst.severity] && incoming.severity !== 'critical') return this.drop(incoming, false);
    if (!worst || worst.severity === 'critical') {
      if (incoming.severity !== 'critical') return this.drop(incoming, false);
      this.deps.log.error({ size: this.held.length, max: this.deps.max, alert: incoming.id }, `alert outbox over its bound (${this.held.length} ≥ ${this.deps.max}) with critical alerts only: keeping this critical alert`);
      return true;
    }
    this.held.splice(victim, 1);
    return this.drop(worst, true);
  }

  private drop(a: AlertEvent, room: boolean): boolean {
    this.dropped++;
    this.deps.onDrop?.(a);
    this.deps.log.warn({ alert: a.id, kind: a.kind, severity: a.severity, max: this.deps.max }, `alert outbox full (${this.deps.max}): dropped ${a.severity} alert ${a.kind} "${a.title}"`);
    return room;
  }

  private async run(): Promise<void> {
    while (this.held.length > 0 && this.deps.up()) {
      const head = this.held[0];
      this.inFlight = true;
      try {
        await this.deps.fence?.();
        if (await this.deps.skip?.(head.alert)) {
          if (this.held[0] === head) this.held.shift();
          this.deps.log.info({ alert: head.alert.id, kind: head.alert.kind }, `alert ${head.alert.kind} not posted again: the engine this one took over from raised it`);
          this.inFlight = false;
          continue;
        }
        const r = await this.deps.publish(head.alert);
        if (this.held[0] === head) this.held.shift();
        this.deps.onPublished?.(head.alert, r);
      } catch (err) {
        this.inFlight = false;
        if ((err as Error).name === 'FencedError') {
          this.fenced = true;
          this.deps.log.error({ held: this.held.length }, `not handing ${this.held.length} alert(s) on: this engine lost its lease (the active engine raises them itself)`);
        } else {
          this.deps.log.warn({ err, alert: head.alert.id }, 'could not queue an alert for delivery: it waits in the outbox and is retried');
          this.scheduleRetry();
        }
        break;
      }
      this.inFlight = false;
    }
    this.running = false;
    if (this.held.length > 0 && !this.fenced) this.scheduleRetry();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.kick();
    }, OUTBOX_RETRY_MS);
    this.retry.unref();
  }
}
