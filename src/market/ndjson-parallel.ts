import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BatchColumns, BatchDecoder, CTL_ABORT, CTL_CONSUMED, CTL_GO, CTL_PRODUCED, CTL_READY, ringBytes, type BatchMessage, type ReaderDone, type ReaderJob } from './event-batch.js';
import { FastLineParser } from './fast-parse.js';
import { readEventLines, readEvents, type LineRejection, type ReadStats } from './ndjson.js';
import type { MarketEvent } from './types.js';

/** Events per batch and batches in flight: ~0.7 MB of file per batch, the reader at most 4 batches ahead. */
const BATCH_EVENTS = 8192;
const RING_SLOTS = 4;
/** This thread reads the head in smaller chunks: it asks after each whether the reader thread is up, and hands over then. */
const HEAD_CHUNK_BYTES = 128 << 10;
/** Below this size the reader thread's start-up (tens of ms, more from source under tsx) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 << 20;
/** The reader thread keeps little (a read buffer, a parser): a small young generation keeps the process's RSS down. */
const READER_LIMITS = { maxYoungGenerationSizeMb: 2 };
/** With no batch for this long, the reader thread is taken for dead (it reports its own errors). */
const STALL_MS = 120_000;

/**
 * ReadSplit says how a two-thread read went (times in ms): the head of the file the calling thread read
 * itself while the reader thread started, the reader thread parsing and waiting for a free slot, the
 * calling thread waiting for a batch.
 */
export interface ReadSplit {
  headLines: number;
  headMs: number;
  readerBusyMs: number;
  readerWaitMs: number;
  /** From the hand-over until the reader thread's first batch arrived. */
  firstBatchMs: number;
  /** The caller's thread waiting for batches; the rest of `totalMs` went to the head and to `onEvent`. */
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
  /**
   * With a reader thread, the byte offset it starts from (rounded up to the end of a read chunk; 0: it reads
   * everything). By default this thread reads the head of the file until the reader thread is up.
   */
  handoffAt?: number;
}

/**
 * readEventsFast is readEvents on two cores: a reader thread reads and decodes the file into batches of
 * columns in shared memory while the calling thread runs `onEvent` (the engine) on the previous batch.
 * Same events, same rejections with the same line numbers, in the same order, still synchronous. Small
 * files, one-core machines and `reader: 'inline'` take readEvents itself.
 */
export function readEventsFast(file: string, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, opts: FastReadOptions = {}): FastReadStats {
  return startFastRead(file, opts).run(onEvent, onReject);
}

/**
 * FastRead is a readEventsFast whose reader thread (when it has one) is already starting: a caller with work
 * of its own before the read (building the engine) starts it first, so the thread boots meanwhile. `run`
 * reads; `cancel` lets the thread go when the read will not happen.
 */
export interface FastRead {
  run(onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void): FastReadStats;
  cancel(): void;
}

/** startFastRead decides how FILE will be read and, for a reader thread, starts it now. */
export function startFastRead(file: string, opts: FastReadOptions = {}): FastRead {
  const mode = opts.reader ?? 'auto';
  const useWorker = mode === 'worker' || (mode === 'auto' && availableParallelism() >= 2 && statSync(file).size >= PARALLEL_MIN_BYTES);
  if (!useWorker) return { run: (onEvent, onReject) => ({ ...readEvents(file, onEvent, onReject, opts), split: null }), cancel: () => {} };
  const ring = new SharedArrayBuffer(ringBytes(RING_SLOTS, BATCH_EVENTS));
  const ctl = new Int32Array(new SharedArrayBuffer(5 * 4));
  const start = new Float64Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  startReader({ file, ring, ctl, start, slots: RING_SLOTS, capacity: BATCH_EVENTS, port: port2 });
  const job: StartedJob = { file, ring, ctl, start, port: port1 };
  let used = false;
  return {
    run: (onEvent, onReject) => {
      if (used) throw new Error('a FastRead runs once');
      used = true;
      return readInWorker(job, onEvent, onReject, opts.reuseEvents === true, opts.handoffAt);
    },
    cancel: () => {
      if (used) return;
      used = true;
      release(job);
    },
  };
}

