import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../src/app/redis.js';

export { freePort };

/**
 * TestRedis is a private redis-server for one test file: its own port and data directory (AOF on,
 * noeviction), so a test may stop, kill and restart it without touching any other Redis.
 */
export class TestRedis {
  proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'cascade-redis-'));
  port = 0;

  /** `extraArgs` are added to redis-server's command line (e.g. `--requirepass`); `waitUrl` is what the start-up PING uses. */
  constructor(private readonly extraArgs: string[] = [], private readonly waitUrl?: (port: number) => string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** start launches redis-server (on the same port when restarting) and waits until it answers PING. */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    this.proc = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes',
      '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no', ...this.extraArgs,
    ], { stdio: 'ignore' });
    await this.waitUntil(true);
  }

  /** stop shuts redis down (SIGTERM: AOF is flushed) and waits until the port is closed. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill(signal);
    await exited;
  }

  /** client opens a connection to this server. */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: null, lazyConnect: false, retryStrategy: (n) => Math.min(n * 100, 1000) });
    c.on('error', () => {}); // tests restart this server on purpose
    return c;
  }

  /** dispose stops the server and deletes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitUntil(up: boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const c = new Redis(this.waitUrl?.(this.port) ?? this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.ping();
        c.disconnect();
        if (up) return;
      } catch {
        c.disconnect();
        if (!up) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not ${up ? 'start' : 'stop'} within 10 s`);
  }
}

/** uniquePrefix gives each test its own key namespace. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
