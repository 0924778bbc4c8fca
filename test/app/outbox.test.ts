import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/alerts/outbox.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { Severity } from '../../src/chat/severity.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { PayloadStore } from '../../src/delivery/payloads.js';
import { DeliveryProducer } from '../../src/delivery/producer.js';
import { RedisKeys } from '../../src/store/keys.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

// Issue 15: while Redis is unreachable, alerts wait in a bounded in-process outbox and are flushed in order when it returns.
const alert = (n: number, severity: Severity): AlertEvent => ({ id: `t:${n}`, kind: 'pct_move', severity, symbol: 'BTC', ts: 1_769_690_000_000 + n, title: `alert ${n}`, text: `alert ${n}`, data: {} });

function logSink() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write(chunk, _e, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('the drop order of a full outbox (pure)', () => {
  const run = (max: number, sev: Severity[]) => {
    const { log, lines } = logSink();
    const o = new Outbox({ publish: async () => {}, up: () => false, max, log });
    sev.forEach((s, i) => o.push(alert(i, s)));
    return { kept: o.alerts().map((a) => `${a.id.slice(2)}${a.severity[0]}`), lines, dropped: o.dropped };
  };
  it.each([
    ['room for all', 4, ['info', 'warning', 'critical'], ['0i', '1w', '2c']],
    ['the oldest info goes first', 3, ['info', 'warning', 'info', 'critical'], ['1w', '2i', '3c']],
    ['then the oldest warning', 2, ['warning', 'critical', 'warning', 'critical'], ['1c', '3c']],
    ['a new info is dropped when only warnings and criticals are held', 2, ['warning', 'critical', 'info'], ['0w', '1c']],
    ['a critical is never dropped: the outbox grows past its bound', 2, ['critical', 'critical', 'critical', 'info'], ['0c', '1c', '2c']],
  ] as Array<[string, number, Severity[], string[]]>)('%s', (_name, max, sev, want) => {
    const r = run(max, sev);
    expect(r.kept).toEqual(want);
    expect(r.lines.filter((l) => /alert outbox full/.test(String(l.msg)))).toHaveLength(r.dropped);
    expect(r.lines.filter((l) => /alert outbox full/.test(String(l.msg))).every((l) => l.severity !== 'critical')).toBe(true);
  });
});

describe('outbox against a real Redis that is killed and restarted', () => {
  const redis = new TestRedis();
  beforeAll(() => redis.start());
  afterAll(() => redis.dispose());

  it('holds alerts while Redis is down (size and age grow), then hands them on in order; info dropped first, no critical lost', async () => {
    const prefix = uniquePrefix('outbox');
    const client = redis.client();
    const subs = new SubscriptionStore(client, prefix);
    await subs.subscribe('telegram', '-100', 0);
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue<DeliveryJob>(queueName('telegram'), { connection, prefix: new RedisKeys(prefix).bull });
    queue.on('error', () => {});
    const producer = new DeliveryProducer({ redis: client, prefix, queues: { telegram: queue }, subs, payloads: new PayloadStore(client, prefix), groupWaitMs: 0 });
    const published: string[] = [];
    const { log, lines } = logSink();
    const outbox = new Outbox({ publish: (a) => producer.publish(a, Date.now()), up: () => client.status === 'ready', max: 6, log, onPublished: (a) => published.push(a.id) });
    client.on('ready', () => outbox.kick());

    outbox.push(alert(0, 'warning'));
    await outbox.idle();
    expect(published).toEqual(['t:0']);

    await redis.stop('SIGKILL');
    const sev: Severity[] = ['critical', 'info', 'warning', 'info', 'critical', 'warning', 'info', 'critical', 'warning'];
    sev.forEach((s, i) => outbox.push(alert(i + 1, s)));
    await new Promise((r) => setTimeout(r, 300));
    expect(outbox.size).toBe(6);
    expect(outbox.oldestAgeMs()).toBeGreaterThanOrEqual(250);
    expect(published).toEqual(['t:0']);
    // Three over the bound: the three info alerts were dropped, each logged.
    expect(lines.filter((l) => /alert outbox full/.test(String(l.msg))).map((l) => l.alert)).toEqual(['t:2', 't:4', 't:7']);

    await redis.start();
    for (let i = 0; i < 100 && outbox.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(outbox.size).toBe(0);
    const want = sev.map((s, i) => ({ s, id: `t:${i + 1}` })).filter((x) => x.s !== 'info').map((x) => x.id);
    expect(published).toEqual(['t:0', ...want]);
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(new Set(jobs.map((j) => j.data.payloadId))).toEqual(new Set(['t:0', ...want]));
    await queue.close();
    client.disconnect();
  }, 30_000);
});
