import { formatPrice, formatShare, formatUsd, formatUtc } from '../src/render/format.js';
import { sourceName } from '../src/sources/registry.js';
import { usage } from './parse.js';
import type { Command } from './services.js';

const WINDOWS: Record<string, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000, '24h': 86_400_000 };

/** liquidations shows liquidations over 1h, 4h or 24h: scale, long/short structure, largest, by venue and asset. */
export const liquidations: Command = {
  name: 'liquidations',
  description: 'Liquidations over 1h, 4h or 24h: scale, long share, largest, by venue',
  args: [{ name: 'window', description: '1h, 4h or 24h (default 1h)', type: 'string', choices: Object.keys(WINDOWS) }],
  adminOnly: false,
  example: '/liquidations 24h',
  async run(ctx) {
    const key = (ctx.args.window ?? '1h').toLowerCase();
    const ms = WINDOWS[key];
    if (!ms) usage(liquidations, `Window is 1h, 4h or 24h, not "${key.slice(0, 12)}"`);
    const l = ctx.services.market.liquidations(ms);
    if (l.count === 0) return `No liquidations observed in the last ${key}.`;
    const items = [
      `Longs ${formatUsd(l.longUsd)} (${formatShare(l.longShare)}) · shorts ${formatUsd(l.shortUsd)} · ${l.count.toLocaleString('en-US')} liquidations`,
      ...(l.largest ? [`Largest: ${formatUsd(l.largest.notionalUsd)} ${l.largest.symbol} ${l.largest.side} on ${sourceName(l.largest.source)} at $${formatPrice(l.largest.price)} (${formatUtc(l.largest.ts)})`] : []),
      `By venue: ${Object.entries(l.bySource).map(([s, t]) => `${sourceName(s)} ${formatUsd(t.totalUsd)}`).join(', ')}`,
      `By asset: ${Object.entries(l.bySymbol).slice(0, 8).map(([s, t]) => `${s} ${formatUsd(t.totalUsd)}`).join(', ')}`,
    ];
    if (l.aggregatorUsd) items.push(`${sourceName(l.aggregatorUsd.source)} (all venues): ${formatUsd(l.aggregatorUsd.totalUsd)}`);
    return {
      title: `${formatUsd(l.totalUsd)} liquidated in ${key}`,
      severity: l.totalUsd >= 100e6 ? 'warning' : 'info',
      blocks: [{ type: 'list', items }],
      footer: 'Observed on public feeds (Binance and OKX are sampled): a floor, not the total',
    };
  },
};
