import type { Job } from './services.js';

/** pullAggregator fetches CoinGlass's all-venue liquidation totals (only with COINGLASS_API_KEY) for coverage ranges. */
export const pullAggregator: Job = {
  name: 'pull-aggregator',
  description: 'Fetch aggregated liquidation totals from CoinGlass (with an API key)',
  everyMs: (c) => c.AGGREGATOR_POLL_MS,
  enabled: (c) => Boolean(c.COINGLASS_API_KEY) && c.SOURCES !== 'none' && !c.REPLAY_FILE && (c.ROLE === 'all' || c.ROLE === 'engine'),
  async run({ services }) {
    await services.pull.aggregator();
    return 'ok';
  },
};
