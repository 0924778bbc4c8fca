/**
 * Issue 15's fault runs, shared by the tests (short, correctness only) and `npm run bench -- failover` (figures):
 * real Cascade processes (two ROLE=engine, one ROLE=delivery) on a real Redis, the 2026-01-29 day replayed live
 * (REPLAY_FILE in compressed event time), delivery to the strict fake Telegram.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pino from 'pino';
import { EngineStore } from '../../src/app/engine-store.js';
import { EngineView } from '../../src/app/engine-view.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { RedisKeys } from '../../src/store/keys.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { seenOnTelegram } from '../e2e/crash-chats.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import type { FakeVenues } from '../fakes/venues/server.js';
import { freePort, TestRedis, uniquePrefix } from '../helpers/redis.js';

const MAIN = fileURLToPath(new URL('../../src/app/main.ts', import.meta.url));

/** Proc is a Cascade child process with its output kept. */
interface Proc {
  child: ChildProcess;
  out: string;
  port: number;
}

/** Rig is one fault run's world: Redis, the fake Telegram, the subscribed chats and the processes. */
class Rig {
  readonly tg = new FakeTelegram({ limits: 'strict' });
  readonly redis = new TestRedis();
  readonly prefix = uniquePrefix('fault');
  readonly dir = mkdtempSync(join(tmpdir(), 'cascade-fault-'));
  readonly procs: Proc[] = [];
  chats: string[] = [];

  async start(chats: number): Promise<void> {
    await Promise.all([this.tg.start(), this.redis.start()]);
    const client = this.redis.client();
    const subs = new SubscriptionStore(client, this.prefix);
    this.chats = Array.from({ length: chats }, (_, i) => String(-1_004_000_000_000 - i));
    for (const id of this.chats) await subs.subscribe('telegram', id, 0);
    client.disconnect();
  }

  env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_FORMAT: 'json', REDIS_URL: this.redis.url, REDIS_PREFIX: this.prefix, SOURCES: 'none',
      CASCADE_DATA_DIR: this.dir, HTTP_HOST: '127.0.0.1', TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: this.tg.apiRoot, ...extra,
    };
  }

  async spawn(extra: NodeJS.ProcessEnv, ready: RegExp): Promise<Proc> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: this.env({ ...extra, HTTP_PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
    const p: Proc = { child, out: '', port };
    child.stdout!.on('data', (b) => (p.out += String(b)));
    child.stderr!.on('data', (b) => (p.out += String(b)));
    this.procs.push(p);
    await this.tg.waitFor(() => ready.test(p.out) || /failed|cannot start/.test(p.out), 60_000);
    if (!ready.test(p.out)) throw new Error(`a Cascade process did not start:\n${p.out.slice(-2000)}`);
    return p;
  }

  /** quiet waits until the delivery queue has stayed empty for 4 s. */
  async quiet(maxMs: number): Promise<void> {
    const q = new Queue<DeliveryJob>(queueName('telegram'), { connection: { host: '127.0.0.1', port: this.redis.port }, prefix: new RedisKeys(this.prefix).bull });
    for (let quiet = 0, end = Date.now() + maxMs; quiet < 4; ) {
      if (Date.now() > end) throw new Error('delivery did not finish');
      await new Promise((r) => setTimeout(r, 1000));
      const c = await q.getJobCounts('waiting', 'delayed', 'active', 'prioritized').catch(() => ({ busy: 1 }));
      quiet = Object.values(c).every((n) => n === 0) ? quiet + 1 : 0;
    }
    await q.close();
  }

  /** delivered compares what every chat shows with the alerts `expected` (titles): lost ones, and duplicates per chat. */
  delivered(expected: string[]): { lost: number; dupes: number[] } {
    const seen = this.chats.map((id) => seenOnTelegram(this.tg, id));
    const dupes = seen.map((s) => s.own.length - new Set(s.own).size);
    const lostBy = seen.map((s) => expected.filter((t) => ![...s.own, ...s.triggers, ...s.folded].includes(t)));
    return { lost: lostBy.reduce((n, l) => n + l.length, 0), dupes };
  }

  async dispose(): Promise<void> {
    for (const p of this.procs) p.child.kill('SIGKILL');
    await this.tg.stop();
    await this.redis.dispose();
  }
}

