import type { AlertKind } from '../alerts/types.js';
import type { PlatformName } from '../chat/platform.js';
import type { Severity } from '../chat/severity.js';
import { canonicalZone, parseLang, type Lang } from '../i18n/locale.js';

/** QuietHours holds non-critical alerts between two local times in the chat's time zone (`ChatSettings.timezone`). */
export interface QuietHours {
  start: string; // "HH:MM"
  end: string; // "HH:MM"
}

/** Mute silences alerts until a time: all of them, one asset's, or one kind's. */
export interface Mute {
  until: number;
  asset?: string;
  kind?: AlertKind;
}

/** ChatSettings is what a chat has tuned (DESIGN §5); every field has a default. */
export interface ChatSettings {
  /** Assets followed; null means every asset. Market-wide alerts (liquidations, cascades) always pass. */
  assets: string[] | null;
  minSeverity: Severity;
  quietHours: QuietHours | null;
  /** Daily digest time "HH:MM" in the chat's time zone, or null for none. */
  digestTime: string | null;
  /** The language every message to this chat is written in (issue 14). */
  language: Lang;
  /** The chat's IANA time zone, canonical ("Asia/Shanghai"): every time it is shown, its quiet hours and digest. */
  timezone: string;
  /** Custom levels per asset, on top of the round levels. */
  levels: Record<string, number[]>;
  mutes: Mute[];
}

/** DEFAULT_SETTINGS is what a newly subscribed chat gets. */
export const DEFAULT_SETTINGS: ChatSettings = {
  assets: null,
  minSeverity: 'warning',
  quietHours: null,
  digestTime: null,
  language: 'en',
  timezone: 'UTC',
  levels: {},
  mutes: [],
};

/** MAX_CUSTOM_LEVELS caps custom levels per chat, so one chat cannot make the engine track thousands. */
export const MAX_CUSTOM_LEVELS = 50;
export const MAX_MUTES = 20;

/** Subscription is one chat's subscription with its settings. */
export interface Subscription {
  platform: PlatformName;
  chatId: string;
  guildId?: string;
  active: boolean;
  createdAt: number;
  updatedAt: number;
  /** Why the subscription is inactive ("kicked", "unsubscribed", "migrated"), when it is. */
  reason?: string;
  settings: ChatSettings;
}

/**
 * settingsFrom reads stored settings, filling defaults: a language or zone that is not ours falls back to
 * en/UTC, and settings saved before chats had a zone take the zone their quiet hours carried.
 */
export function settingsFrom(stored: Partial<ChatSettings> & { quietHours?: (QuietHours & { tz?: string }) | null }): ChatSettings {
  const { quietHours, ...rest } = stored;
  const zone = canonicalZone(typeof stored.timezone === 'string' ? stored.timezone : quietHours?.tz ?? '') ?? 'UTC';
  return {
    ...DEFAULT_SETTINGS,
    ...rest,
    quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null,
    language: parseLang(String(stored.language ?? '')) ?? 'en',
    timezone: zone,
  };
}
