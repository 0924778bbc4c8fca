import { describe, expect, it } from 'vitest';
import { CATALOGUES, textsFor } from '../../src/i18n/catalogue.js';
import { en } from '../../src/i18n/en.js';
import { parityProblems } from '../../src/i18n/parity.js';
import { zh } from '../../src/i18n/zh.js';

describe('catalogue parity', () => {
  it('zh has every en key, the same placeholders and the same select cases', () => {
    expect(parityProblems(en, zh, 'zh')).toEqual([]);
    expect(Object.keys(CATALOGUES)).toEqual(['en', 'zh']);
  });

  it('catches each kind of drift', () => {
    const broken: Record<string, string> = { ...zh, 'not.a.key': 'x' };
    delete broken['digest.title'];
    broken['alert.level_break.title'] = '{symbol} 跌破 {level}'; // lost {direction}
    broken['summary.title.move'] = '{symbol} {change} {extra}';
    broken['alert.liquidations.title'] = '{window}内爆仓 {total}，{dominant, select, long {多单占 {share}} other {多空}}';
    broken['chart.noPrice'] = '{unclosed';
    expect(parityProblems(en, broken, 'zh').sort()).toEqual([
      'zh: alert.level_break.title lacks placeholder {direction}',
      'zh: alert.liquidations.title select {dominant} cases long,other differ from en long,other,short',
      'zh: chart.noPrice does not parse: expected "," or "}" at 9 in "{unclosed"',
      'zh: extra key not.a.key',
      'zh: missing key digest.title',
      'zh: summary.title.move has placeholder {extra} that en lacks',
    ]);
  });

  it('every message of both languages formats with plausible arguments', () => {
    for (const lang of ['en', 'zh'] as const) {
      const x = textsFor({ lang, tz: 'UTC' });
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        const args: Record<string, string | number> = {};
        for (const m of en[key].matchAll(/\{([A-Za-z]\w*)/g)) args[m[1]] = 2;
        expect(() => x.t(key, args), `${lang} ${key}`).not.toThrow();
      }
    }
  });

  it('no zh message is left in English', () => {
    const same = (Object.keys(en) as Array<keyof typeof en>).filter((k) => zh[k] === en[k] && /[a-z]{4,}/.test(en[k].replace(/\{[^}]*\}/g, '')));
    // Proper names (venues, tickers) and the brand read the same in both languages.
    expect(same.filter((k) => !/^(venue|venueAlert|index|indexShort)\./.test(k))).toEqual([]);
  });
});
