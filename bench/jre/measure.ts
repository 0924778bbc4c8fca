import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { MarketEvent } from '../../src/market/types.js';
import { createJreEvaluator } from './evaluator.js';
import type { FiredAlert } from './fired.js';

/** JreMeasure is one timed pass of the json-rules-engine implementation over events held in memory. */
export interface JreMeasure {
  events: number;
  ms: number;
  fired: FiredAlert[];
}

/** measureJre feeds `events` (in memory: no parsing is timed) through a fresh json-rules-engine evaluator. */
export async function measureJre(events: readonly MarketEvent[], rules: RulesConfig): Promise<JreMeasure> {
  const jre = createJreEvaluator(rules);
  const fired: FiredAlert[] = [];
  const t = performance.now();
  for (const ev of events) {
    const out = await jre.ingest(ev);
    for (const f of out) fired.push(f);
  }
  return { events: events.length, ms: performance.now() - t, fired };
}
