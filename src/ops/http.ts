import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';

/** Readiness is what /readyz checks: each named check passes or says why not. */
export type ReadinessCheck = () => Promise<{ ok: boolean; detail: string }>;

/**
 * startOpsServer serves /healthz (the process is up), /readyz (Redis reachable, sources fresh, workers
 * running: 503 with the failing checks otherwise) and /metrics (Prometheus text format).
 */
export async function startOpsServer(opts: { host: string; port: number; metrics: Metrics; checks: Record<string, ReadinessCheck>; beforeScrape?: () => Promise<void> }): Promise<Server> {
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
      void ready(opts.checks).then(({ ok, body }) => res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
      return;
    }
    if (path === '/metrics') {
      void (opts.beforeScrape?.() ?? Promise.resolve())
        .catch(() => {})
        .then(() => opts.metrics.registry.metrics())
        .then((text) => res.writeHead(200, { 'content-type': opts.metrics.registry.contentType }).end(text));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}

async function ready(checks: Record<string, ReadinessCheck>): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const body: Record<string, unknown> = {};
  let ok = true;
  for (const [name, check] of Object.entries(checks)) {
    const r = await check().catch((err: Error) => ({ ok: false, detail: err.message }));
    body[name] = r;
    if (!r.ok) ok = false;
  }
  return { ok, body: { ready: ok, checks: body } };
}
