import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { SendResult } from '../../src/chat/platform.js';
import { cascadeMessage } from '../../src/i18n/alert-message.js';
import { renderAlert, triggersOf } from '../../src/i18n/alerts.js';
import type { Locale } from '../../src/i18n/locale.js';
import { DiscordPlatform } from '../../src/platforms/discord/platform.js';
import { TelegramPlatform } from '../../src/platforms/telegram/platform.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FakeTelegram } from '../fakes/telegram/server.js';

// The cascade message as it grows, through the real adapters, against fakes that enforce caption ≤ 1,024 and
// text ≤ 4,096 UTF-16 units after entity parsing (Telegram) and the embed limits (Discord).
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(900, 5)]);
const T0 = Date.UTC(2026, 0, 29, 13, 24, 34);
const cascade: AlertEvent = {
  id: 'cascade:down:1', kind: 'cascade', severity: 'critical', symbol: null, ts: T0, title: '', text: '',
  data: {
    direction: 'down', liquidationsUsd: 100_003_916, longShare: 0.955, windowMs: 3_600_000,
    triggers: Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, kind: 'level_break', severity: 'warning', symbol: 'ETH', ts: T0 - (40 - i) * 60_000, title: '', data: { level: 3000 - i * 10, direction: 'down', price: 2990 - i * 10, venues: 5 } })),
  },
};
/** folded builds n alerts folded in since, each a level break of an asset with a long name and an emoji-heavy symbol budget. */
const folded = (n: number): AlertEvent[] => Array.from({ length: n }, (_, i) => ({
  id: `f${i}`, kind: 'large_liquidation', severity: 'warning', symbol: 'BTC', ts: T0 + (i + 1) * 20_000, title: '', text: '',
  data: { source: 'hyperliquid', side: 'long', notionalUsd: 31_640_000 + i * 1000, price: 84_720 },
}));

let tgFake: FakeTelegram;
let tg: TelegramPlatform;
let dcFake: FakeDiscord;
let dc: DiscordPlatform;
beforeAll(async () => {
  tgFake = new FakeTelegram();
  await tgFake.start();
  tg = new TelegramPlatform({ token: tgFake.token, apiRoot: tgFake.apiRoot });
  dcFake = await new FakeDiscord({ token: 'cascade-shape-token-0123456789' }).start();
  dc = new DiscordPlatform({ token: 'cascade-shape-token-0123456789', restUrl: dcFake.apiUrl });
});
afterAll(async () => {
  dc.close();
  await dcFake.stop();
  await tgFake.stop();
});

describe.each([
  ['English on UTC', { lang: 'en', tz: 'UTC' } as Locale, '13:24', 'earlier lines not shown'],
  ['Chinese on Beijing time', { lang: 'zh', tz: 'Asia/Shanghai' } as Locale, '21:24', '条较早的记录未显示'],
])('a cascade that grows to 300 updates stays whole and readable (%s)', (_name, locale, clock, earlier) => {
  const msg = (n: number, chart = false) => cascadeMessage({ cascade, triggers: triggersOf(cascade), folded: folded(n) }, locale, chart ? PNG : null);

  it('Telegram: a chart with a caption that always fits, and one text message edited in place (never editMessageText on the photo)', async () => {
    const chat = locale.lang === 'en' ? '-1002000000001' : '-1002000000002';
    let sent: SendResult = await tg.send(chat, msg(0, true));
    for (const n of [1, 5, 20, 60, 150, 300]) sent = await tg.edit(chat, sent, msg(n));
    const [photo, text, ...more] = tgFake.inbox(chat);
    expect(more).toEqual([]);
    expect(photo.kind).toBe('photo');
    expect(photo.shown.length).toBeLessThanOrEqual(1024);
    expect(photo.shown).toContain(locale.lang === 'en' ? 'Long liquidation cascade' : '多单连环爆仓');
    expect(text.shown).toContain(clock);
    expect(text.shown.length).toBeLessThanOrEqual(4096);
    expect(text.shown).toContain(renderAlert(folded(300).at(-1)!, locale).title);
    expect(text.shown).toContain(earlier);
    expect(text.edits).toBe(6);
    expect(tgFake.parseErrors).toBe(0);
    const edits = (id: number) => tgFake.messages.find((m) => m.chatId === chat && m.messageId === id)!.edits.map((e) => e.method);
    expect(edits(photo.messageId)).toEqual([]); // the caption never changes: no call for it
    expect(new Set(edits(text.messageId))).toEqual(new Set(['editMessageText']));
  });

  it('Discord: one embed message edited in place that keeps its chart', async () => {
    const channel = locale.lang === 'en' ? '1300000000000000801' : '1300000000000000802';
    let sent: SendResult = await dc.send(channel, msg(0, true));
    for (const n of [1, 20, 300]) sent = await dc.edit(channel, sent, msg(n));
    const v = dcFake.view(sent.messageIds[0]);
    expect(v.embeds.some((e) => e.image && 'bytes' in e.image && e.image.bytes.equals(PNG))).toBe(true);
    expect(v.files).toEqual([]);
    expect(JSON.stringify(v.embeds)).toContain(renderAlert(folded(300).at(-1)!, locale).title.replace(/\$/g, '$'));
    expect(dcFake.state.counters.formErrors).toBe(0);
  });
});
