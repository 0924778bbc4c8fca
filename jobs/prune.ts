import type { AppServices } from '../src/app/services.js';
import type { JobDef } from './types.js';

/** prune bounds memory: summary history older than the retention is dropped. */
export const prune: JobDef<AppServices> = {
  name: 'prune',
  description: 'Drop summary history older than HISTORY_RETENTION_MS',
  everyMs: (c) => c.PRUNE_INTERVAL_MS,
  async run({ services, config, now }) {
    if (!services.engine) return 'no engine in this process';
    services.engine.history.dropBefore(now - config.HISTORY_RETENTION_MS);
    return 'pruned';
  },
};
