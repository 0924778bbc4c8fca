import type { Logger } from 'pino';
import { COMMANDS } from '../../commands/index.js';
import type { StatusReport } from '../../commands/services.js';
import { JOBS } from '../../jobs/index.js';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { DeliveryProducer } from '../delivery/producer.js';
import type { Locale } from '../i18n/locale.js';
import type { MarketEvent } from '../market/types.js';
import type { Engine } from '../rules/engine.js';
import { SourceHealth } from '../sources/health.js';
import { RedisKeys } from '../store/keys.js';
import { WatchStore } from '../store/watchlist.js';
import type { SummaryExtras } from '../summary/build.js';
import { chartFor } from './chart.js';
import type { Core } from './core.js';
import { EngineView } from './engine-view.js';
import { EngineStore } from './engine-store.js';
import { HandoverDedup } from './handover.js';
import type { EngineLease } from './lease.js';
import { operatorNotices } from './operator.js';
import { Pipeline } from './pipeline.js';
import { startRecording } from './recording.js';
import { createChatPlatforms, type ChatPlatforms } from './platforms.js';
import { REPLAY_FRESHNESS_MS, REPLAY_SOURCE, replayFeed, type ReplayAt } from './replay-feed.js';
import { JobScheduler } from './scheduler.js';
import { jobServices } from './services.js';
import { startSources, type RunningSources } from './sources.js';
import type { Teardown } from './teardown.js';
import { Watching } from './watching.js';

/** REPLAY_ORIGIN_TTL_S: how long a replay's start time is kept for a standby to continue it. */
const REPLAY_ORIGIN_TTL_S = 86_400;

/** EngineRole is the running engine part: the engine, its pipeline, collectors, jobs and chat bots. */
export interface EngineRole {
  engine: Engine;
  pipeline: Pipeline;
  health: SourceHealth;
  chat: ChatPlatforms;
}

/** EngineRoleDeps are what the engine part is started with; `takeover` is set when a standby takes the lease over. */
export interface EngineRoleDeps {
  c: Core;
  rules: RulesConfig;
  log: Logger;
  started: number;
  down: Teardown;
  lease: EngineLease | null;
  takeover: boolean;
  /** onRunning is called once the engine ingests (restored, pipeline and feeds started), before the bots and jobs. */
  onRunning?: () => void;
}

/** sourceStatus is what /status shows of the sources: the health ledger, live collectors or a replayed feed alike (its last event on the event clock). */
function sourceStatus(health: SourceHealth, eventClock: () => number | null): StatusReport['sources'] {
  return health.status(Date.now()).map((s) => {
    const replayed = s.source === REPLAY_SOURCE && eventClock() !== null;
    return { source: s.source, lastEventTs: replayed ? eventClock() : s.lastEventTs, stale: s.stale, rejected: s.rejectedTotal, gaps: s.gaps, ...(replayed ? { eventTime: true } : {}) };
  });
}

/** startReplay plays REPLAY_FILE into the pipeline; a standby taking over continues at the active engine's event time. */
async function startReplay(d: EngineRoleDeps, pipeline: Pipeline, health: SourceHealth, stopped: () => boolean, engine: Engine, caughtUp: () => void): Promise<void> {
  const { c } = d;
  const file = c.cfg.REPLAY_FILE!;
  const key = new RedisKeys(c.prefix).replayOrigin;
  let at: ReplayAt = {};
  const origin = d.takeover ? Number(await c.redis.get(key)) : 0;
  if (origin > 0) {
    at = { wall0: origin, after: engine.market.clock };
  } else {
    await c.redis.set(key, String(Date.now()), 'EX', REPLAY_ORIGIN_TTL_S);
  }
  health.tracker.watch(REPLAY_SOURCE, 'replay', REPLAY_FRESHNESS_MS, Date.now());
  const onReject = (line: number, reason: string) => {
    health.countReject({ source: REPLAY_SOURCE, reason: 'bad_line' });
    c.metrics.eventsRejected.inc({ source: REPLAY_SOURCE, reason: 'bad_line' });
    c.log.warn({ source: REPLAY_SOURCE, line, reason }, `replay: line ${line} rejected: ${reason}`);
  };
  const sink = (ev: MarketEvent) => {
    health.tracker.seen(REPLAY_SOURCE, 'replay', Date.now());
    pipeline.ingest(ev);
  };
  // The file is this replay's venue history: the minutes the dead engine did not save are fed at once.
  if (at.after !== undefined) at.onCaughtUp = caughtUp;
  void replayFeed(file, c.cfg.REPLAY_SPEED, sink, onReject, stopped, at).then((n) => c.log.info({ events: n }, `replay of ${file} finished`));
}

/**
 * startEngine runs the engine part of a ROLE=engine (or all) process, the lease holder: the engine restored from
 * Redis, the pipeline and its outbox, the collectors (or the replay), the scheduled jobs and the chat bots. Every
 * part is registered with `down`. On a takeover the handover is recorded as a gap the summaries name.
 */
