import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** WatchdogLogger is the slice of pino the watchdog needs. */
interface WatchdogLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * WorkerWatchdog recreates a BullMQ worker that stopped picking up jobs after Redis came back: a full
 * redis-server stop/start can leave a Worker disconnected while Queues reconnect (bullmq#2466, #2964;
 * the maintainer's advice in #3185 is to close it and create a new one).
 */
export class WorkerWatchdog {
  private worker: Worker;
  private timer: NodeJS.Timeout | null = null;
  private lastActivity = Date.now();
  private checking = false;
  recreated = 0;

  constructor(
    private readonly create: () => Worker,
    private readonly probe: Redis,
    private readonly queue: Queue,
    private readonly log: WatchdogLogger,
    private readonly opts: { checkMs: number; stuckMs: number } = { checkMs: 2000, stuckMs: 10_000 },
  ) {
    this.worker = this.watch(create());
  }

  /** current is the worker now in service. */
  get current(): Worker {
    return this.worker;
  }

  /** start begins the periodic liveness check. */
  start(): void {
    this.timer = setInterval(() => void this.check(), this.opts.checkMs);
    this.timer.unref();
  }

  /** stop ends the check and closes the worker gracefully (in-flight sends finish first). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.worker.close();
  }

  private watch(w: Worker): Worker {
    const touch = () => (this.lastActivity = Date.now());
    w.on('active', touch).on('completed', touch).on('failed', touch).on('drained', touch);
    w.on('error', (err) => this.log.warn({ err: { message: err.message } }, 'delivery worker error (Redis connection?)'));
    return w;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.probe.ping();
      const backlog = (await this.queue.getWaitingCount()) + (await this.queue.getPrioritizedCount());
      if (backlog === 0 || Date.now() - this.lastActivity < this.opts.stuckMs) return;
      this.log.warn({ backlog, idleMs: Date.now() - this.lastActivity }, 'delivery worker idle with jobs waiting: recreating it');
      const old = this.worker;
      this.worker = this.watch(this.create());
      this.lastActivity = Date.now();
      this.recreated++;
      void old.close(true).catch(() => {});
    } catch {
      // Redis unreachable: nothing to judge until it is back.
    } finally {
      this.checking = false;
    }
  }
}
