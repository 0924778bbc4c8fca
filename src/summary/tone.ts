import type { SummaryData } from './types.js';

/** Tone is what kind of day the data describes; a squeeze must never read as a crash. */
export type Tone = 'crash' | 'squeeze' | 'quiet' | 'mixed';

/** toneOf classifies the window from its cascades, levels, moves and liquidation structure. */
export function toneOf(d: SummaryData): Tone {
  const down = d.levelsBroken.filter((l) => l.direction === 'down').length;
  const up = d.levelsBroken.length - down;
  const l = d.liquidations;
  if (l.totalUsd === 0 && d.levelsBroken.length === 0 && d.alerts.total === 0) return 'quiet';
  const worst = Math.min(0, ...Object.values(d.prices).map((p) => (p.low - p.open) / p.open * 100));
  if ((down > up || worst <= -3) && l.longShare >= 0.6) return 'crash';
  if (up > down && l.longShare <= 0.4) return 'squeeze';
  return d.alerts.total === 0 ? 'quiet' : 'mixed';
}
