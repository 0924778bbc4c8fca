// Priority bench: 2,000 info posts queued, then one critical alert; the critical reaches all its chats before the info
// queue drains. Real BullMQ and telegraf against the limit-enforcing Telegram fake.
import type { ChatPlatform } from '../src/chat/platform.js';
import type { PaidSettings } from '../src/delivery/paid.js';
import { benchAlert, BenchRig, quantile, type FanoutFake } from './fanout.js';

/** PriorityResult is what the priority run printed. */
export interface PriorityResult {
  infoPosts: number;
  criticalChats: number;
  /** ms after the critical was published: its first and last chat, p99. */
  critical: { firstMs: number; lastMs: number; p99Ms: number };
  /** ms after the critical was published until the last info post landed. */
  infoDrainMs: number;
  /** info posts still to go when the critical had reached its last chat. */
  infoLeftAtCritical: number;
  count429: number;
  lost: number;
}

const INFO_ALERTS = 10;

/**
 * runPriority subscribes `chats` chats to info, queues INFO_ALERTS info alerts to them (2,000 posts for 200 chats),
 * then publishes one critical to the same chats and times both.
 */
export async function runPriority(platform: ChatPlatform, fake: FanoutFake, chats: number, chatId: (i: number) => string, paid?: PaidSettings): Promise<PriorityResult> {
  const rig = new BenchRig(platform);
  await rig.start(`bench-prio-${platform.name}`);
  await rig.subscribe(chats, chatId, 'info');
  const ids = new Set(Array.from({ length: chats }, (_, i) => chatId(i)));
  const worker = rig.worker({ concurrency: 32, ...(paid ? { paid } : {}) });
  await worker.waitUntilReady();
  for (let i = 0; i < INFO_ALERTS; i++) await rig.producer.publish({ ...benchAlert(`info-${Date.now()}-${i}`, 'info'), kind: 'level_break', symbol: 'BTC', data: { level: 90_000 + i * 1000, direction: 'up', price: 90_010 + i * 1000 } }, Date.now());
  const t0 = Date.now();
  await rig.producer.publish(benchAlert(`crit-${t0}`), t0);
  const isCritical = (text?: string) => !!text && text.includes('412');
  const mine = () => fake.received().filter((r) => ids.has(r.chatId));
  const total = chats * (INFO_ALERTS + 1);
  let criticalDoneAt = 0;
  let infoLeft = 0;
  for (const end = t0 + 15 * 60_000; Date.now() < end;) {
    const got = mine();
    if (!criticalDoneAt && got.filter((r) => isCritical(r.text)).length >= chats) {
      criticalDoneAt = Date.now();
      infoLeft = chats * INFO_ALERTS - got.filter((r) => !isCritical(r.text)).length;
    }
    if (got.length >= total) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const got = mine();
  await worker.close();
  await rig.stop();
  const crit = got.filter((r) => isCritical(r.text)).map((r) => r.at - t0).sort((a, b) => a - b);
  const info = got.filter((r) => !isCritical(r.text));
  return {
    infoPosts: chats * INFO_ALERTS, criticalChats: chats, critical: { firstMs: crit[0] ?? NaN, lastMs: crit[crit.length - 1] ?? NaN, p99Ms: quantile(crit, 0.99) },
    infoDrainMs: Math.max(...info.map((r) => r.at)) - t0, infoLeftAtCritical: infoLeft, count429: fake.tooManyRequests(), lost: total - new Set(got.map((r) => `${r.chatId}|${isCritical(r.text)}|${r.text}`)).size,
  };
}
