import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAID_GLOBAL_PER_SEC, type PaidSettings } from '../src/delivery/paid.js';
import { SEND_INTERVAL_MS } from '../src/delivery/worker.js';
import { DiscordPlatform } from '../src/platforms/discord/platform.js';
import { TelegramPlatform } from '../src/platforms/telegram/platform.js';
import { FakeDiscord } from '../test/fakes/discord/server.js';
import { FakeTelegram } from '../test/fakes/telegram/server.js';
import { fanoutChartPng } from './fanout-chart.js';
import { runPriority } from './fanout-priority.js';
import { runFanout, type FanoutFake, type FanoutResult } from './fanout.js';

const TELEGRAM_LIMIT = 30; // msgs/s overall (Bot FAQ)
const DISCORD_LIMIT = 50; // req/s global (Discord rate-limits doc)
const SIZES = [1_000, 10_000, 50_000];
const PAID: PaidSettings = { mode: 'critical', starsPerDay: 100_000 };
const CHART = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'fanout.png');
type Bar = (ok: boolean, text: string) => void;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (v: number) => v.toLocaleString('en-US');

function report(name: string, limit: number, r: FanoutResult, bar: Bar): void {
  console.log(`  ${name}: ${n(r.delivered)} messages to ${n(r.chats)} chats in ${r.seconds.toFixed(1)} s = ${r.rate.toFixed(1)} msg/s (limit ${limit}/s, ${((r.rate / limit) * 100).toFixed(1)}%); 429s ${r.count429}, lost ${r.lost}, duplicated ${r.duplicates}`);
  const w = r.ledgerWindowMs;
  console.log(`    send → ledger write window (a kill inside it is the only way to post twice): p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, max ${w.max.toFixed(2)} ms`);
  bar(r.rate >= 0.9 * limit && r.count429 === 0 && r.lost === 0 && r.duplicates === 0, `${name}: ≥ 90% of the limit, zero 429s, zero lost, zero duplicated`);
}

/** times is one size's line: publish → first chat, p99, last chat. */
function times(label: string, r: FanoutResult): string {
  return `  ${label.padEnd(24)} ${n(r.chats).padStart(6)} chats: first ${s(r.firstMs).padStart(7)}, p99 ${s(r.p99Ms).padStart(8)}, last ${s(r.lastMs).padStart(8)}  (${r.rate.toFixed(1)} msg/s, enqueue ${s(r.enqueueMs)}, 429s ${r.count429}, lost ${r.lost}, dup ${r.duplicates}${r.paidMessages ? `, paid ${n(r.paidMessages)}, ${r.stars.toFixed(1)} Stars` : ''})`;
}

/** telegramRun fans one critical out to `chats` Telegram chats against a fresh strict fake (free, or paid broadcast on). */
async function telegramRun(chats: number, paid: boolean): Promise<FanoutResult> {
  const tg = new FakeTelegram({ limits: 'strict', stars: { chargeMode: 'overFree' } });
  await tg.start();
  const platform = new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot });
  const fake: FanoutFake = {
    received: () => tg.messages.map((m) => ({ chatId: m.chatId, at: m.time, text: m.text })),
    count: () => tg.messages.length,
    tooManyRequests: () => tg.tooManyRequests,
    paid: () => ({ messages: tg.stars.paidMessages, stars: tg.stars.spent }),
  };
  try {
    const processes = Number(process.env.BENCH_WORKERS ?? 0);
    const opts = paid ? { paid: PAID, concurrency: 128, ...(processes > 0 ? { processes: { count: processes, apiRoot: tg.apiRoot, token: tg.token } } : {}) } : {};
    return await runFanout(platform, fake, chats, paid ? Math.max(120_000, chats * 10) : chats * 60, (i) => String(100_000 + i), opts);
  } finally {
    await tg.stop();
  }
}

