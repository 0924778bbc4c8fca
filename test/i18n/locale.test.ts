import { describe, expect, it } from 'vitest';
import { canonicalZone, langFromPlatform, LocaleError, makeLocale, parseLang } from '../../src/i18n/locale.js';

describe('locale', () => {
  it('reads languages', () => {
    expect(parseLang(' ZH ')).toBe('zh');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBeNull();
  });

  const zones: Array<[string, string | null]> = [
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['+08:00', null],
    ['Mars/Olympus_Mons', null],
    ['', null],
    ['../../etc/passwd', null],
    ['Asia/Shanghai; rm -rf /', null],
  ];
  for (const [text, want] of zones) it(`zone "${text}" → ${want}`, () => expect(canonicalZone(text)).toBe(want));

  it('three-part zones are accepted (ICU may answer with its own alias)', () => {
    expect(canonicalZone('America/Argentina/Buenos_Aires')).toMatch(/^America\/(Argentina\/)?Buenos_Aires$/);
  });

  it('a zone asked again is answered from memory, and bad names cannot grow that memory without bound', () => {
    // Every subscription read asks for each chat's zone: building a formatter each time cost seconds per alert at 10,000 chats.
    const Real = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Real>) {
      built++;
      return new Real(...args);
    } as unknown as typeof Real;
    try {
      expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
      expect(built).toBe(1);
      for (let i = 0; i < 100; i++) expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
      expect(built).toBe(1);
      for (let i = 0; i < 2_000; i++) expect(canonicalZone(`Nowhere/Place_${i}`)).toBeNull();
      expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
      expect(canonicalZone('asia/shanghai')).toBe('Asia/Shanghai');
      expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });

  it('makeLocale validates and names the fix', () => {
    expect(makeLocale('zh', 'asia/shanghai')).toEqual({ lang: 'zh', tz: 'Asia/Shanghai' });
    expect(() => makeLocale('de', 'UTC')).toThrow(LocaleError);
    expect(() => makeLocale('zh', 'Beijing')).toThrow(/unknown time zone "Beijing": expected an IANA zone such as Asia\/Shanghai/);
  });

  const tags: Array<[string | undefined, string | null]> = [
    ['en', 'en'], ['en-US', 'en'], ['en-GB', 'en'], ['zh-hans', 'zh'], ['zh-CN', 'zh'], ['zh', 'zh'],
    ['zh-TW', null], ['zh-hant', null], ['zh-HK', null], ['ru', null], ['', null], [undefined, null],
  ];
  for (const [tag, want] of tags) it(`platform tag ${tag} → ${want}`, () => expect(langFromPlatform(tag)).toBe(want));
});
