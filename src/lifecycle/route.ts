import type { AlertEvent } from '../alerts/types.js';
import type { Subscription } from '../store/settings.js';
import { chatKey } from '../chat/chat-key.js';
import { isForChat, isWanted } from './filter.js';
import { isHeld } from './hold.js';
import { isInhibited } from './inhibit.js';
import { isMuted } from './mute.js';

/** RouteAction is what one chat gets for one alert. */
export type RouteAction =
  | 'send' // post it now
  | 'fold' // inhibited: part of a cascade this chat received, so the cascade message is edited instead
  | 'hold'; // quiet hours: kept for the digest when they end

/** Route is one (alert, chat) decision. */
export interface Route {
  sub: Subscription;
  action: RouteAction;
}

/** passesFilters says whether a chat wants this alert at all: its own (watched accounts), severity, assets, custom levels, and no mute on it. */
export function passesFilters(a: AlertEvent, sub: Subscription, now: number): boolean {
  return isForChat(a, chatKey(sub.platform, sub.chatId)) && isWanted(a, sub.settings) && !isMuted(a, sub.settings.mutes, now);
}

/**
 * routeAlert runs every active subscription through the lifecycle's decisions, in order: inhibited (folded
 * into the cascade message the chat already has; `cascadeRouted` says which chats the cascade went to),
 * filtered or muted (absent from the result), held for the quiet-hours digest, or sent.
 */
export function routeAlert(a: AlertEvent, subs: readonly Subscription[], now: number, cascadeRouted: (sub: Subscription) => boolean): Route[] {
  const out: Route[] = [];
  for (const sub of subs) {
    if (!sub.active) continue;
    if (isInhibited(a, () => cascadeRouted(sub))) {
      out.push({ sub, action: 'fold' });
      continue;
    }
    if (!passesFilters(a, sub, now)) continue;
    out.push({ sub, action: isHeld(a, sub.settings.quietHours, sub.settings.timezone, now) ? 'hold' : 'send' });
  }
  return out;
}
