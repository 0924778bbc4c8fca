import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { Engine } from '../rules/engine.js';
import { restoreEngine, snapshotEngine } from '../rules/snapshot.js';
import { RedisKeys } from '../store/keys.js';
import { FENCED_SAVE, FencedError } from './lease.js';

/** SNAPSHOT_EVERY_MS: how often the engine's state is saved to Redis (and once more at shutdown). */
export const SNAPSHOT_EVERY_MS = 30_000;
/** SNAPSHOT_MAX_AGE_MS: an older snapshot is not restored (its windows would be empty anyway). */
const SNAPSHOT_MAX_AGE_MS = 48 * 3_600_000;
/** DOWNTIME_MIN_MS: a restart quicker than this is not worth a coverage line (a snapshot is at most 30 s old anyway). */
export const DOWNTIME_MIN_MS = 10_000;
/** DOWNTIME_KEEP_MS: downtime spans are kept as long as the history (the longest summary window). */
const DOWNTIME_KEEP_MS = 7 * 86_400_000;

/** Downtime is a span with no data because Cascade itself was stopped (or crashed: from its last snapshot). */
export interface Downtime {
  source: 'cascade';
  fromTs: number;
  toTs: number;
  /** stopped: Cascade was not running; failover: the active engine died and the standby took over (issue 15). */
  reason: 'stopped' | 'failover';
}

/**
 * EngineStore keeps the engine's windows, rule memory and summary history in Redis, so a restart
 * resumes where it stopped: no lost windows, no level learned twice, no alert fired again. The time
 * between the last snapshot and the restart is recorded as downtime, a gap the summaries name.
 */
export class EngineStore {
  private timer: NodeJS.Timeout | null = null;
  private readonly keys: RedisKeys;
  private spans: Downtime[] = [];
  /** fence, when set, is the engine lease: a save goes through only while the lease still carries this holder's token. */
  /** restoredFrom is when the restored snapshot was saved (null when none was restored). */
  restoredFrom: number | null = null;
  fence: { keys: [string, string]; value(): string | null; token(): number | null } | null = null;

  constructor(private readonly redis: Redis, prefix: string, private readonly log: Logger, private readonly everyMs = SNAPSHOT_EVERY_MS) {
    this.keys = new RedisKeys(prefix);
  }

  /** load restores the saved engine (or builds a new one when there is none, or it is unusable) and records the downtime since it was saved. */
  async load(rules: RulesConfig, now: number, takeover = false): Promise<Engine> {
    const buf = await this.redis.getBuffer(this.keys.engineSnapshot);
    await this.loadDowntime(now);
    if (!buf) return new Engine(rules);
    const r = restoreEngine(buf, rules);
    if (!r || now - r.savedAt > SNAPSHOT_MAX_AGE_MS) {
      this.log.warn('engine snapshot unreadable or too old: starting with empty windows');
      return new Engine(rules);
    }
    this.restoredFrom = r.savedAt;
    if (!takeover && now - r.savedAt >= DOWNTIME_MIN_MS) await this.noteDowntime({ source: 'cascade', fromTs: r.savedAt, toTs: now, reason: 'stopped' });
    this.log.info({ savedAt: new Date(r.savedAt).toISOString(), rulesChanged: r.rulesChanged }, r.rulesChanged ? 'restored market history from Redis (rules changed: rule memory starts fresh)' : 'restored the engine state from Redis');
    return r.engine;
  }

  /** downtimes lists the spans Cascade was stopped, ending at or after `sinceTs`, oldest first. */
  downtimes(sinceTs = 0): Downtime[] {
    return this.spans.filter((d) => d.toTs >= sinceTs).map((d) => ({ ...d }));
  }

  /**
   * save writes a snapshot now, with the alerts the engine fired that delivery had not taken yet (taken at the same
   * moment as the state that fired them: restored together, none is lost and none fires twice).
   */
  async save(engine: Engine, now: number, pending: readonly AlertEvent[] = []): Promise<void> {
    if (this.fence) {
      const ok = await this.redis.eval(FENCED_SAVE, 4, ...this.fence.keys, this.keys.engineSnapshot, this.keys.enginePending, this.fence.value() ?? '', this.fence.token() ?? '', snapshotEngine(engine, now), pending.length > 0 ? JSON.stringify(pending) : '');
      if (Number(ok) !== 1) throw new FencedError(this.fence.token() ?? 0);
      return;
    }
    const m = this.redis.multi().set(this.keys.engineSnapshot, snapshotEngine(engine, now));
    await (pending.length > 0 ? m.set(this.keys.enginePending, JSON.stringify(pending)) : m.del(this.keys.enginePending)).exec();
  }

  /** pending lists the alerts saved with the snapshot that delivery had not taken (re-published at start; publishing is idempotent). */
  async pending(): Promise<AlertEvent[]> {
    const raw = await this.redis.get(this.keys.enginePending);
    return raw ? (JSON.parse(raw) as AlertEvent[]) : [];
  }

  /** start saves every `everyMs` (30 s) until stop, with the alerts not yet handed to delivery; `clock` is the save time (a seam). */
  start(engine: Engine, clock: () => number = Date.now, pending: () => readonly AlertEvent[] = () => []): void {
    this.timer = setInterval(() => void this.save(engine, clock(), pending()).catch((err) => this.log.warn({ err }, 'could not save the engine snapshot')), this.everyMs);
    this.timer.unref();
  }

  /** stop ends the periodic saves and writes a last snapshot. */
  async stop(engine: Engine, now = Date.now(), pending: readonly AlertEvent[] = []): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.save(engine, now, pending);
  }

  private async loadDowntime(now: number): Promise<void> {
    const raw = await this.redis.lrange(this.keys.engineDowntime, 0, -1);
    this.spans = raw.map((r) => JSON.parse(r) as Downtime).filter((d) => d.toTs >= now - DOWNTIME_KEEP_MS);
  }

  /** noteHandover records a standby's takeover: from the dead engine's last saved state to the moment the standby caught up. */
  async noteHandover(fromTs: number, toTs: number): Promise<void> {
    await this.noteDowntime({ source: 'cascade', fromTs, toTs, reason: 'failover' });
  }

  private async noteDowntime(d: Downtime): Promise<void> {
    this.spans.push(d);
    const span = `${new Date(d.fromTs).toISOString()} to ${new Date(d.toTs).toISOString()}`;
    this.log.info({ fromTs: d.fromTs, toTs: d.toTs, reason: d.reason }, d.reason === 'failover' ? `engine handover from ${span}: the standby took over and caught up` : `no data from ${span}: Cascade was stopped`);
    await this.redis.multi().del(this.keys.engineDowntime).rpush(this.keys.engineDowntime, ...this.spans.map((s) => JSON.stringify(s))).exec();
  }
}