/** StartedJob is what the calling thread keeps of a reader thread it started. */
interface StartedJob {
  file: string;
  ring: SharedArrayBuffer;
  ctl: Int32Array;
  start: Float64Array;
  port: MessagePort;
}

/** release tells a reader thread to stop (at its next slot, or before it starts) and closes our end. */
function release(job: StartedJob): void {
  const { ctl } = job;
  Atomics.store(ctl, CTL_ABORT, 1); // a reader still running (onEvent threw) stops at its next slot
  Atomics.add(ctl, CTL_CONSUMED, 1);
  Atomics.notify(ctl, CTL_CONSUMED);
  Atomics.store(ctl, CTL_GO, 1);
  Atomics.notify(ctl, CTL_GO);
  job.port.close(); // the reader thread ends by itself (unref'd): terminating it mid-start-up is not safe under every loader
}

/** startReader starts the reader thread: the compiled module, or from source through tsx's require hook. */
function startReader(job: ReaderJob): void {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const entry = new URL(fromSource ? './ndjson-worker.ts' : './ndjson-worker.js', here);
  const fail = `(e) => require('node:worker_threads').workerData.port.postMessage({ type: 'error', message: 'cannot start: ' + (e && e.message) })`;
  const boot = fromSource
    ? `try { require(${JSON.stringify(createRequire(here).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(fileURLToPath(entry))}); } catch (e) { (${fail})(e); }`
    : `import(${JSON.stringify(entry.href)}).catch(${fail});`;
  const w = new Worker(boot, { eval: true, workerData: job, transferList: [job.port], resourceLimits: READER_LIMITS });
  w.on('error', () => {}); // it reports its own errors through the port; the read then throws
  w.unref();
}

function readInWorker(job: StartedJob, onEvent: (ev: MarketEvent) => void, onReject: (r: LineRejection) => void, reuse: boolean, handoffAt: number | undefined): FastReadStats {
  const t0 = performance.now();
  const { file, ring, ctl, start, port: port1 } = job;
  const cols = Array.from({ length: RING_SLOTS }, (_, s) => new BatchColumns(ring, s, BATCH_EVENTS));

  const stats: FastReadStats = { events: 0, rejected: 0, lines: 0, split: null };
  let waitMs = 0;
  let firstBatchMs = NaN;
  let batches = 0;
  try {
    // The head of the file on this thread while the reader thread starts up; then it takes the rest.
    const stopAt = handoffAt === undefined ? () => Atomics.load(ctl, CTL_READY) === 1 : (next: number) => next >= handoffAt;
    const headParser = new FastLineParser(reuse);
    start[0] = handoffAt === 0 ? 0 : readEventLines(file, onEvent, onReject, headParser, stats, { stopAt, chunkBytes: HEAD_CHUNK_BYTES });
    const decoder = new BatchDecoder(reuse, headParser.ids);
    const head = { lines: stats.lines, ms: performance.now() - t0 };
    if (handoffAt !== 0 && start[0] >= statSync(file).size) {
      // This thread read it all before the reader thread was up (a slow start): nothing left to hand over.
      stats.split = { headLines: head.lines, headMs: head.ms, readerBusyMs: 0, readerWaitMs: 0, firstBatchMs: NaN, waitMs: 0, totalMs: head.ms, batches: 0 };
      return stats;
    }
    Atomics.store(ctl, CTL_GO, 1);
    Atomics.notify(ctl, CTL_GO);
    const handedOver = performance.now();
    let stalledSince = handedOver;
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
        stats.lines = head.lines + m.lines;
        stats.split = { headLines: head.lines, headMs: head.ms, readerBusyMs: m.busyMs, readerWaitMs: m.waitMs, firstBatchMs, waitMs, totalMs: performance.now() - t0, batches };
        return stats;
      }
      if (batches++ === 0) firstBatchMs = performance.now() - handedOver;
      stats.rejected += m.rejects.length;
      stats.events += m.n;
      decoder.deliver(m, cols[m.slot], onEvent, onReject, head.lines);
      Atomics.add(ctl, CTL_CONSUMED, 1);
      Atomics.notify(ctl, CTL_CONSUMED);
    }
  } finally {
    release(job);
  }
}