export async function startEngine(d: EngineRoleDeps): Promise<EngineRole> {
  const { c, log, down, lease, rules } = d;
  const cfg = c.cfg;
  const engineStore = new EngineStore(c.redis, c.prefix, log, cfg.ENGINE_SNAPSHOT_MS);
  if (lease) engineStore.fence = { keys: lease.fenceKeys, value: () => lease.value, token: () => lease.token };
  const engine = await engineStore.load(rules, Date.now(), d.takeover);
  const takenAt = Date.now();
  let pipeline: Pipeline | null = null;
  engineStore.start(engine, Date.now, () => pipeline?.unpublished() ?? []);
  down.add('the engine snapshot', () => engineStore.stop(engine, Date.now(), pipeline?.unpublished()));
  let sources: RunningSources = { stop: async () => {}, extras: () => ({}) };
  const health = new SourceHealth();
  const extras = (from: number, to: number): SummaryExtras => {
    const x = sources.extras(from, to);
    return { ...x, gaps: [...engineStore.downtimes(Date.now() - 7 * 86_400_000), ...(x.gaps ?? [])].sort((a, b) => a.fromTs - b.fromTs) };
  };
  const view = new EngineView(engine, extras);
  const chart = (ms: number, locale: Locale) => chartFor(engine, ms, locale);
  const producer = new DeliveryProducer({ redis: c.redis, prefix: c.prefix, queues: c.queues, subs: c.subs, payloads: c.payloads, chart: (_a, locale) => chart(6 * 3_600_000, locale), groupWaitMs: cfg.DELIVERY_GROUP_WAIT_MS });
  const eventClock = () => (cfg.REPLAY_FILE && engine.market.clock > 0 ? engine.market.clock : null);
  const levelsChanged = async () => {
    for (const [asset, levels] of Object.entries(await c.subs.customLevels())) engine.setExtraLevels(asset, levels);
  };
  await levelsChanged();
  const watches = new WatchStore(c.redis, c.prefix);
  const watching = new Watching(rules, watches, c.subs, engine);
  const accounts = await watching.accounts();
  const chat = createChatPlatforms(cfg, log, {
    ...c, view, started: d.started, chart, levelsChanged, commands: COMMANDS, runBots: true, sourceStatus: () => sourceStatus(health, eventClock), eventClock,
    watches, watchChanged: () => watching.changed(), hyperliquidBudget: () => sources.hyperliquidBudget?.() ?? null,
    ...(lease ? { engineStatus: async () => lease.status().then((st) => ({ token: st.token, standbys: st.standbys.length })) } : {}),
  });
  down.add('the chat bots', () => chat.stop());
  const dedup = lease ? new HandoverDedup(c.redis, c.prefix, () => lease.token, d.takeover) : null;
  const handOff = { up: () => c.redis.status === 'ready', max: cfg.OUTBOX_MAX, ...(lease && dedup ? { fence: () => lease.fence(), skip: (a: AlertEvent) => dedup.raisedBefore(a), note: (a: AlertEvent) => dedup.note(a) } : {}) };
  pipeline = new Pipeline(engine, c.metrics, log, c.platformsOn.length > 0 ? producer : null, undefined, handOff);
  const p = pipeline;
  c.redis.on('ready', () => p.outbox.kick());
  down.add('the alert pipeline (queued alerts handed to delivery)', () => p.drain());
  const recorder = startRecording(cfg, log, c.metrics);
  if (recorder) {
    pipeline.watch((ev) => recorder.record(ev));
    down.add('the recorder (buffered events written)', () => recorder.close());
  }
  if (c.platformsOn.length > 0) pipeline.resume(await engineStore.pending());
  let stopped = false;
  down.add('the replay', () => void (stopped = true));
  sources = await startSources(cfg, log, pipeline, c.metrics, operatorNotices(cfg.OPS_CHAT, producer, c.payloads, log.child({ component: 'sources' })), health, accounts, d.takeover && engine.market.clock > 0 ? engine.market.clock : null);
  down.add('the collectors', () => sources.stop());
  // The handover is recorded in wall time, from the state the standby restored to the moment it had caught up (as a stop is).
  const handover = () => {
    dedup?.caughtUp();
    void engineStore.noteHandover(engineStore.restoredFrom ?? takenAt, Date.now()).catch((err) => log.warn({ err }, 'could not record the handover'));
  };
  if (d.takeover && !cfg.REPLAY_FILE) handover();
  watching.replan = (a) => sources.setAccounts?.(a);
  if (cfg.REPLAY_FILE) await startReplay(d, pipeline, health, () => stopped, engine, handover);
  d.onRunning?.();
  await chat.start();
  const services = jobServices({ engine, view, subs: c.subs, producer, payloads: c.payloads, chart, pull: sources.pull ?? NO_PULLS });
  const scheduler = new JobScheduler(JOBS, cfg, c.connection, c.prefix, log, services);
  down.add('the job scheduler', () => scheduler.stop());
  await scheduler.schedule();
  scheduler.start();
  return { engine, pipeline, health, chat };
}

const NO_PULLS: NonNullable<RunningSources['pull']> = { prices: async () => [], indices: async () => [], aggregator: async () => {}, leverage: async () => [], leverageSummary: async () => {} };
