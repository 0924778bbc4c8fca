import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { BatchColumns, BatchDecoder, CTL_ABORT, CTL_CONSUMED, CTL_PRODUCED, ringBytes, type BatchMessage, type ReaderDone, type ReaderJob } from './event-batch.js';
import { readEvents, type LineRejection, type ReadStats } from './ndjson.js';
import type { MarketEvent } from './types.js';

/** Events per batch and batches in flight: ~0.7 MB of file per batch, the reader at most 4 batches ahead. */
const BATCH_EVENTS = 8192;
const RING_SLOTS = 4;
/** Below this size the reader thread's start-up (tens of ms, more from source under tsx) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 << 20;
/** With no batch for this long, the reader thread is taken for dead (it reports its own errors). */
const STALL_MS = 120_000;

/** ReadSplit says how a two-thread read spent its time (ms): the reader thread parsing and waiting for a free slot, the caller's thread waiting for a batch. */
export interface ReadSplit {
  readerBusyMs: number;
  readerWaitMs: number;
  /** From the call until the reader thread's first batch arrived (its start-up plus the first batch's parse). */
  firstBatchMs: number;
  /** The caller's thread waiting for batches (start-up included); the rest of `totalMs` went to `onEvent`. */
  waitMs: number;
  totalMs: number;
  batches: number;
}

/** FastReadStats is ReadStats plus, when a reader thread was used, how the time was split. */
export interface FastReadStats extends ReadStats {
  split: ReadSplit | null;
}

/** FastReadOptions: `reuseEvents` as in readEvents; `reader` forces one thread (`inline`) or two (`worker`); `auto` picks by file size and cores. */
export interface FastReadOptions {
  reuseEvents?: boolean;
  reader?: 'auto' | 'inline' | 'worker';
}

/**
 * readEventsFast is readEvents on two cores: a reader thread reads and decodes the file into batches of
 * columns in shared memory while the calling thread runs `onEvent` (the engine) on the previous batch.
 * Same events, same rejections with the same line numbers, in the same order, still synchronous. Small
 * files, one-core machines and `reader: 'inline'` take readEvents itself.
 */
export function readEventsFast(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, opts: FastReadOptions = {}): FastReadStats {
  const mode = opts.reader ?? 'auto';
  const useWorker = mode === 'worker' || (mode === 'auto' && availableParallelism() >= 2 && statSync(file).size >= PARALLEL_MIN_BYTES);
  if (!useWorker) return { ...readEvents(file, onEvent, onReject, opts), split: null };
  return readInWorker(file, onEvent, onReject, opts.reuseEvents === true);
}

/** startReader starts the reader thread: the compiled module, or from source through tsx's require hook. */
function startReader(job: ReaderJob): Worker {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const entry = new URL(fromSource ? './ndjson-worker.ts' : './ndjson-worker.js', here);
  const fail = `(e) => require('node:worker_threads').workerData.port.postMessage({ type: 'error', message: 'cannot start: ' + (e && e.message) })`;
  const boot = fromSource
    ? `try { require(${JSON.stringify(createRequire(here).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(fileURLToPath(entry))}); } catch (e) { (${fail})(e); }`
    : `import(${JSON.stringify(entry.href)}).catch(${fail});`;
  const w = new Worker(boot, { eval: true, workerData: job, transferList: [job.port] });
  w.unref();
  return w;
}

function readInWorker(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, reuse: boolean): FastReadStats {
  const t0 = performance.now();
  const ring = new SharedArrayBuffer(ringBytes(RING_SLOTS, BATCH_EVENTS));
  const ctl = new Int32Array(new SharedArrayBuffer(16));
  const { port1, port2 } = new MessageChannel();
  const worker = startReader({ file, ring, ctl, slots: RING_SLOTS, capacity: BATCH_EVENTS, port: port2 });
  const cols = Array.from({ length: RING_SLOTS }, (_, s) => new BatchColumns(ring, s, BATCH_EVENTS));
  const decoder = new BatchDecoder(reuse);
  const stats: FastReadStats = { events: 0, rejected: 0, lines: 0, split: null };
  let waitMs = 0;
  let firstBatchMs = NaN;
  let batches = 0;
  let stalledSince = performance.now();
  try {
    for (;;) {
      const seen = Atomics.load(ctl, CTL_PRODUCED);
      const got = receiveMessageOnPort(port1);
      if (got === undefined) {
        const w = performance.now();
        const woke = Atomics.wait(ctl, CTL_PRODUCED, seen, 1000);
        waitMs += performance.now() - w;
        if (woke === 'timed-out' && performance.now() - stalledSince > STALL_MS) throw new Error(`replay reader thread: no batch for ${STALL_MS / 1000} s`);
        continue;
      }
      stalledSince = performance.now();
      const m = got.message as BatchMessage | ReaderDone | { type: 'error'; message: string };
      if (m.type === 'error') throw new Error(`replay reader thread: ${m.message}`);
      if (m.type === 'done') {
        stats.lines = m.lines;
        stats.split = { readerBusyMs: m.busyMs, readerWaitMs: m.waitMs, firstBatchMs, waitMs, totalMs: performance.now() - t0, batches };
        return stats;
      }
      if (batches++ === 0) firstBatchMs = performance.now() - t0;
      stats.rejected += m.rejects.length;
      stats.events += m.n;
      decoder.deliver(m, cols[m.slot], onEvent, onReject, 0);
      Atomics.add(ctl, CTL_CONSUMED, 1);
      Atomics.notify(ctl, CTL_CONSUMED);
    }
  } finally {
    Atomics.store(ctl, CTL_ABORT, 1); // a reader still running (onEvent threw) stops at its next slot
    Atomics.add(ctl, CTL_CONSUMED, 1);
    Atomics.notify(ctl, CTL_CONSUMED);
    port1.close();
    void worker.terminate();
  }
}
