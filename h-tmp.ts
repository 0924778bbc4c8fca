// Engine-only timing: the bench day decoded once into columns, then fed through the engine N times in fresh engines.
import { readEvents } from './src/market/ndjson.js';
import { Engine } from './src/rules/engine.js';
import { ScratchEvents } from './src/market/validate.js';
import { benchRules } from './bench/day.js';
import { History } from './src/market/history.js';
const file = process.argv[2], variant = process.argv[3] ?? 'full';
const N = 2_001_391;
const kind = new Uint8Array(N), ts = new Float64Array(N), price = new Float64Array(N), a = new Float64Array(N), b = new Float64Array(N), side = new Uint8Array(N);
const src: string[] = [], sym: string[] = [];
let n = 0;
readEvents(file, (ev: any) => {
  ts[n] = ev.ts; src[n] = ev.source; sym[n] = ev.symbol;
  if (ev.kind === 'price') { kind[n] = 0; price[n] = ev.price; }
  else if (ev.kind === 'liquidation') { kind[n] = 1; price[n] = ev.price; a[n] = ev.qty; b[n] = ev.notionalUsd; side[n] = ev.side === 'long' ? 0 : 1; }
  else if (ev.kind === 'index') { kind[n] = 2; price[n] = ev.price; a[n] = ev.prevClose; }
  n++;
}, () => {}, { reuseEvents: true });
const s = new ScratchEvents();
const engine = new Engine(benchRules());
if (variant === 'memory') (engine as any).onComposite = () => [];
if (variant.includes('memory')) (engine as any).onComposite = () => [];
if (variant === 'noseries') { for (const sym of Object.keys(benchRules().assets)) { const st = engine.market.asset(sym) as any; st.series.pushFrom = () => {}; } }
if (variant.includes('nohistory')) { const h = engine.history as any; h.notePrice = () => {}; h.noteComposite = () => {}; h.noteLiquidation = () => {}; }
let alerts = 0;
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const k = kind[i];
  let ev: any;
  if (k === 0) { ev = s.price; ev.ts = ts[i]; ev.source = src[i]; ev.symbol = sym[i]; ev.price = price[i]; }
  else if (k === 1) { ev = s.liquidation; ev.ts = ts[i]; ev.source = src[i]; ev.symbol = sym[i]; ev.price = price[i]; ev.side = side[i] === 0 ? 'long' : 'short'; ev.qty = a[i]; ev.notionalUsd = b[i]; }
  else { ev = s.index; ev.ts = ts[i]; ev.source = src[i]; ev.symbol = sym[i]; ev.price = price[i]; ev.prevClose = a[i]; }
  alerts += engine.ingest(ev).length;
}
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ variant, events: n, alerts, ms: Math.round(performance.now() - t0), cpu: Math.round((c.user + c.system) / 1000) }));