/** coverage is the summary of `events` with the gaps recorded in Redis, as the desk note's coverage lines. */
async function coverage(rig: Rig, events: readonly MarketEvent[]): Promise<string[]> {
  const client = rig.redis.client();
  const store = new EngineStore(client, rig.prefix, pino({ level: 'silent' }));
  await store.load(DEFAULT_RULES, Date.now(), true);
  client.disconnect();
  const engine = new Engine(DEFAULT_RULES);
  for (const e of events) engine.ingest(e);
  const view = new EngineView(engine, () => ({ gaps: store.downtimes() }));
  return summaryText(localSummaryDoc(view.summary(86_400_000).data, DEFAULT_LOCALE)).split('\n').filter((l) => /handover|stopped/.test(l));
}

/** Day is the replayed file, its events, and the alerts a fresh engine fires on them (whales aside: the app tracks none). */
interface Day {
  file: string;
  events: MarketEvent[];
  fired: AlertEvent[];
  cascadeTs: number;
}

/** dayFor is the 2026-01-29 day, whole or trimmed to `window` minutes around its first cascade. */
function dayFor(rig: Rig, window?: { beforeMin: number; afterMin: number }): Day {
  const day = crashDay();
  const cascadeTs = day.alerts.find((x) => x.alert.kind === 'cascade')!.alert.ts;
  if (!window) return { file: day.file, events: day.events, fired: day.alerts.map((x) => x.alert).filter((a) => a.kind !== 'whale'), cascadeTs };
  const events = day.events.filter((e) => e.ts >= cascadeTs - window.beforeMin * 60_000 && e.ts <= cascadeTs + window.afterMin * 60_000);
  const file = join(rig.dir, 'crash-window.ndjson');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const engine = new Engine(DEFAULT_RULES);
  const fired = events.flatMap((e) => engine.ingest(e).map((a) => structuredClone(a))).filter((a) => a.kind !== 'whale');
  return { file, events, fired, cascadeTs };
}

/** FailoverResult is one kill -9 of the active engine mid-replay. */
export interface FailoverResult {
  takeoverMs: number;
  messagesAtKill: number;
  messages: number;
  lost: number;
  dupes: number;
  chatsWithDupes: number;
  gapLines: string[];
  /** The `engine` line of /readyz: A and B before the kill, B after the takeover. */
  readyz: { a: string; b: string; bAfter: string };
}

/** engineLine reads the `engine` check of a process's /readyz. */
async function engineLine(p: Proc): Promise<string> {
  const body = await fetch(`http://127.0.0.1:${p.port}/readyz`).then((r) => r.json() as Promise<{ checks: Record<string, { detail: string }> }>, () => null);
  return body?.checks?.engine?.detail ?? '(no answer)';
}

