import type { PlatformName } from './platform.js';

/** chatKey identifies a chat across platforms: "telegram:-1001234", "discord:123456789012345678". */
export function chatKey(platform: PlatformName, chatId: string): string {
  return `${platform}:${chatId}`;
}

/** parseChatKey reads a chatKey back (OPS_CHAT, held-alert keys); the chat id is everything after the first ':'. */
export function parseChatKey(key: string): { platform: PlatformName; chatId: string } {
  const i = key.indexOf(':');
  return { platform: key.slice(0, i) as PlatformName, chatId: key.slice(i + 1) };
}
