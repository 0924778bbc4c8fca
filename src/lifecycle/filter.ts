import type { AlertEvent } from '../alerts/types.js';
import { SEVERITY_RANK } from '../chat/severity.js';
import type { ChatSettings } from '../store/settings.js';

/**
 * isWanted says whether a chat asked for this alert at all: its minimum severity, its assets (market-wide
 * alerts always pass), and for a custom level only the chats that set it.
 */
export function isWanted(a: AlertEvent, s: ChatSettings): boolean {
  if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[s.minSeverity]) return false;
  if (a.symbol !== null && s.assets !== null && !s.assets.includes(a.symbol)) return false;
  if (a.kind === 'level_break' && a.data.custom === true) {
    const mine = s.levels[a.symbol ?? ''] ?? [];
    if (!mine.includes(a.data.level as number)) return false;
  }
  return true;
}

/**
 * isForChat says whether an alert may go to this chat at all: an alert naming its chats (`data.chats`: a whale
 * alert for an account only chats watch, via `/watch`) goes to those chats alone; every other alert to any chat.
 */
export function isForChat(a: AlertEvent, chat: string): boolean {
  const chats = a.data.chats;
  return !Array.isArray(chats) || chats.includes(chat);
}
