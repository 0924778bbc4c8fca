import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DELIVERY_PRIORITY } from '../../src/delivery/jobs.js';
import { jobIdFor } from '../../src/lifecycle/dedup.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { RecordingPlatform } from '../helpers/recording-platform.js';
import { uniquePrefix } from '../helpers/redis.js';
import { crashDay } from './crash-day.js';
import { deliverySuite, type DeliveryHarness, waitFor } from './harness.js';

const suite = deliverySuite();
const tg = new FakeTelegram({ limits: 'strict' });
beforeAll(() => tg.start());
afterAll(() => tg.stop());
let h: DeliveryHarness;

/** alert is a BTC level break; messages are written from the data, so the level tells them apart in a chat. */
function alert(id: string, severity: AlertEvent['severity'], level: number): AlertEvent {
  return { id, kind: 'level_break', severity, symbol: 'BTC', ts: Date.now(), title: `BTC ${level}`, text: `BTC ${level}`, data: { level, direction: 'down', price: level - 10 } };
}
const shown = (level: number) => level.toLocaleString('en-US');

describe('critical first (BullMQ priority on real Redis, the real telegraf client against the strict fake)', () => {
  it('a critical published behind 200 queued info posts reaches all its chats while the info queue is still draining; info keeps its order in each chat', async () => {
    const prefix = uniquePrefix('prio');
    h = suite.harness(prefix, new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot }));
    const chats = Array.from({ length: 40 }, (_, i) => String(7_000_000 + i));
    for (const c of chats) await h.subs.subscribe('telegram', c, 0, undefined, { minSeverity: 'info' });
    const mine = () => tg.messages.filter((m) => chats.includes(m.chatId));
    suite.workers.push(h.worker(8));
    for (let i = 1; i <= 5; i++) await h.producer.publish(alert(`info-${prefix}-${i}`, 'info', 80_000 + i * 1000), Date.now());
    await waitFor(() => mine().length >= 20, 20_000, 'the info posts under way');
    await h.producer.publish(alert(`crit-${prefix}`, 'critical', 60_000), Date.now());
    await waitFor(() => mine().filter((m) => m.text?.includes(shown(60_000))).length === 40, 30_000, 'the critical in all 40 chats');
    const infoLeft = 200 - mine().filter((m) => !m.text?.includes(shown(60_000))).length;
    // FIFO would post all 200 info first; by priority the critical goes out within about one round of 40 sends.
    expect(infoLeft).toBeGreaterThan(100);
    await h.drained(60_000);
    const got = mine();
    expect(got).toHaveLength(240);
    expect(tg.tooManyRequests).toBe(0);
    for (const c of chats) {
      const levels = got.filter((m) => m.chatId === c && !m.text?.includes(shown(60_000))).map((m) => [1, 2, 3, 4, 5].find((i) => m.text?.includes(shown(80_000 + i * 1000))));
      expect(levels).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('every job carries a priority (BullMQ runs a job without one before all prioritized jobs)', async () => {
    h = suite.harness(uniquePrefix('prio'), new RecordingPlatform());
    await h.subs.subscribe('telegram', '1', 0, undefined, { minSeverity: 'info' });
    await h.producer.publish(alert('c1', 'critical', 60_000), Date.now());
    await h.producer.publish(alert('w1', 'warning', 70_000), Date.now());
    await h.producer.publish(alert('i1', 'info', 80_000), Date.now());
    await h.producer.enqueueMessage('telegram', '1', 'summary-1', Date.now());
    await h.producer.enqueueDigest('telegram', '1', Date.now());
    const jobs = await h.queue.getJobs(['prioritized', 'waiting', 'delayed']);
    const byId = Object.fromEntries(jobs.map((j) => [String(j.id), j.opts.priority]));
    expect(byId[jobIdFor('send', 'c1', 'telegram', '1')]).toBe(DELIVERY_PRIORITY.critical);
    expect(byId[jobIdFor('send', 'w1', 'telegram', '1')]).toBe(DELIVERY_PRIORITY.warning);
    expect(byId[jobIdFor('send', 'i1', 'telegram', '1')]).toBe(DELIVERY_PRIORITY.info);
    expect(byId[jobIdFor('send', 'summary-1', 'telegram', '1')]).toBe(DELIVERY_PRIORITY.batch);
    expect(jobs.every((j) => (j.opts.priority ?? 0) > 0)).toBe(true);
    expect(await h.queue.getWaitingCount()).toBe(0);
  });
});

describe("a cascade's updates do not starve new alerts, and never land before their message", () => {
  const day = crashDay();
  const CASCADE = day.alerts.find((a) => a.alert.kind === 'cascade')!.alert;
  const folded = day.alerts.find((a) => a.alert.cascadeId === CASCADE.id && a.alert.kind !== 'cascade')!.alert;

  it('queued together, each chat gets the cascade, then the new warning, then the update of the cascade', async () => {
    // Discord: no 1/s spacing per channel, so the order below is the queue's order alone.
    const p = new RecordingPlatform('discord');
    h = suite.harness(uniquePrefix('prio'), p, 200);
    const chats = ['11', '12', '13'];
    for (const c of chats) await h.subs.subscribe('discord', c, 0);
    await h.producer.publish(CASCADE, Date.now());
    await h.producer.publish(folded, Date.now());
    await new Promise((r) => setTimeout(r, 500));
    // A worker takes the first cascade message and brings the due updates into the queue (ahead of the new alert), then stops.
    const first = h.worker(1);
    // Paused as its first message is recorded: it finishes that job and takes no other.
    p.onReceipt = () => void first.pause(true);
    await waitFor(() => h.outcomes.length === 1, 20_000, 'the first cascade message');
    await first.close();
    p.onReceipt = undefined;
    expect(p.receipts).toHaveLength(1);
    await h.producer.publish(alert('new-warning', 'warning', 55_000), Date.now());
    suite.workers.push(h.worker(1));
    await waitFor(() => p.receipts.length >= 9 && h.outcomes.length >= 9, 60_000, 'three messages in each chat');
    // Taken in priority order: no update came up before its cascade message had landed (it would have had to wait).
    expect(h.outcomes).toEqual([...Array(6).fill('sent'), ...Array(3).fill('edited')]);
    const kind = (r: (typeof p.receipts)[number]) => (r.edit ? 'update' : r.title.includes(shown(55_000)) ? 'new' : 'cascade');
    expect(p.receipts.map(kind)).toEqual(['cascade', 'cascade', 'cascade', 'new', 'new', 'new', 'update', 'update', 'update']);
    for (const c of chats) {
      const inChat = p.receipts.filter((r) => r.chatId === c);
      expect(inChat.map(kind)).toEqual(['cascade', 'new', 'update']);
      expect(inChat[2].messageId).toBe(inChat[0].messageId);
    }
  }, 90_000);
});
