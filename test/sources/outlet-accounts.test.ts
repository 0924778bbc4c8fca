import { describe, expect, it } from 'vitest';
import { SourceHealth } from '../../src/sources/health.js';
import { SourceOutlet } from '../../src/sources/outlet.js';
import { MemoryLogger, RecordingSink } from './harness.js';

const ACCOUNT = '0x000000000000000000000000000000000000a11c';

describe('SourceOutlet and tracked accounts', () => {
  it('passes a tracked account\'s positions and liquidations in any asset, and keeps the followed-asset filter for the rest', () => {
    const sink = new RecordingSink();
    const outlet = new SourceOutlet('hyperliquid', { sink, log: new MemoryLogger(), health: new SourceHealth(), now: () => 1769693520000, symbols: new Set(['BTC']) });
    const ts = 1769693520000;
    outlet.deliver({
      events: [
        { kind: 'position', ts, source: 'hyperliquid', account: ACCOUNT, symbol: 'HYPE', size: 10, entryPrice: 30, markPrice: 29, liquidationPrice: null, unrealizedPnlUsd: -10 },
        { kind: 'liquidation', ts, source: 'hyperliquid', symbol: 'HYPE', side: 'long', price: 29, qty: 10, notionalUsd: 290, account: ACCOUNT },
        { kind: 'liquidation', ts, source: 'hyperliquid', symbol: 'HYPE', side: 'long', price: 29, qty: 11, notionalUsd: 319 },
        { kind: 'open_interest', ts, source: 'hyperliquid', symbol: 'HYPE', oi: 1000 },
      ],
      rejected: [],
    }, 'position');
    expect(sink.events.map((e) => e.kind)).toEqual(['position', 'liquidation']);
  });
});
