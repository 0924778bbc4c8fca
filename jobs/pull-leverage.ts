import type { Job } from './services.js';

/** pullLeverage polls open interest and funding on every venue (Binance, Bybit, OKX, Hyperliquid); the events go straight to the engine. */
export const pullLeverage: Job = {
  name: 'pull-leverage',
  description: 'Poll open interest and funding per venue (Binance, Bybit, OKX, Hyperliquid)',
  everyMs: (c) => c.LEVERAGE_POLL_MS,
  enabled: (c) => c.SOURCES !== 'none' && !c.REPLAY_FILE && (c.ROLE === 'all' || c.ROLE === 'engine'),
  async run({ services }) {
    const events = await services.pull.leverage();
    return `${events.length} open interest and funding events`;
  },
};
