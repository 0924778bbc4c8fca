import { formatUtc } from '../src/render/format.js';
import type { Command } from './services.js';

const SHOWN = 10;

/** alerts lists the most recent alerts the engine fired. */
export const alerts: Command = {
  name: 'alerts',
  description: 'The most recent alerts',
  args: [],
  adminOnly: false,
  example: '/alerts',
  async run(ctx) {
    const recent = ctx.services.market.recentAlerts(SHOWN);
    if (recent.length === 0) return 'No alerts yet: a quiet market.';
    return {
      title: `Last ${recent.length} alerts`,
      blocks: [{ type: 'list', items: recent.map((a) => `${formatUtc(a.ts).slice(5, 16)} ${a.severity.toUpperCase()} ${a.title}`) }],
    };
  },
};
