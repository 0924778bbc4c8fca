import { Worker } from 'node:worker_threads';

/**
 * startModuleWorker runs a module in a worker thread. Compiled (.js) it is started directly; from source (.ts,
 * under tsx or vitest) the worker first loads tsx's loader, which worker threads do not inherit
 *, then imports the module through it.
 */
export function startModuleWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const href = JSON.stringify(url.href);
  const boot = `import('tsx/esm/api').then((m) => m.tsImport(${href}, ${href}))`;
  return new Worker(boot, { eval: true, workerData });
}
