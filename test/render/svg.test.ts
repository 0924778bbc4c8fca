import { describe, it, expect } from 'vitest';
import { cleanText, el, escapeXml, pathThrough, text } from '../../src/render/svg.js';
import { CORPUS_10KB, CORPUS_LONG_NAME, INJECTION_CORPUS } from '../fixtures/injection-corpus.js';

describe('escapeXml', () => {
  it('replaces the five XML specials', () => expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;'));
  it('escapes an entity again, so it shows literally', () => expect(escapeXml('&amp; &#x26; &nbsp;')).toBe('&amp;amp; &amp;#x26; &amp;nbsp;'));
  it('leaves other text alone', () => expect(escapeXml('BTC −5% ↓ 🚀')).toBe('BTC −5% ↓ 🚀'));
});

describe('cleanText', () => {
  const cases: Array<{ name: string; in: string; max?: number; want: string }> = [
    { name: 'plain text unchanged', in: 'BTC crash, 2026-01-29', want: 'BTC crash, 2026-01-29' },
    { name: 'NUL and other C0 controls dropped (not allowed in XML 1.0)', in: 'a\u0000b\u0007c\u001Bd', want: 'abcd' },
    { name: 'C1 controls and DEL dropped', in: 'a\u007Fb\u0085c\u009Bd', want: 'abcd' },
    { name: 'line breaks and tabs fold to one space', in: 'a\n\n\tb\r\nc\u2028d', want: 'a b c d' },
    { name: 'only newlines become empty', in: '\n\n\n\n', want: '' },
    { name: 'right-to-left override dropped', in: 'abc\u202Edcba', want: 'abcdcba' },
    { name: 'bidi isolates dropped', in: '\u2067rtl\u2069 end', want: 'rtl end' },
    { name: 'lone high surrogate dropped', in: 'a\uD83Db', want: 'ab' },
    { name: 'lone low surrogate dropped', in: 'a\uDC00b', want: 'ab' },
    { name: 'surrogate pairs kept', in: '🚀📉', want: '🚀📉' },
    { name: 'U+FFFE and U+FFFF dropped', in: 'a\uFFFEb\uFFFFc', want: 'abc' },
    { name: 'runs of spaces fold', in: '  a   b  ', want: 'a b' },
    { name: 'cut with an ellipsis', in: 'abcdefghij', max: 5, want: 'abcd…' },
    { name: 'cut counts code points, never splitting a pair', in: '🚀🚀🚀🚀', max: 3, want: '🚀🚀…' },
    { name: 'no trailing space before the ellipsis', in: 'abc defgh', max: 5, want: 'abc…' },
    { name: 'exactly max is not cut', in: 'abcde', max: 5, want: 'abcde' },
  ];
  for (const c of cases) it(c.name, () => expect(cleanText(c.in, c.max ?? 100)).toBe(c.want));

  it('leaves no XML-illegal character in any corpus string', () => {
    const illegal = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const s of INJECTION_CORPUS) expect(illegal.test(cleanText(s, 20_000)), JSON.stringify(s.slice(0, 30))).toBe(false);
  });

  it('bounds huge strings', () => {
    expect(Array.from(cleanText(CORPUS_LONG_NAME, 40))).toHaveLength(40);
    expect(cleanText(CORPUS_10KB, 60).length).toBeLessThanOrEqual(60);
  });
});

describe('el, text and pathThrough', () => {
  it('escapes attribute values and rounds numbers to one decimal', () => {
    expect(el('rect', { x: 1.26, fill: '"><script>', skip: undefined })).toBe('<rect x="1.3" fill="&quot;&gt;&lt;script&gt;"/>');
  });
  it('text cleans and escapes its string', () => {
    expect(text(10, 20, '<b>\u202EA&B\n</b>', { fill: 'red' })).toBe('<text x="10" y="20" fill="red">&lt;b&gt;A&amp;B &lt;/b&gt;</text>');
  });
  it('starts a new stroke after a gap', () => {
    expect(pathThrough([[0, 0], [1, 1], null, [5, 5], [6, 6.04]])).toBe('M0 0L1 1M5 5L6 6');
  });
});
