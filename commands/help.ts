import type { Command } from './services.js';

/** help lists every command, derived from the registry (never kept by hand). */
export const help: Command = {
  name: 'help',
  description: 'What Cascade does and every command',
  args: [],
  adminOnly: false,
  example: '/help',
  async run(ctx) {
    const defs = ctx.services.commands();
    return {
      title: 'Cascade: crypto crash alerts and summaries',
      blocks: [
        { type: 'text', text: 'Cascade watches prices, liquidations and Wall Street, and posts here when the market cracks: level breaks, sharp moves, liquidation cascades. Ask for a crash report any time with /summary.' },
        { type: 'list', items: defs.map((d) => `/${d.name}${d.args.length ? ' ' + d.args.map((a) => (a.required ? a.name : `[${a.name}]`)).join(' ') : ''}: ${d.description}${d.adminOnly ? ' (admins)' : ''}`) },
      ],
    };
  },
};
