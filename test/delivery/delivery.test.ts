import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { PlatformError } from '../../src/chat/errors.js';
import { RecordingPlatform } from '../helpers/recording-platform.js';
import { uniquePrefix } from '../helpers/redis.js';
import { deliverySuite, type DeliveryHarness, waitFor } from './harness.js';
import { RedisKeys } from '../../src/store/keys.js';

const suite = deliverySuite();
let h: DeliveryHarness;

function alert(id: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return { id, kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: Date.now(), title: `alert ${id}`, text: 'BTC breaks below $85,000', data: { level: 85000, direction: 'down' }, ...over };
}
function setup(platform = new RecordingPlatform()) {
  h = suite.harness(uniquePrefix('dlv'), platform);
  return platform;
}
const dupes = (p: RecordingPlatform) => [...p.countBy().values()].filter((n) => n > 1).length;

describe('delivery through BullMQ', () => {
  it('fans one alert out to every chat exactly once; publishing it again adds nothing', async () => {
    const p = setup();
    await h.subscribeMany(120);
    expect(await h.producer.publish(alert('a1'), Date.now())).toEqual({ send: 120, fold: 0, hold: 0 });
    await h.producer.publish(alert('a1'), Date.now());
    suite.workers.push(h.worker(16));
    await waitFor(() => p.receipts.length >= 120, 30_000, '120 receipts');
    await h.drained();
    expect(p.receipts).toHaveLength(120);
    expect(dupes(p)).toBe(0);
  });

  it('a 429 on one chat waits exactly its retry_after and does not hold up the others', async () => {
    const p = setup();
    await h.subscribeMany(20);
    p.failNext('1005', () => new PlatformError('rate_limited', '429', { retryAfterMs: 1500 }), 1);
    const t0 = Date.now();
    await h.producer.publish(alert('a2'), t0);
    suite.workers.push(h.worker(8));
    await waitFor(() => p.receipts.length >= 20, 20_000, '20 receipts');
    const limited = p.receipts.find((r) => r.chatId === '1005')!;
    const others = p.receipts.filter((r) => r.chatId !== '1005');
    expect(limited.at - t0).toBeGreaterThanOrEqual(1500);
    expect(Math.max(...others.map((r) => r.at))).toBeLessThan(limited.at);
    expect(h.outcomes.filter((o) => o === 'rate_limited')).toHaveLength(1);
  });

  it('retries network errors and 5xx with backoff, delivering once', async () => {
    const p = setup();
    await h.subscribeMany(3);
    p.failNext('1001', () => new PlatformError('retry', '502 Bad Gateway', { status: 502 }), 2);
    await h.producer.publish(alert('a3'), Date.now());
    suite.workers.push(h.worker());
    await waitFor(() => p.receipts.length >= 3, 20_000, '3 receipts');
    expect(p.receipts.filter((r) => r.chatId === '1001')).toHaveLength(1);
  });

  it('a chat that kicked the bot is deactivated, not retried, and lands in the dead letters', async () => {
    const p = setup();
    await h.subscribeMany(3);
    p.failNext('1002', () => new PlatformError('gone', 'Forbidden: bot was kicked from the group chat', { status: 403 }), 5);
    await h.producer.publish(alert('a4'), Date.now());
    suite.workers.push(h.worker());
    await waitFor(async () => (await h.redis.zcard(new RedisKeys(h.prefix).deadLetters)) === 1, 20_000, 'dead letter');
    expect((await h.subs.get('telegram', '1002'))!).toMatchObject({ active: false, reason: 'kicked' });
    expect(h.outcomes.filter((o) => o === 'gone')).toHaveLength(1);
    await h.producer.publish(alert('a5'), Date.now());
    await waitFor(() => p.receipts.length >= 4, 20_000, 'second alert');
    expect(p.receipts.filter((r) => r.chatId === '1002')).toHaveLength(0);
  });

  it('a group upgraded to a supergroup: the subscription moves and the message is resent', async () => {
    const p = setup();
    await h.subscribeMany(1, () => '-42');
    p.failNext('-42', () => new PlatformError('migrated', 'group chat was upgraded to a supergroup chat', { migrateTo: '-100042' }));
    await h.producer.publish(alert('a6'), Date.now());
    suite.workers.push(h.worker());
    await waitFor(() => p.receipts.length >= 1, 20_000, 'resend');
    expect(p.receipts[0].chatId).toBe('-100042');
    expect(await h.subs.get('telegram', '-42')).toBeNull();
    expect((await h.subs.get('telegram', '-100042'))!.active).toBe(true);
  });

  it('a cascade is posted once and edited in place (at most once per interval) with what it explains', async () => {
    const p = setup();
    await h.subscribeMany(2);
    suite.workers.push(h.worker());
    const cascade = alert('c1', { kind: 'cascade', severity: 'critical', symbol: null, title: 'Long liquidation cascade', data: { direction: 'down', triggers: [] } });
    await h.producer.publish(cascade, Date.now());
    await waitFor(() => p.receipts.length >= 2, 20_000, 'cascade posts');
    const now = Date.now();
    expect(await h.producer.publish(alert('f1', { cascadeId: 'c1', title: 'ETH breaks below $2,800' }), now)).toEqual({ send: 0, fold: 2, hold: 0 });
    await h.producer.publish(alert('f2', { cascadeId: 'c1', title: 'BTC falls −5.0% in 1d', kind: 'pct_move', data: { changePct: -5 } }), now);
    await waitFor(() => p.receipts.filter((r) => r.edit).length >= 2, 20_000, 'edits');
    await h.drained(); // the delayed (throttled) edits too
    const edits = p.receipts.filter((r) => r.edit);
    expect(edits).toHaveLength(2);
    expect(new Set(edits.map((e) => e.chatId))).toEqual(new Set(['1000', '1001']));
    expect(p.receipts.filter((r) => !r.edit)).toHaveLength(2);
  });

  it('quiet hours hold non-critical alerts for one digest', async () => {
    const p = setup();
    await h.subscribeMany(1);
    await h.subs.updateSettings('telegram', '1000', (s) => ({ ...s, quietHours: { start: '00:00', end: '23:59' } }), 0);
    const now = Date.UTC(2026, 0, 29, 12);
    expect(await h.producer.publish(alert('q1'), now)).toEqual({ send: 0, fold: 0, hold: 1 });
    await h.producer.publish(alert('q2', { title: 'second held' }), now);
    expect(await h.producer.publish(alert('q3', { severity: 'critical', title: 'critical' }), now)).toEqual({ send: 1, fold: 0, hold: 0 });
    await h.producer.enqueueDigest('telegram', '1000', now);
    suite.workers.push(h.worker());
    await waitFor(() => p.receipts.length >= 2, 20_000, 'digest + critical');
    expect(p.receipts.map((r) => r.title).sort()).toEqual(['While you were in quiet hours: 2 alerts', '🚨 BTC breaks below $85,000']);
  });

  it('graceful shutdown: closing the worker finishes the send in flight and records it', async () => {
    const p = setup();
    p.latencyMs = 400;
    await h.subscribeMany(3);
    await h.producer.publish(alert('g1'), Date.now());
    const w = h.worker(1);
    await waitFor(async () => (await h.queue.getActiveCount()) === 1, 10_000, 'a send in flight');
    await w.close();
    expect(p.receipts).toHaveLength(1);
    expect(await h.queue.getActiveCount()).toBe(0);
    expect(await h.queue.getCompletedCount()).toBe(1);
    suite.workers.push(h.worker(4));
    await waitFor(() => p.receipts.length >= 3, 20_000, 'the rest after a restart');
    await h.drained();
    expect([...p.countBy().values()].every((n) => n === 1)).toBe(true);
  });
});
