import type { RichMessage } from '../src/chat/message.js';
import { isValidTimeZone, minutesOf } from '../src/chat/local-time.js';
import { DEFAULT_SETTINGS, type ChatSettings } from '../src/store/settings.js';
import { parseAssets, usage } from './parse.js';
import type { Command } from './services.js';
import { SEVERITY_RANK, type Severity } from '../src/chat/severity.js';

const KEYS = ['assets', 'severity', 'quiet', 'digest', 'language'] as const;
/** EXAMPLES: each setting's own example, given with every error about that setting. */
const EXAMPLES: Record<(typeof KEYS)[number], string> = {
  assets: '/settings assets BTC,ETH',
  severity: '/settings severity critical',
  quiet: '/settings quiet 23:00-07:00 Europe/Berlin',
  digest: '/settings digest 08:00',
  language: '/settings language en',
};

/** about is the command with the example of the setting being changed (what every error about it shows). */
function about(def: Command, key: string): Command {
  return { ...def, example: (EXAMPLES as Record<string, string>)[key] ?? `/settings ${KEYS.join('|')} VALUE` };
}

/** describeSettings renders a chat's settings as a message. */
export function describeSettings(s: ChatSettings, subscribed: boolean): RichMessage {
  const levels = Object.entries(s.levels).map(([a, l]) => `${a} ${l.join(', ')}`);
  return {
    title: subscribed ? 'Settings for this chat' : 'Settings (this chat is not subscribed: /subscribe)',
    blocks: [{ type: 'fields', fields: [
      { name: 'Assets', value: s.assets ? s.assets.join(', ') : 'all', inline: true },
      { name: 'Minimum severity', value: s.minSeverity, inline: true },
      { name: 'Quiet hours', value: s.quietHours ? `${s.quietHours.start}–${s.quietHours.end} ${s.quietHours.tz} (critical alerts still come through)` : 'off' },
      { name: 'Daily digest', value: s.digestTime ?? 'off', inline: true },
      { name: 'Language', value: s.language, inline: true },
      { name: 'Custom levels', value: levels.length > 0 ? levels.join('; ') : 'none (/levels add BTC 85000)' },
    ] }],
  };
}

function apply(cmd: Command, s: ChatSettings, key: string, value: string, known: string[]): ChatSettings {
  const def = about(cmd, key);
  switch (key) {
    case 'assets':
      return { ...s, assets: value.toLowerCase() === 'all' ? null : parseAssets(def, value, known) };
    case 'severity': {
      const v = value.toLowerCase();
      if (!(v in SEVERITY_RANK)) usage(def, 'Severity is info, warning or critical');
      return { ...s, minSeverity: v as Severity };
    }
    case 'quiet': {
      if (value.toLowerCase() === 'off') return { ...s, quietHours: null };
      const m = /^(\d\d:\d\d)-(\d\d:\d\d)(?:\s+(\S+))?$/.exec(value.trim());
      if (!m || Number.isNaN(minutesOf(m[1])) || Number.isNaN(minutesOf(m[2])) || m[1] === m[2]) usage(def, 'Quiet hours are HH:MM-HH:MM and a time zone');
      const tz = m[3] ?? 'UTC';
      if (!isValidTimeZone(tz)) usage(def, `Unknown time zone "${tz.slice(0, 40)}"`);
      return { ...s, quietHours: { start: m[1], end: m[2], tz } };
    }
    case 'digest': {
      if (value.toLowerCase() === 'off') return { ...s, digestTime: null };
      if (Number.isNaN(minutesOf(value.trim()))) usage(def, 'The digest time is HH:MM (24h), or off');
      return { ...s, digestTime: value.trim() };
    }
    case 'language':
      if (value.toLowerCase() !== 'en') usage(def, 'Only English (en) is available for now');
      return { ...s, language: 'en' };
    default:
      return usage(def, `Unknown setting "${key.slice(0, 20)}"; one of ${KEYS.join(', ')}`);
  }
}

/** settings shows or changes what this chat receives. */
export const settings: Command = {
  name: 'settings',
  description: 'Show or change assets, minimum severity, quiet hours, digest time, language',
  args: [
    { name: 'setting', description: 'what to change', type: 'string', choices: KEYS },
    { name: 'value', description: 'new value, e.g. "BTC,ETH", "critical", "23:00-07:00 Europe/Berlin", "08:00", "off"', type: 'string', rest: true },
  ],
  adminOnly: true,
  example: '/settings quiet 23:00-07:00 Europe/Berlin',
  async run(ctx) {
    const { subs, market } = ctx.services;
    const key = ctx.args.setting?.toLowerCase();
    const cur = await subs.get(ctx.chat.platform, ctx.chat.chatId);
    if (!key) return describeSettings(cur?.settings ?? DEFAULT_SETTINGS, !!cur?.active);
    if (!cur) return 'Subscribe first with /subscribe, then tune the settings.';
    if (!ctx.args.value) usage(about(settings, key), `Give a value for ${key.slice(0, 20)}`);
    const value = ctx.args.value;
    const saved = await subs.updateSettings(ctx.chat.platform, ctx.chat.chatId, (s) => apply(settings, s, key, value, market.knownAssets()), ctx.now);
    return describeSettings(saved!.settings, saved!.active);
  },
};
