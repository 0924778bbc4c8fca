import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { JobDef } from '../../jobs/types.js';
import type { Config } from '../config/env.js';
import { RedisKeys } from '../store/keys.js';

/** JOBS_QUEUE is the queue every scheduled job's ticks go through. */
export const JOBS_QUEUE = 'jobs';
/** ERROR_LOG_EVERY_MS: while Redis is away the worker errors on every retry; one line a minute says so. */
const ERROR_LOG_EVERY_MS = 60_000;

/**
 * JobScheduler registers every job as a BullMQ job scheduler (upsert: no duplicates when several
 * replicas start) and runs ticks on a worker: each tick runs once across all processes.
 */
export class JobScheduler<S> {
  readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly defs: readonly JobDef<S>[],
    private readonly cfg: Config,
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly services: S,
    private readonly onRun?: (name: string, ok: boolean) => void,
  ) {
    this.queue = new Queue(JOBS_QUEUE, { connection, prefix: new RedisKeys(prefix).bull });
    this.queue.on('error', () => {}); // the main Redis client's watcher logs a lost connection once
  }

  /** enabled lists the jobs this configuration runs. */
  enabled(): JobDef<S>[] {
    return this.defs.filter((d) => d.enabled?.(this.cfg) ?? true);
  }

  /** schedule upserts every enabled job scheduler and removes those of disabled jobs. */
  async schedule(): Promise<void> {
    for (const def of this.defs) {
      if (def.enabled?.(this.cfg) ?? true) {
        await this.queue.upsertJobScheduler(def.name, { every: def.everyMs(this.cfg) }, { name: def.name, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } });
      } else {
        await this.queue.removeJobScheduler(def.name);
      }
    }
  }

  /** start runs ticks in this process. */
  start(concurrency = 4): Worker {
    this.worker = new Worker(JOBS_QUEUE, async (job) => {
      const def = this.defs.find((d) => d.name === job.name);
      if (!def) return `no job named ${job.name}`;
      try {
        const out = await def.run({ config: this.cfg, log: this.log.child({ job: def.name }), now: Date.now(), tickId: String(job.id), services: this.services });
        this.onRun?.(def.name, true);
        return out ?? 'ok';
      } catch (err) {
        this.onRun?.(def.name, false);
        this.log.warn({ job: def.name, err }, `job ${def.name} failed`);
        throw err;
      }
    }, { connection: this.connection, prefix: new RedisKeys(this.prefix).bull, concurrency });
    let lastLogged = -Infinity;
    this.worker.on('error', (err) => {
      if (Date.now() - lastLogged < ERROR_LOG_EVERY_MS) return;
      lastLogged = Date.now();
      this.log.warn({ err: { message: err.message } }, 'jobs worker error (repeats within a minute are not logged)');
    });
    return this.worker;
  }

  /** stop closes the worker (finishing the tick in hand) and the queue. */
  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
