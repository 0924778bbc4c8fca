import { summaryMessage } from '../src/summary/message.js';
import { parseWindow } from './parse.js';
import type { Command } from './services.js';

/** summary writes the crash report for a window (default 24h), with its chart. */
export const summary: Command = {
  name: 'summary',
  description: 'The crash report for a window (default 24h), with a chart',
  args: [{ name: 'window', description: 'e.g. 4h, 24h, 3d (default 24h)', type: 'string' }],
  adminOnly: false,
  example: '/summary 24h',
  slow: true,
  async run(ctx) {
    const ms = parseWindow(summary, ctx.args.window, 86_400_000);
    if (ctx.services.market.now() === 0) return 'No market data yet: the collectors are starting. Try again in a minute.';
    const s = ctx.services.market.summary(ms);
    return summaryMessage(s, ctx.services.chart(ms));
  },
};
