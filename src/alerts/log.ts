import type { AlertEvent } from './types.js';

/** MAX_ALERTS_KEPT bounds the log; past it the oldest 1,000 go at once (not one per alert). */
const MAX_ALERTS_KEPT = 5_000;

/**
 * AlertLog is the engine's record of the alerts it fired, oldest first: `/alerts` reads its tail and a
 * summary counts those of its window. Memory is bounded by MAX_ALERTS_KEPT and by `dropBefore`.
 */
export class AlertLog {
  readonly items: AlertEvent[] = [];

  /** note records one fired alert. */
  note(a: AlertEvent): void {
    this.items.push(a);
    if (this.items.length > MAX_ALERTS_KEPT) this.items.splice(0, this.items.length - MAX_ALERTS_KEPT + 1000);
  }

  /** recent lists the last `n` alerts, newest first. */
  recent(n: number): AlertEvent[] {
    return this.items.slice(-n).reverse();
  }

  /** between lists the alerts fired in [from, to], oldest first. */
  between(from: number, to: number): AlertEvent[] {
    return this.items.filter((a) => a.ts >= from && a.ts <= to);
  }

  /** dropBefore forgets the alerts older than `ts` (kept as long as the market history). */
  dropBefore(ts: number): void {
    let n = 0;
    while (n < this.items.length && this.items[n].ts < ts) n++;
    if (n > 0) this.items.splice(0, n);
  }
}
