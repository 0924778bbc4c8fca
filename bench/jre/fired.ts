import type { AlertEvent, AlertKind } from '../../src/alerts/types.js';
import type { Severity } from '../../src/chat/severity.js';

/**
 * FiredAlert is the common shape both implementations are compared in: the alert kind, severity,
 * symbol and time, plus `key`, a stable detail string saying which rule threshold fired and with what
 * (the same key functions build it on both sides).
 */
export interface FiredAlert {
  kind: AlertKind;
  severity: Severity;
  symbol: string | null;
  ts: number;
  key: string;
}

/** levelKey names a level break: the level and the direction it was crossed in. */
export function levelKey(level: number, direction: 'down' | 'up'): string {
  return `level=${level},dir=${direction}`;
}

/** pctKey names a pct move: its window, its threshold and the change (rounded to 0.01 as in the alert). */
export function pctKey(windowMs: number, pct: number, changePct: number): string {
  return `window=${windowMs},pct=${pct},change=${round2(changePct)}`;
}

/** liqBarKey names a rolling liquidation bar: its window and its USD bar. */
export function liqBarKey(windowMs: number, usd: number): string {
  return `window=${windowMs},usd=${usd}`;
}

/** largeKey names a large liquidation: venue, side and size. */
export function largeKey(source: string, side: string, notionalUsd: number): string {
  return `source=${source},side=${side},usd=${notionalUsd}`;
}

/** crossKey names a cross-market alert by the indices that breached their thresholds. */
export function crossKey(breached: readonly string[]): string {
  return `breached=${breached.join('+')}`;
}

/** cascadeKey names a cascade episode start by its direction. */
export function cascadeKey(direction: 'down' | 'up'): string {
  return `dir=${direction}`;
}

/** round2 rounds like the engine's pct_move alert data (two decimals). */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function keyOf(a: AlertEvent): string {
  const d = a.data;
  switch (a.kind) {
    case 'level_break':
      return levelKey(d.level as number, d.direction as 'down' | 'up');
    case 'pct_move':
      return pctKey(d.windowMs as number, d.threshold as number, d.changePct as number);
    case 'liquidations':
      return liqBarKey(d.windowMs as number, d.thresholdUsd as number);
    case 'large_liquidation':
      return largeKey(d.source as string, d.side as string, d.notionalUsd as number);
    case 'cross_market':
      return crossKey(d.breached as string[]);
    case 'cascade':
      return cascadeKey(d.direction as 'down' | 'up');
    default: // leverage_flush and whale: filtered out by firedFromEngine
      return a.id;
  }
}

/** JRE_KINDS are the rules the json-rules-engine port models; leverage_flush and whale (issues 12, 13) are not ported. */
const JRE_KINDS: ReadonlySet<string> = new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cross_market', 'cascade']);

/** firedFromEngine maps our engine's alerts of the modelled kinds into the comparison shape, in order. */
export function firedFromEngine(alerts: readonly AlertEvent[]): FiredAlert[] {
  return alerts.filter((a) => JRE_KINDS.has(a.kind)).map((a) => ({ kind: a.kind, severity: a.severity, symbol: a.symbol, ts: a.ts, key: keyOf(a) }));
}

/** firedLine is one alert as a single comparable line. */
export function firedLine(f: FiredAlert): string {
  return `${new Date(f.ts).toISOString()} ${f.kind} ${f.severity} ${f.symbol ?? '-'} ${f.key}`;
}

/** firstDifference is the first position where two fired sequences differ, described, or null if equal. */
export function firstDifference(ours: readonly FiredAlert[], jre: readonly FiredAlert[]): string | null {
  const n = Math.max(ours.length, jre.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i] ? firedLine(ours[i]) : '(none)';
    const b = jre[i] ? firedLine(jre[i]) : '(none)';
    if (a !== b) return `#${i}: ours ${a} | json-rules-engine ${b}`;
  }
  return null;
}
