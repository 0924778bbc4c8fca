import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RichMessage } from '../../../src/chat/message.js';
import { TelegramPlatform } from '../../../src/platforms/telegram/platform.js';
import { parseTelegramHtml } from '../../fakes/telegram/html.js';
import { FakeTelegram } from '../../fakes/telegram/server.js';

/** CORPUS holds hostile values a coin name, exchange name or user argument could carry. */
const CORPUS: Array<[string, string]> = [
  ['HTML specials', `<>&"'`],
  ['closing tag then a javascript link', '</b><a href="javascript:alert(1)">click</a>'],
  ['already-escaped entity', '&amp;'],
  ['double escaped', '&amp;amp; &lt;b&gt;'],
  ['bare ampersand runs', '&& &;& &#; &#x; &'],
  ['named entity Telegram refuses', '&nbsp;&copy;'],
  ['numeric entities', '&#60;b&#62; &#x3C;'],
  ['unclosed tags', '<b><i><u>'],
  ['Telegram tags', '<tg-spoiler>x</tg-spoiler><pre><code class="language-js">y</code></pre><blockquote expandable>z'],
  ['zero-width characters', 'B\u200BT\u200CC\u200D\uFEFF'],
  ['right-to-left overrides', '\u202Eevil\u202C \u202Bرسالة\u202C \u2067iso\u2069'],
  ['emoji sequences', '👨‍👩‍👧 🏳️‍🌈 🇺🇸'],
  ['combining marks', 'Z̴̡̛a̵l̸g̷o̶'],
  ['newlines and tabs', 'a\nb\r\nc\td'],
  ['5,000-character name of specials', '<&>"'.repeat(1250)],
  ['5,000-character name with spaces', 'SHIB&<co> '.repeat(500)],
];

function everywhere(v: string): RichMessage {
  return {
    title: v,
    blocks: [
      { type: 'text', text: v },
      { type: 'heading', text: v },
      { type: 'list', items: [v, `${v}!`] },
      { type: 'fields', fields: [{ name: v, value: v }] },
    ],
    footer: v,
  };
}

/** shown joins what a chat shows across all its messages, lines ignored (a cut may fall between them). */
function shown(fake: FakeTelegram, chatId: string): string {
  return fake
    .sentTo(chatId)
    .map((m) => {
      const parsed = parseTelegramHtml(m.text ?? m.caption ?? '');
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.text;
    })
    .join('')
    .replace(/\n/g, '');
}

let fake: FakeTelegram;
let tg: TelegramPlatform;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  tg = new TelegramPlatform({ token: fake.token, apiRoot: fake.apiRoot });
});
afterAll(() => fake.stop());

describe('injection corpus: every value escaped, zero parse errors at the fake', () => {
  it.each(CORPUS)('%s (text messages)', async (name, value) => {
    const chatId = String(1000 + CORPUS.findIndex(([n]) => n === name));
    await tg.send(chatId, everywhere(value));
    expect(fake.parseErrors).toBe(0);
    expect(fake.sentTo(chatId).every((m) => m.parseMode === 'HTML')).toBe(true);
    expect(shown(fake, chatId)).toContain(value.replace(/\r\n/g, '\n').replace(/\n/g, ''));
  });

  it.each(CORPUS)('%s (photo caption)', async (name, value) => {
    const chatId = String(2000 + CORPUS.findIndex(([n]) => n === name));
    await tg.send(chatId, { ...everywhere(value), image: { png: Buffer.from('png'), filename: 'c.png' } });
    expect(fake.parseErrors).toBe(0);
    expect(fake.sentTo(chatId)[0].method).toBe('sendPhoto');
    expect(shown(fake, chatId)).toContain(value.replace(/\r\n/g, '\n').replace(/\n/g, ''));
  });
});
