import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { Engine } from '../rules/engine.js';
import { restoreEngine, snapshotEngine } from '../rules/snapshot.js';
import { RedisKeys } from '../store/keys.js';

/** SNAPSHOT_EVERY_MS: how often the engine's state is saved to Redis (and once more at shutdown). */
export const SNAPSHOT_EVERY_MS = 30_000;
/** SNAPSHOT_MAX_AGE_MS: an older snapshot is not restored (its windows would be empty anyway). */
const SNAPSHOT_MAX_AGE_MS = 48 * 3_600_000;

/**
 * EngineStore keeps the engine's windows, rule memory and summary history in Redis, so a restart
 * resumes where it stopped: no lost windows, no level learned twice, no alert fired again.
 */
export class EngineStore {
  private timer: NodeJS.Timeout | null = null;

  private readonly key: string;
  private readonly pendingKey: string;

  constructor(private readonly redis: Redis, prefix: string, private readonly log: Logger) {
    const keys = new RedisKeys(prefix);
    this.key = keys.engineSnapshot;
    this.pendingKey = keys.enginePending;
  }

  /** load restores the saved engine (or builds a new one when there is none, or it is unusable). */
  async load(rules: RulesConfig, now: number): Promise<Engine> {
    const buf = await this.redis.getBuffer(this.key);
    if (!buf) return new Engine(rules);
    const r = restoreEngine(buf, rules);
    if (!r || now - r.savedAt > SNAPSHOT_MAX_AGE_MS) {
      this.log.warn('engine snapshot unreadable or too old: starting with empty windows');
      return new Engine(rules);
    }
    this.log.info({ savedAt: new Date(r.savedAt).toISOString(), rulesChanged: r.rulesChanged }, r.rulesChanged ? 'restored market history from Redis (rules changed: rule memory starts fresh)' : 'restored the engine state from Redis');
    return r.engine;
  }

  /**
   * save writes a snapshot now, with the alerts the engine fired that delivery had not taken yet (taken at the same
   * moment as the state that fired them: restored together, none is lost and none fires twice).
   */
  async save(engine: Engine, now: number, pending: readonly AlertEvent[] = []): Promise<void> {
    const m = this.redis.multi().set(this.key, snapshotEngine(engine, now));
    await (pending.length > 0 ? m.set(this.pendingKey, JSON.stringify(pending)) : m.del(this.pendingKey)).exec();
  }

  /** pending lists the alerts saved with the snapshot that delivery had not taken (re-published at start; publishing is idempotent). */
  async pending(): Promise<AlertEvent[]> {
    const raw = await this.redis.get(this.pendingKey);
    return raw ? (JSON.parse(raw) as AlertEvent[]) : [];
  }

  /** start saves periodically until stop. */
  start(engine: Engine, pending: () => readonly AlertEvent[] = () => []): void {
    this.timer = setInterval(() => void this.save(engine, Date.now(), pending()).catch((err) => this.log.warn({ err }, 'could not save the engine snapshot')), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  /** stop ends the periodic saves and writes a last snapshot. */
  async stop(engine: Engine, pending: readonly AlertEvent[] = []): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.save(engine, Date.now(), pending);
  }
}
