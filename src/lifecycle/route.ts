import type { AlertEvent } from '../alerts/types.js';
import type { Subscription } from '../store/settings.js';
import { chatKey } from '../chat/chat-key.js';
import { isForChat, isWanted, type Filterable } from './filter.js';
import { groupWaitFor } from './group.js';
import { isHeld } from './hold.js';
import { isInhibited } from './inhibit.js';
import { isMuted } from './mute.js';

/** RouteAction is what one chat gets for one alert. */
export type RouteAction =
  | 'send' // post it (after `waitMs`, the group wait, when a cascade could still absorb it)
  | 'fold' // inhibited: part of a cascade this chat received, so the cascade message is edited instead
  | 'hold'; // quiet hours: kept for the digest when they end

/** Route is one (alert, chat) decision. */
export interface Route {
  sub: Subscription;
  action: RouteAction;
  waitMs: number;
}

/** passesFilters says whether a chat wants this alert at all: its own (watched accounts), severity, assets, custom levels, and no mute on it. */
export function passesFilters(a: Filterable, sub: Subscription, now: number): boolean {
  return isForChat(a, chatKey(sub.platform, sub.chatId)) && isWanted(a, sub.settings) && !isMuted(a, sub.settings.mutes, now);
}

/**
 * routeAlert runs every active subscription through the lifecycle's decisions, in order: filtered or muted (absent
 * from the result: an alert a chat would not have had on its own is not folded into its cascade either), inhibited
 * (folded into the cascade message the chat already has; `cascadeRouted` says which chats the cascade went to),
 * held for the quiet-hours digest, or sent after its group wait.
 */
export function routeAlert(a: AlertEvent, subs: readonly Subscription[], now: number, cascadeRouted: (sub: Subscription) => boolean, groupWaitMs = 0): Route[] {
  const out: Route[] = [];
  for (const sub of subs) {
    if (!sub.active || !passesFilters(a, sub, now)) continue;
    if (isInhibited(a, () => cascadeRouted(sub))) out.push({ sub, action: 'fold', waitMs: 0 });
    else if (isHeld(a, sub.settings.quietHours, sub.settings.timezone, now)) out.push({ sub, action: 'hold', waitMs: 0 });
    else out.push({ sub, action: 'send', waitMs: groupWaitFor(a, groupWaitMs) });
  }
  return out;
}
