// Memory soak: three simulated days of 50 assets × 5 venues (about 2M events a day) through the engine,
// with the prune job's history retention (24 h here), printing heap and RSS at the end of each day.
import { Rng } from '../src/demo/random.js';
import type { MarketEvent } from '../src/market/types.js';
import { Engine } from '../src/rules/engine.js';
import { benchRules, BENCH_VENUES } from './day.js';

const DAY_MS = 86_400_000;

/** soak returns heap and RSS (MB) after each simulated day. */
export function soak(days: number): Array<{ day: number; heapMb: number; rssMb: number; events: number }> {
  const rules = benchRules();
  const assets = Object.keys(rules.assets).map((symbol, i) => ({ symbol, p: symbol === 'BTC' ? 89_000 : symbol === 'ETH' ? 3005 : 10 + i }));
  const engine = new Engine(rules);
  const rng = new Rng(11);
  const t0 = Date.UTC(2026, 0, 1);
  const out: Array<{ day: number; heapMb: number; rssMb: number; events: number }> = [];
  const ev: MarketEvent = { kind: 'price', ts: 0, source: '', symbol: '', price: 0 };
  let events = 0;
  for (let s = 0; s < days * 86_400; s++) {
    const ts = t0 + s * 1000;
    for (let ai = 0; ai < assets.length; ai++) {
      const a = assets[ai];
      a.p *= 1 + 0.0003 * rng.normal();
      for (let vi = 0; vi < BENCH_VENUES.length; vi++) {
        if ((s + vi + ai) % 12 !== 0) continue;
        ev.ts = ts + vi;
        ev.source = BENCH_VENUES[vi];
        ev.symbol = a.symbol;
        ev.price = a.p;
        engine.ingest(ev);
        events++;
      }
    }
    if (s % 3600 === 0) engine.forgetBefore(ts - DAY_MS); // the prune job, hourly
    if ((s + 1) % 86_400 === 0) {
      globalThis.gc?.();
      const m = process.memoryUsage();
      out.push({ day: (s + 1) / 86_400, heapMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576, events });
    }
  }
  return out;
}
