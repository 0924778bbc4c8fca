import { describe, it, expect } from 'vitest';
import { CORPUS_10KB, CORPUS_LONG_NAME, INJECTION_CORPUS } from '../fixtures/injection-corpus.js';

/** The corpus other tests lean on really holds the cases it promises. */
describe('INJECTION_CORPUS', () => {
  it('has at least 50 distinct strings', () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(INJECTION_CORPUS).size).toBe(INJECTION_CORPUS.length);
  });

  const must: Array<{ name: string; test: (s: string) => boolean }> = [
    { name: 'a broken HTML tag', test: (s) => s === '</b><a href="x">' },
    { name: '<script>', test: (s) => s.includes('<script>') },
    { name: '&amp; / &#x26; / &nbsp; / lone &', test: (s) => s === '&amp;' || s === '&#x26;' || s === '&nbsp;' || s === '&' },
    { name: '<<>>', test: (s) => s === '<<>>' },
    { name: 'MarkdownV2 specials', test: (s) => s === '*_~|>`' },
    { name: 'a javascript: markdown link', test: (s) => s === '[x](javascript:alert(1))' },
    { name: 'a spoiler', test: (s) => s === '||spoiler||' },
    { name: '@everyone and @here', test: (s) => s === '@everyone' || s === '@here' },
    { name: 'user, role and channel mentions', test: (s) => ['<@123456789012345678>', '<@&123456789012345678>', '<#123>'].includes(s) },
    { name: 'zero-width characters', test: (s) => /[\u200B\u200D\uFEFF]/.test(s) },
    { name: 'right-to-left controls', test: (s) => /[\u202E\u2067]/.test(s) },
    { name: 'surrogate pairs', test: (s) => /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(s) },
    { name: 'a lone surrogate', test: (s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s) },
    { name: 'control characters', test: (s) => /[\u0000-\u0008]/.test(s) },
    { name: 'only newlines', test: (s) => /^\n+$/.test(s) },
  ];
  for (const m of must) it(`holds ${m.name}`, () => expect(INJECTION_CORPUS.some(m.test)).toBe(true));

  it('holds a 5,000-character name and a 10 KB string', () => {
    expect(CORPUS_LONG_NAME).toHaveLength(5_000);
    expect(CORPUS_10KB).toHaveLength(10_240);
    expect(INJECTION_CORPUS).toContain(CORPUS_LONG_NAME);
    expect(INJECTION_CORPUS).toContain(CORPUS_10KB);
  });
});
