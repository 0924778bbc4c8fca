import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RulesConfig } from '../src/config/rules-schema.js';

/** runJreSection compares our replay with json-rules-engine on a slice (bench/jre holds that harness). */
export async function runJreSection(file: string, rules: RulesConfig, ourRate: number, bar: (ok: boolean, text: string) => void): Promise<void> {
  console.log('\n== Rules engine vs json-rules-engine ==');
  if (!existsSync(fileURLToPath(new URL('./jre/index.ts', import.meta.url)))) {
    console.log('  (bench/jre not present: skipped)');
    return;
  }
  const modulePath = './jre/compare.js'; // written separately; loaded only when present
  const { compareOnSlice } = await import(modulePath);
  const r = await compareOnSlice(file, rules);
  console.log(`  (3) json-rules-engine, same events and state facts, on ${r.events.toLocaleString('en-US')} events: ${Math.round(r.jreRate).toLocaleString('en-US')} events/s`);
  console.log(`      same slice through our engine: ${Math.round(r.oursRate).toLocaleString('en-US')} events/s; whole-day replay ${Math.round(ourRate).toLocaleString('en-US')} events/s`);
  bar(r.same, `same fired set on the slice: ${r.firedOurs} alerts ours, ${r.firedJre} json-rules-engine${r.same ? '' : ` (first difference: ${r.firstDiff})`}`);
  bar(ourRate / r.jreRate >= 50, `our replay at ${(ourRate / r.jreRate).toFixed(0)}× json-rules-engine (bar ≥ 50×)`);
}
