import type { Job } from './services.js';

/** pullPrices polls every venue's REST price endpoint; the events go straight to the engine. */
export const pullPrices: Job = {
  name: 'pull-prices',
  description: 'Poll venue REST tickers for prices (Binance, Bybit, OKX, Hyperliquid, Coinbase)',
  everyMs: (c) => c.PRICE_POLL_MS,
  enabled: (c) => c.SOURCES !== 'none' && !c.REPLAY_FILE && (c.ROLE === 'all' || c.ROLE === 'engine'),
  async run({ services }) {
    const events = await services.pull.prices();
    return `${events.length} price events`;
  },
};
