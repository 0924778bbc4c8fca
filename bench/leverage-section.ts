import { benchRules, ensureBenchDay } from './day.js';
import { interleaved, ourReplay, rate } from './loops.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * runLeverageSection is issue 12's bar: the replay's events/s on the 2M-event bench day with open interest and
 * funding added (one of each per venue per asset per minute) within 5% of the same day without them.
 */
export function runLeverageSection(plain: string, withLeverage: string, bar: (ok: boolean, text: string) => void): void {
  console.log('\n== Replay throughput with open interest and funding (the bench day, + 1 of each per venue per asset per minute) ==');
  ensureBenchDay(plain);
  ensureBenchDay(withLeverage, { leverage: true });
  const rules = benchRules();
  ourReplay(plain, rules); // warm the page cache and the JIT
  ourReplay(withLeverage, rules);
  const [base, lev] = interleaved(() => ourReplay(plain, rules), () => ourReplay(withLeverage, rules));
  console.log('  (medians of 5 interleaved runs each)');
  console.log(`  (1) the day without them   ${fmt(base.events)} events in ${fmt(base.ms)} ms = ${fmt(rate(base))} events/s, ${base.alerts} alerts`);
  console.log(`  (2) the day with them      ${fmt(lev.events)} events in ${fmt(lev.ms)} ms = ${fmt(rate(lev))} events/s, ${lev.alerts} alerts`);
  const ratio = rate(lev) / rate(base);
  bar(ratio >= 0.95, `with open interest and funding at ${(ratio * 100).toFixed(1)}% of the events/s without (bar ≥ 95%)`);
}
