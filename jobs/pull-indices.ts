import type { Job } from './services.js';

const WEEKEND_EVERY_MS = 30 * 60_000;

/** isWeekendUtc: US index markets are closed all Saturday and Sunday (UTC is close enough for polling). */
export function isWeekendUtc(now: number): boolean {
  const d = new Date(now).getUTCDay();
  return d === 0 || d === 6;
}

/**
 * pullIndices polls the cross-market quotes (Nasdaq, S&P 500, Dow, gold, DXY, MSTR, COIN) with their
 * true previous close; at the weekend, when nothing trades, only every 30 minutes.
 */
export const pullIndices: Job = {
  name: 'pull-indices',
  description: 'Poll Yahoo for indices, gold, DXY and crypto stocks, slower when markets are closed',
  everyMs: (c) => c.INDEX_POLL_MS,
  enabled: (c) => c.SOURCES !== 'none' && !c.REPLAY_FILE && (c.ROLE === 'all' || c.ROLE === 'engine'),
  async run({ services, now, config }) {
    if (isWeekendUtc(now) && now % WEEKEND_EVERY_MS >= config.INDEX_POLL_MS) return 'weekend: skipped';
    const events = await services.pull.indices();
    return `${events.length} index events`;
  },
};
