/**
 * Issue 15's fault runs, shared by the tests (short, correctness only) and `npm run bench -- failover` (figures):
 * real Cascade processes (two ROLE=engine, one ROLE=delivery) on a real Redis, delivery to the strict fake Telegram,
 * and the 2026-01-29 day either collected live from the fake venues as DayFeed plays it (runLiveFailover) or
 * replayed from its file (REPLAY_FILE in compressed event time: runFailover).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pino from 'pino';
import { EngineStore } from '../../src/app/engine-store.js';
import { EngineView } from '../../src/app/engine-view.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import { queueName, type DeliveryJob } from '../../src/delivery/jobs.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { restoreEngine } from '../../src/rules/snapshot.js';
import { RedisKeys } from '../../src/store/keys.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { crashDay } from '../delivery/crash-day.js';
import { seenOnTelegram } from '../e2e/crash-chats.js';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/telegram/server.js';
import { FakeVenues, type RestRoute } from '../fakes/venues/server.js';
import { compressedRules, DayFeed, venueEnv } from '../helpers/live-rig.js';
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
      if (process.env.FAILOVER_DEBUG) console.log(`queue ${JSON.stringify(c)}; ${this.tg.messages.length} messages`);
      quiet = Object.values(c).every((n) => n === 0) ? quiet + 1 : 0;
    }
    await q.close();
  }

  /** delivered compares what every chat shows with the alerts `expected` (titles): lost ones, and duplicates per chat (posts of a title beyond the times it was expected). */
  delivered(expected: string[]): { lost: number; dupes: number[] } {
    const seen = this.chats.map((id) => seenOnTelegram(this.tg, id));
    const times = (list: readonly string[]) => list.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>());
    const want = times(expected);
    const dupes = seen.map((s) => [...times(s.own)].reduce((n, [t, k]) => n + Math.max(0, k - Math.max(1, want.get(t) ?? 0)), 0));
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
async function coverage(rig: Rig, events: readonly MarketEvent[], rules: RulesConfig = DEFAULT_RULES): Promise<string[]> {
  const client = rig.redis.client();
  const store = new EngineStore(client, rig.prefix, pino({ level: 'silent' }));
  await store.load(rules, Date.now(), true);
  client.disconnect();
  const engine = new Engine(rules);
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

/** LiveFailoverResult is one kill -9 of the active engine while the crash is played live through the fake venues. */
export interface LiveFailoverResult {
  takeoverMs: number;
  /** The day's time the feed had reached at the kill, and at the standby's first live event (the unreceived span). */
  killedAtDay: number;
  resumedAtDay: number;
  /** Events each engine took (A up to its kill, B from its catch-up on), and A's after its last snapshot (lost with it). */
  eventsA: number;
  eventsB: number;
  tailA: number;
  /** The alerts an in-process engine fires over what the engines took: A's before the kill, B's from the takeover on. */
  expected: AlertEvent[];
  expectedBeforeKill: number;
  lost: number;
  dupes: number;
  maxDupesPerChat: number;
  messages: number;
  catchUp: { venues: Record<string, number | string>; events: number } | null;
  candleCalls: Record<string, number>;
  gapLines: string[];
}

/** recorded reads the events a process's recorder wrote (a line cut by the kill is skipped). */
function recorded(dir: string): MarketEvent[] {
  const out: MarketEvent[] = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ndjson')).sort()) readEvents(join(dir, f), (e) => out.push({ ...e }), () => {});
  return out;
}

/**
 * runLiveFailover: two ROLE=engine processes collect live from the fake Binance, Bybit and OKX (tickers over REST,
 * liquidations over WebSocket) while DayFeed plays the 2026-01-29 window around the first cascade through them,
 * `speed` times faster (rules compressed alike); the active engine is killed with SIGKILL when the day reaches
 * `killAtMin` minutes from the cascade. Both engines record what they took (RECORD_DIR): the expected alerts are an
 * in-process engine's over A's events up to the snapshot the standby restored, then B's (its candle catch-up and
 * what it collected). What nobody received (the dead minutes' liquidations, A's events after its last snapshot) is
 * a gap, not a loss.
 */
export async function runLiveFailover(o: { chats: number; speed: number; beforeMin: number; afterMin: number; killAtMin: number; leaseMs?: number; snapshotMs?: number }): Promise<LiveFailoverResult> {
  const rig = new Rig();
  const venues = new FakeVenues();
  try {
    const t0 = Date.now();
    const phase = (what: string) => process.env.FAILOVER_DEBUG && console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    await Promise.all([rig.start(o.chats), venues.start()]);
    const day = crashDay();
    const cascadeTs = day.alerts.find((x) => x.alert.kind === 'cascade')!.alert.ts;
    const assets = ['BTC', 'ETH', 'SOL'];
    const feed = new DayFeed(venues, day.events, cascadeTs - o.beforeMin * 60_000, cascadeTs + o.afterMin * 60_000, o.speed, assets);
    const rules = compressedRules(o.speed);
    const rulesFile = join(rig.dir, 'compressed-rules.yaml');
    writeFileSync(rulesFile, JSON.stringify(rules));
    const recA = join(rig.dir, 'rec-a');
    const recB = join(rig.dir, 'rec-b');
    const common = {
      ROLE: 'engine', SOURCES: 'binance,bybit,okx', SYMBOLS: assets.join(','), PRICE_POLL_MS: '1000', RULES_FILE: rulesFile, RECORD_FLUSH_MS: '50',
      ENGINE_LEASE_MS: String(o.leaseMs ?? 5_000), ENGINE_SNAPSHOT_MS: String(o.snapshotMs ?? 2_000), ...venueEnv(venues),
    };
    const [, a] = await Promise.all([rig.spawn({ ROLE: 'delivery' }, /Cascade is up/), rig.spawn({ ...common, RECORD_DIR: recA }, /Cascade is up/)]);
    const b = await rig.spawn({ ...common, RECORD_DIR: recB }, /engine on standby/);
    // A collects: every venue's ticker answered and every liquidation stream open.
    await rig.tg.waitFor(() => ['binance.ticker', 'bybit.tickers', 'okx.ticker'].every((r) => (venues.hits.get(r as RestRoute) ?? 0) > 0) && Object.values(venues.streams.connections).every((n) => n > 0), 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    phase('engine A collecting, standby B up');
    const played = feed.play();
    await new Promise((r) => setTimeout(r, Math.max(0, feed.wallAt(cascadeTs + o.killAtMin * 60_000) - Date.now())));
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    const killedAtDay = feed.dayTime(killedAt);
    phase(`killed A at ${new Date(killedAtDay).toISOString()}`);
    const probe = rig.redis.client();
    const snap = restoreEngine((await probe.getBuffer(new RedisKeys(rig.prefix).engineSnapshot))!, rules)!;
    probe.disconnect();
    const line = await rig.tg.waitFor(() => b.out.split('\n').find((l) => l.includes('standby took over')), 30_000);
    const takeoverMs = Date.parse((JSON.parse(line) as { time: string }).time) - killedAt;
    const caught = b.out.split('\n').find((l) => l.includes('missed minute(s) from the venues'));
    const catchUp = caught ? (JSON.parse(caught) as { venues: Record<string, number | string>; events: number }) : null;
    await played;
    phase('feed played');
    await rig.quiet(300_000);
    phase('delivery quiet');
    const evA = recorded(recA);
    const evB = recorded(recB);
    if (process.env.FAILOVER_DEBUG) writeFileSync(process.env.FAILOVER_DEBUG, `killed ${new Date(killedAt).toISOString()}\n${b.out}`);
    // A's events up to the snapshot B restored; the rest died with A. A records each event as it takes it, so the
    // snapshot's count of events taken is where to cut (venues' timestamps interleave: an event A took after the
    // snapshot can carry a time before the snapshot's clock, so a cut by time let the check expect alerts B never saw).
    const taken = [...snap.engine.history.sources.values()].reduce((n, s) => n + s.events, 0);
    const cut = Math.min(evA.length, taken);
    const engine = new Engine(rules);
    const before = evA.slice(0, cut).flatMap((e) => engine.ingest(e).map((x) => structuredClone(x)));
    const after = evB.flatMap((e) => engine.ingest(e).map((x) => structuredClone(x)));
    const expected = [...before, ...after].filter((x) => x.kind !== 'whale');
    const d = rig.delivered(expected.map((x) => x.title));
    const firstLive = evB.find((e) => e.kind === 'liquidation');
    return {
      takeoverMs, killedAtDay, resumedAtDay: firstLive ? feed.dayTime(firstLive.ts) : NaN, eventsA: evA.length, eventsB: evB.length, tailA: evA.length - cut,
      expected, expectedBeforeKill: before.length, lost: d.lost, dupes: d.dupes.reduce((x, y) => x + y, 0), maxDupesPerChat: Math.max(0, ...d.dupes), messages: rig.tg.messages.length, catchUp,
      candleCalls: { binance: venues.hits.get('binance.klines') ?? 0, bybit: venues.hits.get('bybit.kline') ?? 0, okx: venues.hits.get('okx.candles') ?? 0 },
      gapLines: await coverage(rig, [...evA.slice(0, cut), ...evB], rules),
    };
  } finally {
    await rig.dispose();
    await venues.close();
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
