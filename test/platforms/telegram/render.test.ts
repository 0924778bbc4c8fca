import { describe, expect, it } from 'vitest';
import type { RichMessage } from '../../../src/chat/message.js';
import { escapeHtml, renderTelegram, renderTelegramPhoto, TELEGRAM_MAX_CAPTION, TELEGRAM_MAX_TEXT, type TelegramChunk } from '../../../src/platforms/telegram/render.js';
import { parseTelegramHtml } from '../../fakes/telegram/html.js';

/** visible is what Telegram shows for a chunk: its HTML parsed by the fake's strict parser (which must accept it). */
function visible(chunk: TelegramChunk): string {
  const parsed = parseTelegramHtml(chunk.html);
  if (!parsed.ok) throw new Error(`${parsed.error} in ${chunk.html.slice(0, 200)}`);
  return parsed.text;
}

function text(t: string, title = ''): RichMessage {
  return { title, blocks: [{ type: 'text', text: t }] };
}

describe('escapeHtml', () => {
  it.each([
    ['tags', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['ampersand before an entity', '&amp;', '&amp;amp;'],
    ['quotes', 'a "b"', 'a &quot;b&quot;'],
    ['plain', 'BTC −5%', 'BTC −5%'],
  ])('%s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('renderTelegram layout', () => {
  it('bolds the title and headings, bullets lists, writes fields as name: value and italicises the footer', () => {
    const msg: RichMessage = {
      title: '🚨 BTC < $85,000',
      blocks: [
        { type: 'text', text: 'Longs & shorts' },
        { type: 'heading', text: 'Largest' },
        { type: 'list', items: ['Binance $31M', 'OKX <$5M>'] },
        { type: 'fields', fields: [{ name: 'Total', value: '$620M' }] },
      ],
      footer: 'Sources: binance, okx',
    };
    const [chunk, ...more] = renderTelegram(msg);
    expect(more).toEqual([]);
    expect(chunk.html).toBe(
      '<b>🚨 BTC &lt; $85,000</b>\n\nLongs &amp; shorts\n\n<b>Largest</b>\n• Binance $31M\n• OKX &lt;$5M&gt;\n\n<b>Total</b>: $620M\n\n<i>Sources: binance, okx</i>',
    );
    expect(visible(chunk)).toBe(chunk.plain);
    expect(chunk.plain).toContain('Total: $620M');
    expect(chunk.length).toBe(chunk.plain.length);
  });

  it('sends an ellipsis rather than an empty text (Telegram refuses empty messages)', () => {
    expect(renderTelegram({ title: '  ', blocks: [] }).map((c) => c.plain)).toEqual(['\u2026']);
  });

  it('replaces lone surrogates so the text stays valid UTF-8', () => {
    const [chunk] = renderTelegram(text('a\uD800b'));
    expect(chunk.plain).toBe('a\uFFFDb');
  });
});

describe('renderTelegram limits (TELEGRAM_MAX_TEXT = 4096 after entity parsing)', () => {
  it('keeps exactly 4096 visible characters in one message', () => {
    const chunks = renderTelegram(text('x'.repeat(TELEGRAM_MAX_TEXT)));
    expect(chunks).toHaveLength(1);
    expect(visible(chunks[0])).toHaveLength(4096);
  });

  it('splits 4097 visible characters into two messages that together hold every character', () => {
    const chunks = renderTelegram(text('x'.repeat(TELEGRAM_MAX_TEXT + 1)));
    expect(chunks).toHaveLength(2);
    expect(chunks.map((c) => visible(c).length)).toEqual([4096, 1]);
  });

  it('counts an escaped & as one character: 4096 of them fit, 4097 split, never inside an entity', () => {
    expect(renderTelegram(text('&'.repeat(4096)))).toHaveLength(1);
    const chunks = renderTelegram(text('&'.repeat(4097)));
    expect(chunks).toHaveLength(2);
    expect(chunks.map((c) => visible(c)).join('')).toBe('&'.repeat(4097));
  });

  it('splits at line boundaries', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'y'.repeat(80)}`);
    const chunks = renderTelegram(text(lines.join('\n')));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(visible(c).length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
      for (const l of visible(c).split('\n')) expect(lines).toContain(l);
    }
    expect(chunks.flatMap((c) => visible(c).split('\n'))).toEqual(lines);
  });

  it('cuts a 5,000-character bold title safely: each piece re-opens the tag, nothing is lost', () => {
    const name = '<&>'.repeat(1667).slice(0, 5000);
    const chunks = renderTelegram({ title: name, blocks: [{ type: 'text', text: 'after' }] });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(visible(c).length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(chunks[0].html.startsWith('<b>')).toBe(true);
    expect(chunks[1].html.startsWith('<b>')).toBe(true);
    expect(chunks.map((c) => visible(c)).join('').replace(/\n/g, '')).toBe(`${name}after`);
  });

  it('cuts a long line of words at a space near the limit', () => {
    const line = 'SHIB&<co> '.repeat(500).trim();
    const chunks = renderTelegram(text(line));
    expect(chunks).toHaveLength(2);
    expect(chunks[0].plain.endsWith('SHIB&<co> ')).toBe(true);
    expect(chunks[0].length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(chunks.map((c) => visible(c)).join('')).toBe(line);
  });

  it('cuts one long line of Chinese after a 。 or ， (not mid-clause), each message within 4,096 UTF-16 units', () => {
    const sentence = '比特币跌破八万五千美元，多单爆仓超过六亿美元；资金费率转负。';
    const line = sentence.repeat(200); // 6,000 units, no newline, no space
    const chunks = renderTelegram(text(line));
    expect(chunks).toHaveLength(2);
    expect(chunks[0].length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(chunks[0].length).toBeGreaterThan(TELEGRAM_MAX_TEXT / 2);
    expect(chunks[0].plain).toMatch(/[。，；]$/);
    expect(chunks.map((c) => visible(c)).join('')).toBe(line);
  });

  it('counts a caption in UTF-16 units: 600 Chinese characters and 300 emoji (2 units each) do not fit 1,024', () => {
    const msg: RichMessage = { title: '', blocks: [{ type: 'text', text: `${'爆'.repeat(600)}${'📉'.repeat(300)}` }], image: { png: Buffer.from([1]), filename: 'chart.png' } };
    const parts = renderTelegramPhoto(msg);
    expect(parts.caption.length).toBeLessThanOrEqual(TELEGRAM_MAX_CAPTION);
    expect([parts.caption, ...parts.rest].map((c) => visible(c)).join('')).toBe(msg.blocks[0].type === 'text' ? msg.blocks[0].text : '');
    for (const c of [parts.caption, ...parts.rest]) expect(visible(c)).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('never splits a surrogate pair at the cut', () => {
    const chunks = renderTelegram(text(`${'x'.repeat(4095)}😀${'z'.repeat(10)}`));
    expect(chunks.map((c) => c.length)).toEqual([4095, 12]);
    expect(chunks[1].plain.startsWith('😀')).toBe(true);
  });
});

describe('renderTelegramPhoto (TELEGRAM_MAX_CAPTION = 1024)', () => {
  const png = { png: Buffer.from([1]), filename: 'chart.png' };

  it('keeps a 1024-character message whole in the caption', () => {
    const parts = renderTelegramPhoto({ ...text('c'.repeat(TELEGRAM_MAX_CAPTION)), image: png });
    expect(visible(parts.caption)).toHaveLength(1024);
    expect(parts.rest).toEqual([]);
  });

  it('moves what does not fit in 1024 characters to the text messages after the photo', () => {
    const msg: RichMessage = { title: 'Crash', blocks: [{ type: 'text', text: 'a'.repeat(1000) }, { type: 'text', text: 'b'.repeat(1025) }], image: png };
    const parts = renderTelegramPhoto(msg);
    expect(visible(parts.caption)).toBe(`Crash\n\n${'a'.repeat(1000)}`);
    expect(parts.rest.map((c) => visible(c))).toEqual(['b'.repeat(1025)]);
  });

  it('cuts a 1025-character title: the caption takes 1024, the rest follows', () => {
    const parts = renderTelegramPhoto({ title: 't'.repeat(1025), blocks: [], image: png });
    expect(visible(parts.caption)).toHaveLength(1024);
    expect(parts.rest.map((c) => visible(c))).toEqual(['t']);
  });
});
