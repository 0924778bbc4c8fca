import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';

/** Readiness is what /readyz checks: each named check passes or says why not. */
export type ReadinessCheck = () => Promise<{ ok: boolean; detail: string }>;

/** PROBE_TIMEOUT_MS bounds every readiness check and the pre-scrape reads: a probe answers, it never hangs. */
export const PROBE_TIMEOUT_MS = 1_500;

/** OpsServerOpts: where to listen, the metrics, and the readiness checks (a function: they change once start-up is done). */
export interface OpsServerOpts {
  host: string;
  port: number;
  metrics: Metrics;
  checks: Record<string, ReadinessCheck> | (() => Record<string, ReadinessCheck>);
  /** Reads that refresh gauges before a scrape (queue depths); bounded by PROBE_TIMEOUT_MS, a slow one leaves the last values. */
  beforeScrape?: () => Promise<void>;
}

function bounded<T>(p: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(late), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * startOpsServer serves /healthz (the process is up), /readyz (each check by name: 503 with the failing ones)
 * and /metrics (Prometheus text format). It rejects with the listen error (EADDRINUSE, …) untouched.
 */
export async function startOpsServer(opts: OpsServerOpts): Promise<Server> {
  const checks = () => (typeof opts.checks === 'function' ? opts.checks() : opts.checks);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz') {
      void ready(checks()).then(({ ok, body }) => res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
      return;
    }
    if (path === '/metrics') {
      void bounded((opts.beforeScrape?.() ?? Promise.resolve()).catch(() => {}), PROBE_TIMEOUT_MS, undefined)
        .then(() => opts.metrics.registry.metrics())
        .then((text) => res.writeHead(200, { 'content-type': opts.metrics.registry.contentType }).end(text), () => res.writeHead(500).end());
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

async function ready(checks: Record<string, ReadinessCheck>): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    const late = { ok: false, detail: `no answer within ${PROBE_TIMEOUT_MS} ms` };
    const r = await bounded(check().catch((err: Error) => ({ ok: false, detail: err.message })), PROBE_TIMEOUT_MS, late);
    return [name, r] as const;
  }));
  const failing = entries.filter(([, r]) => !r.ok).map(([n]) => n);
  return { ok: failing.length === 0, body: { ready: failing.length === 0, ...(failing.length > 0 ? { failing } : {}), checks: Object.fromEntries(entries) } };
}
