import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { WindowSums } from '../../src/market/rolling.js';

/** Direction is a price move's (and a cascade's) direction. */
export type Direction = 'down' | 'up';

const DIRECTIONS: readonly Direction[] = ['down', 'up'];

/** Episode is an active cascade (or squeeze): only when its last price trigger fired matters here. */
interface Episode {
  lastTriggerTs: number;
}

/**
 * CascadeBook is the cascade's lifecycle bookkeeping kept outside json-rules-engine, as in
 * src/rules/cascade.ts: the recent price triggers per direction (dropped once a window old) and the
 * active episode per direction. It turns them into facts and applies the events json-rules-engine returns.
 */
export class CascadeBook {
  private readonly recent: Record<Direction, number[]> = { down: [], up: [] };
  private readonly active: Record<Direction, Episode | null> = { down: null, up: null };

  constructor(private readonly rules: RulesConfig) {}

  /**
   * idle mirrors the engine's shortcut (src/rules/engine.ts, `cascadeIdle`): with no episode under way,
   * an event that fired nothing is looked at only while a price trigger is recent.
   */
  idle(firedSomething: boolean): boolean {
    if (firedSomething || this.active.down || this.active.up) return false;
    return this.recent.down.length === 0 && this.recent.up.length === 0;
  }

  /** fold records this tick's price triggers (`dirs`: one per price alert) and drops the old ones. */
  fold(dirs: readonly Direction[], now: number): void {
    for (const d of dirs) {
      this.recent[d].push(now);
      const ep = this.active[d];
      if (ep) ep.lastTriggerTs = now;
    }
    const cutoff = now - this.rules.cascade.windowMs;
    for (const d of DIRECTIONS) dropOld(this.recent[d], cutoff);
  }

  /** facts are the cascade rules' facts at `now` over the cascade window's liquidation sums. */
  facts(hour: WindowSums, now: number): Record<string, number | boolean> {
    const total = hour.longUsd + hour.shortUsd;
    const f: Record<string, number | boolean> = {
      hourUsd: total,
      longShare: total > 0 ? hour.longUsd / total : 0,
      shortShare: total > 0 ? hour.shortUsd / total : 0,
    };
    for (const d of DIRECTIONS) {
      const ep = this.active[d];
      f[`active_${d}`] = ep !== null;
      f[`recent_${d}`] = this.recent[d].length;
      f[`quietMs_${d}`] = ep ? now - ep.lastTriggerTs : NaN;
    }
    return f;
  }

  /** apply ends and starts episodes as json-rules-engine decided; returns the directions that started. */
  apply(events: ReadonlyArray<{ type: string; params?: Record<string, unknown> }>): Direction[] {
    const started: Direction[] = [];
    for (const e of events) {
      const d = e.params?.direction as Direction;
      if (e.type === 'cascade_end') this.active[d] = null;
      else if (e.type === 'cascade') started.push(d);
    }
    for (const d of started) this.active[d] = { lastTriggerTs: this.recent[d].reduce((m, t) => Math.max(m, t), 0) };
    return DIRECTIONS.filter((d) => started.includes(d));
  }
}

function dropOld(ts: number[], cutoff: number): void {
  let n = 0;
  while (n < ts.length && ts[n] <= cutoff) n++;
  if (n > 0) ts.splice(0, n);
}
