import type { AppServices } from '../src/app/services.js';
import type { JobDef } from './types.js';

/** prune bounds memory: summary history older than the retention (in event time: a replayed past day is kept) is dropped. */
export const prune: JobDef<AppServices> = {
  name: 'prune',
  description: 'Drop summary history older than HISTORY_RETENTION_MS',
  everyMs: (c) => c.PRUNE_INTERVAL_MS,
  async run({ services, config }) {
    if (!services.engine) return 'no engine in this process';
    const clock = services.engine.market.clock;
    if (clock === 0) return 'no data yet';
    services.engine.history.dropBefore(clock - config.HISTORY_RETENTION_MS);
    return 'pruned';
  },
};
