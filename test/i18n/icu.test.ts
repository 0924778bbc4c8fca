import { describe, expect, it } from 'vitest';
import { formatMessage, MessageError, placeholders, type FormatContext } from '../../src/i18n/icu.js';

const ctx = (lang: string): FormatContext => ({ plural: new Intl.PluralRules(lang), number: (n) => n.toLocaleString('en-US') });

describe('ICU subset', () => {
  const cases: Array<{ name: string; msg: string; args: Record<string, string | number>; lang?: string; want: string }> = [
    { name: 'plain text', msg: 'no args', args: {}, want: 'no args' },
    { name: 'simple argument', msg: '{a} and {b}', args: { a: 'x', b: 'y' }, want: 'x and y' },
    { name: 'number argument uses the context', msg: '{n} events', args: { n: 12345 }, want: '12,345 events' },
    { name: 'plural one', msg: '{n, plural, one {# venue} other {# venues}}', args: { n: 1 }, want: '1 venue' },
    { name: 'plural other with grouping', msg: '{n, plural, one {# venue} other {# venues}}', args: { n: 21529 }, want: '21,529 venues' },
    { name: 'exact match wins', msg: '{n, plural, =0 {none} one {one} other {#}}', args: { n: 0 }, want: 'none' },
    { name: 'zh has only other', msg: '{n, plural, one {ONE} other {# 条}}', args: { n: 1 }, lang: 'zh', want: '1 条' },
    { name: 'select', msg: '{d, select, down {breaks below} other {reclaims}}', args: { d: 'down' }, want: 'breaks below' },
    { name: 'select falls back to other', msg: '{d, select, down {x} other {y}}', args: { d: 'sideways' }, want: 'y' },
    { name: 'nested argument in a case', msg: '{d, select, long {{s} longs} other {mixed}}', args: { d: 'long', s: '96%' }, want: '96% longs' },
    { name: 'empty case', msg: 'a{d, select, yes {, b} other {}}.', args: { d: 'no' }, want: 'a.' },
    { name: 'apostrophes and # outside plural are literal', msg: "asset's #1 {a}", args: { a: 'x' }, want: "asset's #1 x" },
    { name: 'CJK text around arguments', msg: '{symbol} 跌破 {level}', args: { symbol: 'BTC', level: '85,000 美元' }, want: 'BTC 跌破 85,000 美元' },
  ];
  for (const c of cases) it(c.name, () => expect(formatMessage(c.msg, c.args, ctx(c.lang ?? 'en'))).toBe(c.want));

  const bad: Array<{ name: string; msg: string; args?: Record<string, string | number>; error: RegExp }> = [
    { name: 'missing argument', msg: 'x {a}', error: /missing argument "a"/ },
    { name: 'plural given a string', msg: '{n, plural, other {#}}', args: { n: 'x' }, error: /must be a number/ },
    { name: 'unmatched close', msg: 'a } b', error: /unmatched "}"/ },
    { name: 'unclosed argument', msg: 'a {b', error: /expected "," or "}"/ },
    { name: 'no other case', msg: '{d, select, a {x}}', args: { d: 'a' }, error: /no "other" case/ },
    { name: 'bad plural category', msg: '{n, plural, lots {x} other {y}}', args: { n: 1 }, error: /bad plural category/ },
    { name: 'unsupported type', msg: '{n, number}', args: { n: 1 }, error: /unsupported argument type/ },
  ];
  for (const c of bad) it(`rejects: ${c.name}`, () => expect(() => formatMessage(c.msg, c.args ?? {}, ctx('en'))).toThrow(MessageError));
  for (const c of bad) it(`says why: ${c.name}`, () => expect(() => formatMessage(c.msg, c.args ?? {}, ctx('en'))).toThrow(c.error));

  it('a __proto__ argument is not read from the prototype', () => {
    expect(() => formatMessage('{toString}', {}, ctx('en'))).toThrow(/missing argument/);
  });

  it('lists nested placeholders', () => {
    expect([...placeholders('{a} {d, select, x {{b}} other {{n, plural, other {#}}}}').entries()]).toEqual([['a', 'arg'], ['d', 'select'], ['b', 'arg'], ['n', 'plural']]);
  });
});