/** runFailover: two engines and one delivery worker; the active engine is killed with SIGKILL once it has saved a snapshot and `killAfterMs` passed. */
export async function runFailover(o: { chats: number; speed: number; killAfterMs: number; leaseMs?: number; snapshotMs?: number; window?: { beforeMin: number; afterMin: number } }): Promise<FailoverResult> {
  const rig = new Rig();
  try {
    const t0 = Date.now();
    const phase = (what: string) => process.env.FAILOVER_DEBUG && console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    await rig.start(o.chats);
    const day = dayFor(rig, o.window);
    phase('day ready');
    const common = { REPLAY_FILE: day.file, REPLAY_SPEED: String(o.speed), ENGINE_LEASE_MS: String(o.leaseMs ?? 5_000), ENGINE_SNAPSHOT_MS: String(o.snapshotMs ?? 30_000) };
    const [, a] = await Promise.all([rig.spawn({ ROLE: 'delivery' }, /Cascade is up/), rig.spawn({ ...common, ROLE: 'engine' }, /Cascade is up/)]);
    const startedAt = Date.now();
    phase('engine A up');
    const b = await rig.spawn({ ...common, ROLE: 'engine' }, /engine on standby/);
    const probe = rig.redis.client();
    const snapshot = new RedisKeys(rig.prefix).engineSnapshot;
    while (!((await probe.exists(snapshot)) === 1 && Date.now() - startedAt >= o.killAfterMs)) await new Promise((r) => setTimeout(r, 100));
    probe.disconnect();
    const before = { a: await engineLine(a), b: await engineLine(b) };
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    phase('killed A');
    const messagesAtKill = rig.tg.messages.length;
    const line = await rig.tg.waitFor(() => b.out.split('\n').find((l) => l.includes('standby took over')), 30_000);
    const takeoverMs = Date.parse((JSON.parse(line) as { time: string }).time) - killedAt;
    await rig.tg.waitFor(() => /replay of .* finished/.test(b.out), 300_000);
    phase('replay finished');
    await rig.quiet(300_000);
    phase('delivery quiet');
    if (process.env.FAILOVER_DEBUG) writeFileSync(process.env.FAILOVER_DEBUG, `killed ${new Date(killedAt).toISOString()}\n${b.out}`);
    const d = rig.delivered(day.fired.map((x) => x.title));
    return {
      takeoverMs, messagesAtKill, messages: rig.tg.messages.length, lost: d.lost, dupes: d.dupes.reduce((x, y) => x + y, 0), chatsWithDupes: d.dupes.filter((n) => n > 0).length,
      gapLines: await coverage(rig, day.events), readyz: { ...before, bAfter: await engineLine(b) },
    };
  } finally {
    await rig.dispose();
  }
}

/** LiveTakeover is a kill -9 of the active engine collecting live from the fake venues. */
export interface LiveTakeover {
  takeoverMs: number;
  catchUpLine: string;
  candleCalls: Record<string, number>;
  pricesAfter: number;
}

/** runLiveTakeover: two ROLE=engine processes on the fake venues (Binance, Bybit, OKX); the active one is killed; the standby catches up from their candles. */
export async function runLiveTakeover(venues: FakeVenues): Promise<LiveTakeover> {
  const rig = new Rig();
  try {
    await rig.start(0);
    const env = {
      ROLE: 'engine', SOURCES: 'binance,bybit,okx', SYMBOLS: 'BTC', PRICE_POLL_MS: '1000', ENGINE_LEASE_MS: '3000', ENGINE_SNAPSHOT_MS: '1000',
      BINANCE_REST_URL: venues.url, BINANCE_WS_URL: venues.wsUrl, BYBIT_REST_URL: venues.url, BYBIT_WS_URL: venues.wsUrl, OKX_REST_URL: venues.url, OKX_WS_URL: venues.wsUrl,
    };
    const a = await rig.spawn(env, /Cascade is up/);
    const b = await rig.spawn(env, /engine on standby/);
    const probe = rig.redis.client();
    while ((await probe.exists(new RedisKeys(rig.prefix).engineSnapshot)) !== 1) await new Promise((r) => setTimeout(r, 100));
    probe.disconnect();
    await new Promise((r) => setTimeout(r, 1_500));
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    const took = await rig.tg.waitFor(() => b.out.split('\n').find((l) => l.includes('standby took over')), 30_000);
    const catchUpLine = b.out.split('\n').find((l) => l.includes('caught up')) ?? '';
    await new Promise((r) => setTimeout(r, 3_000));
    const line = await fetch(`http://127.0.0.1:${b.port}/metrics`).then((r) => r.text());
    const m = /^cascade_events_total\{source="binance",kind="price"\} (\d+)/m.exec(line);
    return {
      takeoverMs: Date.parse((JSON.parse(took) as { time: string }).time) - killedAt, catchUpLine,
      candleCalls: { binance: venues.hits.get('binance.klines') ?? 0, bybit: venues.hits.get('bybit.kline') ?? 0, okx: venues.hits.get('okx.candles') ?? 0 },
      pricesAfter: Number(m?.[1] ?? 0),
    };
  } finally {
    await rig.dispose();
  }
}

