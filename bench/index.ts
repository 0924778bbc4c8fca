// npm run bench [-- replay|leverage|latency|soak|fanout|failover]: prints the figures behind DESIGN §6's bars. Each section says
// what it measured. BENCH_CHATS sets the fan-out size (default 10,000: about 6 minutes at the platforms' limits).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRules, ensureBenchDay } from './day.js';
import { processLoops, rate, runLoopProcess } from './loops.js';
import { runJreSection } from './jre-section.js';
import { runFanoutSection } from './fanout-section.js';
import { runFailoverSection } from './failover-section.js';
import { detectionLatency, ingestRate } from './latency.js';
import { runLeverageSection } from './leverage-section.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const file = join(here, 'out', 'day-2m.ndjson');
const leverageFile = join(here, 'out', 'day-2m-leverage.ndjson');
const emptyFile = join(here, 'out', 'empty.ndjson');
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
let failed = false;

function bar(ok: boolean, text: string): void {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  if (!ok) failed = true;
}

async function replaySection(): Promise<void> {
  console.log('\n== Replay throughput (2M-event day, 50 assets × 5 venues), each loop a whole process ==');
  ensureBenchDay(file);
  writeFileSync(emptyFile, '');
  runLoopProcess('bare', file); // warm the page cache
  const { bare, ours } = processLoops(file, emptyFile);
  console.log('  (medians of 5 interleaved rounds; each process timed from spawn to exit, minus its start-up: the same process on an empty file)');
  console.log(`  (1) bare loop: read in chunks + JSON.parse            ${fmt(bare.events)} events in ${fmt(bare.ms)} ms = ${fmt(rate(bare))} events/s (start-up ${fmt(bare.startMs)} ms)`);
  console.log(`  (2) our replay (parse, validate, rules, alerts out)   ${fmt(ours.events)} events in ${fmt(ours.ms)} ms = ${fmt(rate(ours))} events/s, ${ours.run.alerts} alerts (start-up ${fmt(ours.startMs)} ms)`);
  const s = ours.run.split;
  if (s) {
    const engineMs = s.totalMs - s.headMs - s.waitMs;
    console.log(`  worker split (that run): the engine thread read the first ${fmt(s.headLines)} lines itself in ${fmt(s.headMs)} ms while the reader thread started;`);
    console.log(`    then reader thread parsing ${fmt(s.readerBusyMs)} ms, waiting for a free batch slot ${fmt(s.readerWaitMs)} ms;`);
    console.log(`    engine thread: rules and output ${fmt(engineMs)} ms, waiting for batches ${fmt(s.waitMs)} ms (${fmt(s.firstBatchMs)} ms for the first), ${s.batches} batches`);
  } else console.log('  worker split: none (the replay read on one thread)');
  const ratio = rate(ours) / rate(bare);
  bar(ratio >= 2, `replay at ${(ratio * 100).toFixed(0)}% of the bare loop (bar ≥ 200%, aim 300%)`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'replay-rss.ts'), file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`replay child failed: ${child.stderr}`);
  const m = JSON.parse(child.stdout.trim());
  console.log(`  memory: replay of the day in its own process: peak RSS ${m.maxRssMb.toFixed(0)} MB, heap at end ${m.heapMb.toFixed(0)} MB`);
  bar(m.maxRssMb < 200, `peak RSS ${m.maxRssMb.toFixed(0)} MB for 24h of 50 assets × 5 venues (bar < 200 MB)`);
  await runJreSection(file, benchRules(), rate(ours), bar);
}

function soakSection(): void {
  console.log('\n== Memory soak: 3 simulated days, 50 assets × 5 venues, history pruned to 24 h (own process) ==');
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'soak-child.ts')], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`soak child failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim()) as { baseRssMb: number; days: Array<{ day: number; heapMb: number; rssMb: number; events: number }> };
  console.log(`  at start: RSS ${r.baseRssMb.toFixed(0)} MB`);
  for (const d of r.days) console.log(`  after day ${d.day}: ${fmt(d.events)} events, heap ${d.heapMb.toFixed(0)} MB, RSS ${d.rssMb.toFixed(0)} MB`);
  const [, d2, d3] = r.days;
  const growth = d3.heapMb - d2.heapMb;
  bar(Math.abs(growth) < 0.1 * d2.heapMb + 5 && d3.rssMb < 200, `flat after the first day (heap day 2 → 3: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB), RSS under 200 MB`);
}

async function latencySection(): Promise<void> {
  console.log('\n== Live ingest and detection latency ==');
  ingestRate(50_000);
  const r = ingestRate(300_000);
  console.log(`  collector path on one core (Binance frame → classify → checks → engine): ${fmt(r)} events/s`);
  for (const fsync of ['everysec', 'always'] as const) {
    const l = await detectionLatency(5_000, 20, fsync);
    const redis = fsync === 'everysec' ? 'Redis fsyncing each second, as the private Redis Cascade starts' : 'Redis fsyncing every write (appendfsync always), as an operator may set their own';
    console.log(`  ${fmt(l.events)} liquidations streamed at 5,000/s over a real WebSocket for 20 s; ${l.alerts} alerts; ${redis}`);
    console.log(`  event sent → alert enqueued in BullMQ: p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(2)} ms`);
    if (fsync === 'everysec') bar(l.p99 < 50 && l.alerts > 0, `detection latency p99 ${l.p99.toFixed(1)} ms at 5,000 events/s (bar < 50 ms)`);
  }
}

async function main(): Promise<void> {
  console.log(`Cascade benchmarks (node ${process.version}, ${process.arch}); bench day at ${file}${existsSync(file) ? '' : ' (generating)'}`);
  if (want('replay')) await replaySection();
  if (want('leverage')) runLeverageSection(file, leverageFile, bar);
  if (want('latency')) await latencySection();
  if (want('soak')) soakSection();
  if (want('fanout')) await runFanoutSection(Number(process.env.BENCH_CHATS ?? 10_000), bar);
  if (only.includes('failover')) await runFailoverSection(Number(process.env.BENCH_FAILOVER_CHATS ?? 20), bar);
  console.log(failed ? '\nSome bars were missed.' : '\nAll bars met.');
  process.exitCode = failed ? 1 : 0;
}

await main();
