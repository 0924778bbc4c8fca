import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { GunzipDone, GunzipJob } from './gunzip-worker.js';
import { gunzipReason } from './gzip-input.js';
import type { PlannedFile } from './backtest-plan.js';
import { startModuleWorker } from './worker-thread.js';

/** Readable is a planned file ready for `readEvents`: its own path, or a decompressed copy; or why it cannot be read. */
export type Readable = { path: string } | { error: string };

/**
 * Prefetcher hands out the planned files in order, decompressing `.ndjson.gz` files in a worker thread one file
 * ahead, so the second core unzips tomorrow while the engine replays today. Decompressed copies live in a private
 * temporary directory, each removed once replayed, the directory at `close()`.
 */
export class Prefetcher {
  private worker: Worker | null = null;
  private tmp: string | null = null;
  private readonly jobs = new Map<number, Promise<Readable>>();
  private readonly waiting = new Map<number, (d: GunzipDone) => void>();

  constructor(private readonly files: readonly PlannedFile[]) {}

  /** get returns file `i` ready to read, and starts decompressing the next one. */
  get(i: number): Promise<Readable> {
    const r = this.start(i);
    if (i + 1 < this.files.length) void this.start(i + 1);
    return r;
  }

  /** release removes file `i`'s decompressed copy (if it had one). */
  release(i: number): void {
    const f = this.files[i];
    if (f.gz && this.tmp) rmSync(this.copyOf(i), { force: true });
    this.jobs.delete(i);
  }

  /** close stops the worker and removes the temporary directory. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = null;
  }

  private start(i: number): Promise<Readable> {
    let job = this.jobs.get(i);
    if (job) return job;
    const f = this.files[i];
    job = f.gz ? this.gunzip(i) : Promise.resolve({ path: f.path });
    this.jobs.set(i, job);
    return job;
  }

  private copyOf(i: number): string {
    return join(this.tmp!, `${i}.ndjson`);
  }

  private gunzip(i: number): Promise<Readable> {
    this.tmp ??= mkdtempSync(join(tmpdir(), 'cascade-backtest-'));
    if (!this.worker) {
      this.worker = startModuleWorker(new URL('./gunzip-worker.ts'.replace(/\.ts$/, extOf(import.meta.url)), import.meta.url), null);
      this.worker.on('message', (d: GunzipDone) => this.waiting.get(d.id)?.(d));
      this.worker.on('error', (e) => {
        for (const [id, answer] of this.waiting) answer({ id, error: { code: 'worker', message: e.message } });
      });
    }
    const dst = this.copyOf(i);
    const job: GunzipJob = { id: i, src: this.files[i].path, dst };
    const done = new Promise<GunzipDone>((resolve) => this.waiting.set(i, resolve));
    this.worker.postMessage(job);
    return done.then((d) => {
      this.waiting.delete(i);
      return d.error ? { error: gunzipReason(d.error) } : { path: dst };
    });
  }
}

/** extOf is `.ts` when running from source, `.js` compiled. */
function extOf(url: string): string {
  return new URL(url).pathname.endsWith('.ts') ? '.ts' : '.js';
}
