import type { Mute } from '../store/settings.js';
import type { Filterable } from './filter.js';

/** activeMutes drops mutes that have expired at `now`. */
export function activeMutes(mutes: readonly Mute[], now: number): Mute[] {
  return mutes.filter((m) => m.until > now);
}

/** isMuted says whether a chat's mutes silence this alert at `now`: a mute of all, of its kind, or of its asset. */
export function isMuted(a: Filterable, mutes: readonly Mute[], now: number): boolean {
  for (const m of activeMutes(mutes, now)) {
    if (!m.asset && !m.kind) return true;
    if (m.kind === a.kind) return true;
    if (m.asset && m.asset === a.symbol) return true;
  }
  return false;
}
