import type { RichMessage } from '../src/chat/message.js';
import type { Texts } from '../src/i18n/catalogue.js';
import type { Lang } from '../src/i18n/locale.js';
import type { ChatSettings } from '../src/store/settings.js';

/** describeLang names a language in the reader's language ("Chinese (Simplified)" / "简体中文"). */
export function describeLang(x: Texts, lang: Lang): string {
  return x.t(`lang.${lang}`);
}

/** describeZone names a zone with its offset now: "Asia/Shanghai (UTC+8)"; UTC is just "UTC". */
export function describeZone(x: Texts, tz: string, now: number): string {
  const offset = x.fmt.zone(now);
  return tz === 'UTC' ? tz : x.t('cmd.settings.zoneValue', { zone: tz, offset });
}

/** describeSettings renders a chat's settings as a message, in the reader's language (`x` is the chat's catalogue). */
export function describeSettings(x: Texts, s: ChatSettings, subscribed: boolean, now: number): RichMessage {
  const levels = Object.entries(s.levels).filter(([, l]) => l.length > 0).map(([asset, l]) => x.t('cmd.settings.levelsItem', { asset, levels: x.list(l.map(x.fmt.priceBare)) }));
  const q = s.quietHours;
  const field = (key: 'assets' | 'severity' | 'quiet' | 'digest' | 'language' | 'timezone' | 'levels', value: string, inline = true) => ({ name: x.t(`cmd.settings.field.${key}`), value, inline });
  return {
    title: x.t('cmd.settings.title', { subscribed: subscribed ? 'yes' : 'no' }),
    blocks: [{ type: 'fields', fields: [
      field('assets', s.assets ? x.list(s.assets) : x.t('cmd.settings.all')),
      field('severity', x.t(`severity.${s.minSeverity}`)),
      field('quiet', q ? x.t('cmd.settings.quietValue', { start: q.start, end: q.end, zone: x.fmt.zone(now) }) : x.t('cmd.settings.off'), false),
      field('digest', s.digestTime ?? x.t('cmd.settings.off')),
      field('language', describeLang(x, s.language)),
      field('timezone', describeZone(x, s.timezone, now)),
      field('levels', levels.length > 0 ? x.clauses(levels) : x.t('cmd.settings.noLevels'), false),
    ] }],
  };
}
