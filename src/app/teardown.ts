import type { Logger } from 'pino';

/**
 * Teardown stops what start-up started, newest first, exactly once: the same list serves a failed start
 * (everything started so far, the private redis-server included, is stopped before the process exits) and
 * a graceful stop (collectors, then queued alerts, in-flight sends, the engine's last snapshot, Redis).
 */
export class Teardown {
  private readonly steps: Array<{ name: string; stop: () => unknown }> = [];
  private running: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  /** add registers how to stop something just started. */
  add(name: string, stop: () => unknown): void {
    this.steps.push({ name, stop });
  }

  /** run stops everything registered, newest first; a failing step is logged and the rest still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const s of this.steps.splice(0).reverse()) {
        try {
          await s.stop();
        } catch (err) {
          this.log.warn({ err, step: s.name }, `while stopping ${s.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    return this.running;
  }
}
