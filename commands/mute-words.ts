import type { Texts } from '../src/i18n/catalogue.js';
import type { Mute } from '../src/store/settings.js';

/** muteTarget names what a mute silences, in the chat's language: an asset, a kind ("pct move alerts (pct_move)"), or everything. */
export function muteTarget(x: Texts, m: Mute): string {
  if (m.asset) return m.asset;
  if (m.kind) return x.t('cmd.mute.kind', { label: x.t(`kind.${m.kind}`), kind: m.kind });
  return x.t('cmd.mute.all');
}
