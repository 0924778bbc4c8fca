import type { Severity } from '../chat/severity.js';

/** AlertKind is one of the alert kinds of DESIGN §3. */
export type AlertKind =
  | 'level_break'
  | 'pct_move'
  | 'liquidations'
  | 'large_liquidation'
  | 'cross_market'
  | 'cascade'
  | 'leverage_flush'
  | 'whale';

export const ALERT_KINDS: readonly AlertKind[] = [
  'level_break',
  'pct_move',
  'liquidations',
  'large_liquidation',
  'cross_market',
  'cascade',
  'leverage_flush',
  'whale',
];

/**
 * AlertEvent is what a rule fires. `id` is deterministic (same input, same id) so delivery can
 * deduplicate; `cascadeId` is set when an active cascade episode explains this alert, which lets
 * delivery fold it into the cascade message instead of posting it on its own (DESIGN §4, §5).
 */
export interface AlertEvent {
  id: string;
  kind: AlertKind;
  severity: Severity;
  symbol: string | null;
  ts: number;
  title: string;
  text: string;
  data: Record<string, unknown>;
  cascadeId?: string;
}

/** CascadeTrigger is the compact form of an alert that made (or fed) a cascade episode; `data` lets it be written in any language. */
/**
 * NO_ALERTS is the one empty alert list the rules return when nothing fires (most events). Callers on the hot
 * path test for it by identity, never by reading the array: where the engine is inlined, reading arrays of
 * several shapes (an empty literal, a filled list) threw the whole optimized loop away at each new shape.
 * Never pushed to.
 */
export const NO_ALERTS: AlertEvent[] = [];

export type CascadeTrigger = Pick<AlertEvent, 'id' | 'kind' | 'severity' | 'symbol' | 'ts' | 'title'> & { data?: AlertEvent['data'] };
