import { minutesOf } from '../src/chat/local-time.js';
import { SEVERITY_RANK, type Severity } from '../src/chat/severity.js';
import { textsFor } from '../src/i18n/catalogue.js';
import { canonicalZone, parseLang } from '../src/i18n/locale.js';
import { DEFAULT_SETTINGS, type ChatSettings } from '../src/store/settings.js';
import { command } from './describe.js';
import { asking, parseAssets, usage, type Asking } from './parse.js';
import { describeSettings } from './settings-view.js';
import type { CommandContext } from './types.js';

/** EXAMPLES gives each setting its own example, shown with that setting's refusals. */
const EXAMPLES = {
  assets: '/settings assets BTC,ETH',
  severity: '/settings severity critical',
  quiet: '/settings quiet 23:00-07:00',
  digest: '/settings digest 08:00',
  language: '/settings language zh',
  timezone: '/settings timezone Asia/Shanghai',
} as const;

type Key = keyof typeof EXAMPLES;
const KEYS = Object.keys(EXAMPLES) as Key[];

function quiet(a: Asking, s: ChatSettings, value: string, now: number): ChatSettings {
  if (value.toLowerCase() === 'off') return { ...s, quietHours: null };
  const x = a.x;
  const zone = x.fmt.zone(now);
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)(?:\s+(\S+))?$/.exec(value.trim());
  if (!m || Number.isNaN(minutesOf(m[1])) || Number.isNaN(minutesOf(m[2])) || m[1] === m[2]) usage(a, x.t('cmd.settings.badQuiet', { zone }));
  // One zone per chat: a zone given here must be the chat's own (a different one is set with /settings timezone).
  if (m[3] && canonicalZone(m[3]) !== s.timezone) usage(a, x.t('cmd.settings.quietZone', { zone: s.timezone, given: m[3].slice(0, 40) }));
  return { ...s, quietHours: { start: m[1], end: m[2] } };
}

function apply(ctx: CommandContext<unknown>, s: ChatSettings, key: Key, value: string, known: string[]): ChatSettings {
  const a = asking(ctx, EXAMPLES[key]);
  const x = a.x;
  switch (key) {
    case 'assets':
      return { ...s, assets: value.toLowerCase() === 'all' ? null : parseAssets(a, value, known) };
    case 'severity': {
      const v = value.toLowerCase();
      if (!(v in SEVERITY_RANK)) usage(a, x.t('cmd.settings.badSeverity'));
      return { ...s, minSeverity: v as Severity };
    }
    case 'quiet':
      return quiet(a, s, value, ctx.now);
    case 'digest':
      if (value.toLowerCase() === 'off') return { ...s, digestTime: null };
      if (Number.isNaN(minutesOf(value.trim()))) usage(a, x.t('cmd.settings.badDigest'));
      return { ...s, digestTime: value.trim() };
    case 'language': {
      const lang = parseLang(value);
      if (!lang) usage(a, x.t('cmd.settings.badLanguage'));
      return { ...s, language: lang };
    }
    case 'timezone': {
      const tz = canonicalZone(value);
      if (!tz) usage(a, x.t('cmd.settings.badZone', { value: value.trim().slice(0, 40) }));
      return { ...s, timezone: tz };
    }
  }
}

/** settings shows or changes what this chat receives, and the language and time zone it reads. */
export const settings = command({
  name: 'settings',
  args: [
    { name: 'setting', type: 'string', choices: KEYS },
    { name: 'value', type: 'string', rest: true },
  ],
  adminOnly: true,
  example: '/settings timezone Asia/Shanghai',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const x = textsFor(ctx.locale);
    const key = ctx.args.setting?.toLowerCase();
    const cur = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (!key) return describeSettings(x, cur?.settings ?? { ...DEFAULT_SETTINGS, language: ctx.locale.lang }, !!cur?.active, ctx.now);
    if (!(KEYS as string[]).includes(key)) usage(asking(ctx, settings.example), x.t('cmd.settings.unknown', { key: key.slice(0, 20), keys: x.list(KEYS) }));
    if (!cur) return x.t('cmd.settings.subscribeFirst');
    if (!ctx.args.value) usage(asking(ctx, EXAMPLES[key as Key]), x.t('cmd.settings.needValue', { setting: key }));
    const next = apply(ctx, cur.settings, key as Key, ctx.args.value, market.knownAssets());
    const saved = (await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, () => next, ctx.now))!;
    const s = saved.settings;
    return describeSettings(textsFor({ lang: s.language, tz: s.timezone }), s, saved.active, ctx.now);
  },
});