/** RedisDownResult is one Redis outage during the crash hour. */
export interface RedisDownResult {
  firedDuringOutage: number;
  criticalDuringOutage: number;
  outboxMax: number;
  outboxOldestMaxS: number;
  dropped: number;
  lost: number;
  lostCritical: number;
  dupes: number;
  messages: number;
}

/** metric reads one series from a /metrics text (0 when absent). */
function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm');
  let sum = 0;
  for (const x of text.matchAll(m)) sum += Number(x[1]);
  return sum;
}

/**
 * runRedisDown replays the crash hour (from `beforeMin` minutes before the cascade to `afterMin` after) with one
 * ROLE=all Cascade, stops Redis when the replay reaches `downAtMin` minutes before the cascade, restarts it `downMs`
 * later, and counts what the outbox held and what every chat received.
 */
export async function runRedisDown(o: { chats: number; speed: number; downMs: number; beforeMin?: number; afterMin?: number; downAtMin?: number }): Promise<RedisDownResult> {
  const rig = new Rig();
  try {
    await rig.start(o.chats);
    const { file, events, fired: expected, cascadeTs } = dayFor(rig, { beforeMin: o.beforeMin ?? 60, afterMin: o.afterMin ?? 40 });
    const app = await rig.spawn({ ROLE: 'all', REPLAY_FILE: file, REPLAY_SPEED: String(o.speed) }, /Cascade is up/);
    const wall0 = Date.now();
    const downAt = wall0 + (cascadeTs - (o.downAtMin ?? 5) * 60_000 - events[0].ts) / o.speed;
    await new Promise((r) => setTimeout(r, Math.max(0, downAt - Date.now())));
    await rig.redis.stop();
    const downFrom = events[0].ts + (Date.now() - wall0) * o.speed;
    let outboxMax = 0;
    let oldest = 0;
    for (const end = Date.now() + o.downMs; Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 500));
      const text = await fetch(`http://127.0.0.1:${app.port}/metrics`).then((r) => r.text(), () => '');
      outboxMax = Math.max(outboxMax, metric(text, 'cascade_outbox_alerts'));
      oldest = Math.max(oldest, metric(text, 'cascade_outbox_oldest_seconds'));
    }
    const downTo = events[0].ts + (Date.now() - wall0) * o.speed;
    await rig.redis.start();
    await rig.tg.waitFor(() => /replay of .* finished/.test(app.out), 300_000);
    await rig.quiet(300_000);
    const text = await fetch(`http://127.0.0.1:${app.port}/metrics`).then((r) => r.text(), () => '');
    const during = expected.filter((a) => a.ts >= downFrom && a.ts <= downTo);
    const titles = expected.map((a) => a.title);
    const critical = expected.filter((a) => a.severity === 'critical').map((a) => a.title);
    const d = rig.delivered(titles);
    return {
      firedDuringOutage: during.length, criticalDuringOutage: during.filter((a) => a.severity === 'critical').length, outboxMax, outboxOldestMaxS: oldest,
      dropped: metric(text, 'cascade_outbox_dropped_total'), lost: d.lost, lostCritical: rig.delivered(critical).lost, dupes: d.dupes.reduce((x, y) => x + y, 0), messages: rig.tg.messages.length,
    };
  } finally {
    await rig.dispose();
  }
}
