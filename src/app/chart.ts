import { chartTextFor, chartTitle } from '../i18n/chart-text.js';
import type { Locale } from '../i18n/locale.js';
import { renderCrashChart } from '../render/chart.js';
import type { Engine } from '../rules/engine.js';
import { chartData } from '../summary/chart-data.js';

const CHART_SYMBOLS = ['BTC', 'ETH', 'SOL'];

/** chartFor renders the crash chart of the last `windowMs` from the engine's history in a chat's language and zone (null: nothing to draw). */
export function chartFor(engine: Engine, windowMs: number, locale: Locale): Buffer | null {
  const to = engine.market.clock;
  if (!to) return null;
  const from = Math.max(to - windowMs, Number.isNaN(engine.history.firstTs) ? to : engine.history.firstTs);
  const broke = (s: string) => engine.history.levels.some((l) => l.symbol === s && l.ts >= from);
  const lead = CHART_SYMBOLS.find(broke) ?? 'BTC';
  const symbols = [lead, ...CHART_SYMBOLS.filter((s) => s !== lead)].filter((s) => engine.history.composite.has(s)).slice(0, 1);
  const data = chartData(engine.history, from, to, symbols, chartTitle(locale, symbols[0] ?? null, from, to));
  return renderCrashChart({ ...data, text: chartTextFor(locale) });
}
