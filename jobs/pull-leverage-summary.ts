import type { Job } from './services.js';

/** pullLeverageSummary polls the summary-only figures: Binance's term structure (basis) and top-trader long/short ratio, 5-minute bars. */
export const pullLeverageSummary: Job = {
  name: 'pull-leverage-summary',
  description: 'Poll basis (term structure) and the top-trader long/short ratio (Binance, 5-minute bars)',
  everyMs: (c) => c.LEVERAGE_SUMMARY_POLL_MS,
  enabled: (c) => c.SOURCES !== 'none' && !c.REPLAY_FILE && (c.ROLE === 'all' || c.ROLE === 'engine'),
  async run({ services }) {
    await services.pull.leverageSummary();
    return 'ok';
  },
};
