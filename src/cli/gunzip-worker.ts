/** The decompressing thread of a backtest: gunzips the next `.ndjson.gz` to a temporary file while the engine replays the current one. */
import { parentPort } from 'node:worker_threads';
import { gunzipFile } from './gzip-input.js';

/** GunzipJob asks for `src` decompressed to `dst`. */
export interface GunzipJob {
  id: number;
  src: string;
  dst: string;
}

/** GunzipDone answers a job: done, or the zlib/file error that stopped it. */
export interface GunzipDone {
  id: number;
  error?: { code: string; message: string };
}

parentPort?.on('message', (job: GunzipJob) => {
  gunzipFile(job.src, job.dst).then(
    () => parentPort!.postMessage({ id: job.id } satisfies GunzipDone),
    (err: NodeJS.ErrnoException) => parentPort!.postMessage({ id: job.id, error: { code: err.code ?? 'error', message: err.message } } satisfies GunzipDone),
  );
});
