import { describe, expect, it } from 'vitest';
import { splitUtf16, telegramLength, telegramVisible, utf16Length } from '../../src/i18n/utf16.js';
import { TELEGRAM_MAX_CAPTION, TELEGRAM_MAX_TEXT } from '../../src/platforms/telegram/render.js';

const FAMILY = '👨‍👩‍👧‍👦'; // 4 emoji joined by 3 ZWJ: 11 UTF-16 units, one grapheme

describe('UTF-16 length as Telegram counts it', () => {
  const cases: Array<[string, string, number]> = [
    ['ASCII', 'BTC breaks below $85,000', 24],
    ['Chinese: one unit each', 'BTC 跌破 85,000 美元', 16],
    ['an emoji outside the BMP: two units', '🚨', 2],
    ['a ZWJ family: eleven units', FAMILY, 11],
    ['a flag: four units', '🇨🇳', 4],
    ['variation selector', '⚠️', 2],
  ];
  for (const [name, text, n] of cases) it(name, () => expect(utf16Length(text)).toBe(n));

  it('counts HTML after entity parsing: tags are free, an entity is one character', () => {
    expect(telegramVisible('<b>爆仓</b> &amp; &lt;b&gt; &#128680; &#x1F6A8;')).toBe('爆仓 & <b> 🚨 🚨');
    expect(telegramLength('<b>爆仓</b> &amp; 🚨')).toBe(7);
  });
});

describe('splitting under the limits', () => {
  const note = '多单连环爆仓正在发生。BTC 跌破 85,000 美元，ETH 跌破 2,800 美元；过去 1 小时内各交易所合计爆仓 1.00 亿美元 🚨\n';

  for (const max of [TELEGRAM_MAX_TEXT, TELEGRAM_MAX_CAPTION]) {
    it(`a long Chinese note with emoji fits ${max} units a piece and joins back`, () => {
      const text = note.repeat(120);
      const pieces = splitUtf16(text, max);
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) expect(utf16Length(p)).toBeLessThanOrEqual(max);
      expect(pieces.join('')).toBe(text);
      for (const p of pieces.slice(0, -1)) expect(p.endsWith('\n')).toBe(true); // cut at line ends
    });
  }

  it('without line breaks it cuts after 。 or ， rather than mid-clause', () => {
    const text = '空单遭到挤压，'.repeat(300) + '完。';
    const pieces = splitUtf16(text, 1024);
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/[，。]$/);
    expect(pieces.join('')).toBe(text);
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const text = `a${FAMILY.repeat(500)}🚨`.repeat(3);
    const pieces = splitUtf16(text, 100);
    for (const p of pieces) {
      expect(utf16Length(p)).toBeLessThanOrEqual(100);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF\u200D]|[\uD800-\uDBFF\u200D]$/);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('text within the limit comes back as is; a bad limit is refused', () => {
    expect(splitUtf16('爆仓', 4096)).toEqual(['爆仓']);
    expect(() => splitUtf16('x', 0)).toThrow(RangeError);
  });

  it('at the limit exactly: 4,096 units stay one piece, 4,097 make two', () => {
    expect(splitUtf16('爆'.repeat(4096), TELEGRAM_MAX_TEXT)).toHaveLength(1);
    expect(splitUtf16('爆'.repeat(4095) + '🚨', TELEGRAM_MAX_TEXT).map(utf16Length)).toEqual([4095, 2]);
  });
});
