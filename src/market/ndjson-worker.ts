// The reader thread of readEventsFast (./ndjson-parallel.ts): reads the file, decodes every line and fills
// the shared ring of batches; the engine's thread turns them back into events. Started by that module only.
import { workerData } from 'node:worker_threads';
import { BatchColumns, CTL_ABORT, CTL_CONSUMED, CTL_GO, CTL_PRODUCED, CTL_READY, KIND_OBJECT, type BatchMessage, type ReaderDone, type ReaderJob } from './event-batch.js';
import { FastLineParser } from './fast-parse.js';
import { forEachLine, slowLine } from './ndjson.js';
import type { MarketEvent } from './types.js';

/** The first batch is short: the engine's thread waits for it, and a full one takes the reader tens of ms. */
const FIRST_BATCH = 1024;

class Aborted extends Error {
  override name = 'Aborted';
}

/** awaitStart tells the engine's thread this one is up, and waits for the offset to read from. */
function awaitStart(ctl: Int32Array, start: Float64Array): number {
  Atomics.store(ctl, CTL_READY, 1);
  Atomics.notify(ctl, CTL_READY);
  while (Atomics.load(ctl, CTL_GO) === 0) Atomics.wait(ctl, CTL_GO, 0);
  if (Atomics.load(ctl, CTL_ABORT) !== 0) throw new Aborted('the engine thread stopped reading');
  return start[0];
}

function read(job: ReaderJob): ReaderDone {
  const { ctl, slots, capacity, port } = job;
  const from = awaitStart(ctl, job.start);
  const t0 = performance.now();
  const ring = Array.from({ length: slots }, (_, s) => new BatchColumns(job.ring, s, capacity));
  const fast = new FastLineParser(true);
  let produced = 0;
  let waitMs = 0;
  let cols: BatchColumns | null = null;
  let n = 0;
  let objects: MarketEvent[] = [];
  let rejects: Array<[number, number, string]> = [];
  // A slot is free once the engine's thread has consumed the batch that last used it.
  const acquire = (): BatchColumns => {
    for (;;) {
      if (Atomics.load(ctl, CTL_ABORT) !== 0) throw new Aborted('the engine thread stopped reading');
      const consumed = Atomics.load(ctl, CTL_CONSUMED);
      if (produced - consumed < slots) return ring[produced % slots];
      const w = performance.now();
      Atomics.wait(ctl, CTL_CONSUMED, consumed);
      waitMs += performance.now() - w;
    }
  };
  const post = () => {
    const m: BatchMessage = { type: 'batch', slot: produced % slots, n, strings: fast.ids.takeFresh(), objects, rejects };
    port.postMessage(m);
    produced++;
    Atomics.add(ctl, CTL_PRODUCED, 1);
    Atomics.notify(ctl, CTL_PRODUCED);
    cols = null;
    n = 0;
    objects = [];
    rejects = [];
  };
  // A slot is taken before the line is decoded (the fast path writes straight into it), so a file that ends
  // in blank lines may hold one with nothing to post.
  const { lines } = forEachLine(job.file, (buf, a, b, line) => {
    const c = (cols ??= acquire());
    if (fast.parseInto(c, n, buf, a, b)) n++;
    else {
      const res = slowLine(buf, a, b);
      if (res === null) return;
      if (typeof res === 'string') rejects.push([n, line, res]);
      else {
        c.kind[n++] = KIND_OBJECT;
        objects.push(res);
      }
    }
    if (n === capacity || (produced === 0 && n === FIRST_BATCH)) post();
  }, { from });
  if (n > 0 || rejects.length > 0) post();
  const busyMs = performance.now() - t0 - waitMs;
  return { type: 'done', lines, busyMs, waitMs };
}

const job = workerData as ReaderJob;
try {
  job.port.postMessage(read(job));
} catch (err) {
  if (!(err instanceof Aborted)) job.port.postMessage({ type: 'error', message: (err as Error).message ?? String(err) });
} finally {
  Atomics.add(job.ctl, CTL_PRODUCED, 1);
  Atomics.notify(job.ctl, CTL_PRODUCED);
}
