import type { Job } from './services.js';

/** prune bounds memory: summary history older than the retention (in event time: a replayed past day is kept) is dropped. */
export const prune: Job = {
  name: 'prune',
  description: 'Drop summary history older than HISTORY_RETENTION_MS',
  everyMs: (c) => c.PRUNE_INTERVAL_MS,
  async run({ services, config }) {
    if (!services.market) return 'no engine in this process';
    const clock = services.market.now();
    if (clock === 0) return 'no data yet';
    services.forgetBefore(clock - config.HISTORY_RETENTION_MS);
    return 'pruned';
  },
};
