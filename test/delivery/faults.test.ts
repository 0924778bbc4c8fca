import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { WorkerWatchdog } from '../../src/delivery/watchdog.js';
import { ReceiptServer } from '../helpers/http-platform.js';
import { RecordingPlatform } from '../helpers/recording-platform.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { DeliveryHarness, waitFor } from './harness.js';

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());

function alert(id: string): AlertEvent {
  return { id, kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: Date.now(), title: `alert ${id}`, text: 'x', data: { level: 85000, direction: 'down' } };
}
const silent = { warn: () => {}, info: () => {} };

describe('delivery faults (real redis-server, real BullMQ)', () => {
  it('Redis restarted mid-fan-out: zero lost, zero duplicated', async () => {
    const p = new RecordingPlatform();
    p.latencyMs = 2;
    const h = new DeliveryHarness(server, uniquePrefix('restart'), p);
    await h.subscribeMany(150);
    await h.producer.publish(alert('r1'), Date.now());
    const probe = server.client();
    probe.on('error', () => {});
    const dog = new WorkerWatchdog(() => h.worker(8), probe, h.queue, silent, { checkMs: 500, stuckMs: 3000 });
    dog.start();
    await waitFor(() => p.receipts.length >= 40, 20_000, '40 receipts');
    await server.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await server.start();
    await waitFor(() => p.receipts.length >= 150, 60_000, 'all 150 after the restart');
    await h.drained();
    expect(p.receipts).toHaveLength(150);
    expect([...p.countBy().values()].every((n) => n === 1)).toBe(true);
    await dog.stop();
    probe.disconnect();
    await h.close();
  }, 90_000);

  it('two workers at once share the queue without a duplicate', async () => {
    const p = new RecordingPlatform();
    const h = new DeliveryHarness(server, uniquePrefix('two'), p);
    await h.subscribeMany(80);
    await h.producer.publish(alert('t1'), Date.now());
    const ws: Worker[] = [h.worker(4), h.worker(4)];
    await waitFor(() => p.receipts.length >= 80, 30_000, '80 receipts');
    await h.drained();
    expect(p.receipts).toHaveLength(80);
    await Promise.all(ws.map((w) => w.close()));
    await h.close();
  }, 60_000);

  it('worker SIGKILLed mid-send: nothing lost; duplicates at most one per kill (Telegram has no idempotency key)', async () => {
    const receipts = new ReceiptServer();
    await receipts.start();
    const prefix = uniquePrefix('kill');
    const h = new DeliveryHarness(server, prefix, new RecordingPlatform());
    const n = 120;
    await h.subscribeMany(n);
    await h.producer.publish(alert('k1'), Date.now());
    const child = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
    const spawnWorker = () => new Promise<ChildProcess>((resolve) => {
      const c = fork(child, [String(server.port), prefix, receipts.url], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
      c.on('message', (m) => m === 'ready' && resolve(c));
    });
    let kills = 0;
    for (const at of [20, 50, 80]) {
      const w = await spawnWorker();
      await waitFor(() => receipts.receipts.length >= at, 30_000, `${at} receipts`);
      w.kill('SIGKILL');
      kills++;
    }
    const last = await spawnWorker();
    await waitFor(() => new Set(receipts.receipts.map((r) => r.chatId)).size >= n, 90_000, 'every chat after the kills');
    last.kill('SIGTERM');
    const dup = [...receipts.counts().values()].filter((c) => c > 1).length;
    console.log(`worker kill test: ${kills} SIGKILLs, ${receipts.receipts.length} receipts for ${n} chats, ${dup} duplicate(s)`);
    expect(new Set(receipts.receipts.map((r) => r.chatId)).size).toBe(n);
    expect(dup).toBeLessThanOrEqual(kills);
    await receipts.stop();
    await h.close();
  }, 120_000);
});