/** telegramTiers runs 1,000 / 10,000 / 50,000 chats paid, and free up to BENCH_FREE_MAX (larger free sizes extrapolated). */
async function telegramTiers(bar: Bar): Promise<void> {
  const freeMax = Number(process.env.BENCH_FREE_MAX ?? 10_000);
  console.log(`\n== Fan-out of one critical alert to Telegram chats: time from publish to the first and last chat ==`);
  console.log(`  (strict fake: 30/s overall, 1,000/s with allow_paid_broadcast, 20/min a group, 1/s a chat; paid: TELEGRAM_PAID_BROADCAST=critical, paced at ${PAID_GLOBAL_PER_SEC}/s,`);
  console.log(`   ${Number(process.env.BENCH_WORKERS ?? 0) > 0 ? `${process.env.BENCH_WORKERS} worker processes` : 'one worker in this process'} at concurrency 128; fake, producer and worker share this machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at start)`);
  const free: FanoutResult[] = [];
  const paid: FanoutResult[] = [];
  await telegramRun(300, true); // warm-up (JIT, connections): not printed
  for (const size of SIZES) {
    paid.push(await telegramRun(size, true));
    console.log(times('paid broadcast', paid[paid.length - 1]));
  }
  for (const size of SIZES.filter((x) => x <= freeMax)) {
    free.push(await telegramRun(size, false));
    console.log(times('free (measured)', free[free.length - 1]));
  }
  const base = free[free.length - 1];
  for (const size of base ? SIZES.filter((x) => x > freeMax) : []) {
    const lastMs = base.firstMs + (size - 1) / base.rate * 1000;
    console.log(`  ${'free (EXTRAPOLATED)'.padEnd(24)} ${n(size).padStart(6)} chats: first ${s(base.firstMs).padStart(7)}, p99 ${s(base.firstMs + (0.99 * size) / base.rate * 1000).padStart(8)}, last ${s(lastMs).padStart(8)}  (not run: ${n(size)} ÷ the ${n(base.chats)}-chat run's ${base.rate.toFixed(1)} msg/s; BENCH_FREE_MAX=${size} measures it, about ${Math.round(size / base.rate / 60)} min)`);
  }
  const paid10k = paid.find((r) => r.chats === 10_000)!;
  const free10k = free.find((r) => r.chats === 10_000);
  if (free10k) report('Telegram free, 10,000 chats', TELEGRAM_LIMIT, free10k, bar);
  bar(paid10k.lastMs <= 15_000 && paid10k.lost === 0 && paid10k.duplicates === 0 && paid10k.count429 === 0, `Telegram paid broadcast: last of 10,000 chats served in ${s(paid10k.lastMs)} (bar ≤ 15 s), zero 429s, lost, duplicated`);
  if (free10k) {
    mkdirSync(dirname(CHART), { recursive: true });
    mkdirSync(join(dirname(CHART), '..', 'bench', 'out'), { recursive: true });
    writeFileSync(join(dirname(CHART), '..', 'bench', 'out', 'fanout-series.json'), JSON.stringify({ paid: paid10k.served, free: free10k.served }));
    writeFileSync(CHART, fanoutChartPng([
      { label: `paid broadcast: last chat at ${s(paid10k.lastMs)}`, colour: '#f5a623', served: paid10k.served },
      { label: `free 30/s: last chat at ${s(free10k.lastMs)}`, colour: '#4a90e2', served: free10k.served },
    ], 'One critical alert to 10,000 Telegram chats: chats served after publish'));
    console.log(`  chart: ${CHART}`);
  }
}

/** priority runs 2,000 info posts then one critical, free and with paid broadcast for critical alerts. */
async function priority(bar: Bar): Promise<void> {
  console.log('\n== Priority: 2,000 info posts queued (10 alerts × 200 chats), then one critical to the same 200 chats ==');
  for (const paid of [false, true]) {
    const tg = new FakeTelegram({ limits: 'strict', stars: { chargeMode: 'overFree' } });
    await tg.start();
    const platform = new TelegramPlatform({ token: tg.token, apiRoot: tg.apiRoot });
    const fake: FanoutFake = { received: () => tg.messages.map((m) => ({ chatId: m.chatId, at: m.time, text: m.text })), count: () => tg.messages.length, tooManyRequests: () => tg.tooManyRequests };
    const r = await runPriority(platform, fake, 200, (i) => String(300_000 + i), paid ? PAID : undefined).finally(() => tg.stop());
    const c = r.critical;
    console.log(`  ${paid ? 'paid broadcast for critical' : 'free'}: critical first chat ${s(c.firstMs)}, p99 ${s(c.p99Ms)}, last ${s(c.lastMs)}; info queue drained ${s(r.infoDrainMs)} after the critical was published, ${n(r.infoLeftAtCritical)} of ${n(r.infoPosts)} info posts still queued when the critical had reached all its chats; 429s ${r.count429}, lost ${r.lost}`);
    bar(c.lastMs < r.infoDrainMs && r.infoLeftAtCritical > 0 && r.lost === 0, `${paid ? 'paid' : 'free'}: the critical reached all 200 chats before the info queue drained`);
  }
}

/**
 * runFanoutSection: the Telegram tiers (free and paid), the priority run, and Discord at CHATS, against fakes enforcing
 * the published limits; BENCH_FANOUT=tiers,priority,discord picks the parts.
 */
export async function runFanoutSection(chats: number, bar: Bar): Promise<void> {
  console.log(`\n(worker pacing: one send per ${SEND_INTERVAL_MS.telegram} ms on Telegram free, ${SEND_INTERVAL_MS.discord} ms on Discord)`);
  const parts = (process.env.BENCH_FANOUT ?? 'tiers,priority,discord').split(',');
  if (parts.includes('tiers')) await telegramTiers(bar);
  if (parts.includes('priority')) await priority(bar);
  if (!parts.includes('discord')) return;
  console.log(`\n== Fan-out: one alert to ${n(chats)} Discord channels through BullMQ and discord.js REST ==`);
  const dc = new FakeDiscord({ rateLimits: 'strict' });
  await dc.start();
  const dcPlatform = new DiscordPlatform({ token: 'fake-discord-token', restUrl: dc.apiUrl });
  const d = await runFanout(dcPlatform, {
    received: () => dc.messages.map((m) => ({ chatId: m.channelId, at: m.time })),
    count: () => dc.messages.length,
    tooManyRequests: () => dc.count429.total,
  }, chats, chats * 40, (i) => String(900_000_000_000_000_000n + BigInt(i)));
  dcPlatform.close();
  await dc.stop();
  console.log(times('Discord', d));
  report('Discord (discord.js REST)', DISCORD_LIMIT, d, bar);
}
