import { DiscordPlatform } from '../src/platforms/discord/platform.js';
import { TelegramPlatform } from '../src/platforms/telegram/platform.js';
import { SEND_INTERVAL_MS } from '../src/delivery/worker.js';
import { FakeDiscord } from '../test/fakes/discord/server.js';
import { FAKE_TOKEN, FakeTelegram } from '../test/fakes/telegram/server.js';
import { runFanout, type FanoutResult } from './fanout.js';

const TELEGRAM_LIMIT = 30; // msgs/s overall (Bot FAQ)
const DISCORD_LIMIT = 50; // req/s global (Discord rate-limits doc)

function report(name: string, limit: number, r: FanoutResult, bar: (ok: boolean, text: string) => void): void {
  console.log(`  ${name}: ${r.delivered.toLocaleString('en-US')} messages to ${r.chats.toLocaleString('en-US')} chats in ${r.seconds.toFixed(1)} s = ${r.rate.toFixed(1)} msg/s (limit ${limit}/s, ${((r.rate / limit) * 100).toFixed(1)}%); 429s ${r.count429}, lost ${r.lost}, duplicated ${r.duplicates}`);
  const w = r.ledgerWindowMs;
  console.log(`    send → ledger write window (a kill inside it is the only way to post twice): p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, max ${w.max.toFixed(2)} ms`);
  bar(r.rate >= 0.9 * limit && r.count429 === 0 && r.lost === 0 && r.duplicates === 0, `${name}: ≥ 90% of the limit, zero 429s, zero lost, zero duplicated`);
}

/** runFanoutSection fans one alert out to CHATS chats on each platform, against fakes enforcing the published limits. */
export async function runFanoutSection(chats: number, bar: (ok: boolean, text: string) => void): Promise<void> {
  console.log(`\n== Fan-out: one alert to ${chats.toLocaleString('en-US')} chats through BullMQ and the real clients ==`);
  console.log(`  (worker pacing: one send per ${SEND_INTERVAL_MS.telegram} ms on Telegram, ${SEND_INTERVAL_MS.discord} ms on Discord)`);
  const tg = new FakeTelegram({ limits: 'strict' });
  await tg.start();
  const tgPlatform = new TelegramPlatform({ token: FAKE_TOKEN, apiRoot: tg.apiRoot });
  const t = await runFanout(tgPlatform, {
    received: () => tg.messages.map((m) => ({ chatId: m.chatId, at: m.time })),
    tooManyRequests: () => tg.tooManyRequests,
  }, chats, chats * 60, (i) => String(100_000 + i));
  await tg.stop();
  report('Telegram (telegraf)', TELEGRAM_LIMIT, t, bar);

  const dc = new FakeDiscord({ rateLimits: 'strict' });
  await dc.start();
  const dcPlatform = new DiscordPlatform({ token: 'fake-discord-token', restUrl: dc.apiUrl });
  const d = await runFanout(dcPlatform, {
    received: () => dc.messages.map((m) => ({ chatId: m.channelId, at: m.time })),
    tooManyRequests: () => dc.count429.total,
  }, chats, chats * 40, (i) => String(900_000_000_000_000_000n + BigInt(i)));
  dcPlatform.close();
  await dc.stop();
  report('Discord (discord.js REST)', DISCORD_LIMIT, d, bar);
}
