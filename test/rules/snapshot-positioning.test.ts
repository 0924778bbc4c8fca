import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { restoreEngine, snapshotEngine } from '../../src/rules/snapshot.js';

const T0 = Date.UTC(2026, 0, 29, 10);
const MIN = 60_000;
const A = '0x00000000000000000000000000000000000000aa';

/** events: two venues' open interest falling 7% over the second hour, funding, and a whale sliding to −$60M. */
function events(): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let m = 0; m < 150; m++) {
    const f = m < 60 ? 1 : m < 120 ? 1 - 0.07 * (m - 60) / 60 : 0.93;
    out.push({ kind: 'open_interest', ts: T0 + m * MIN, source: 'binance', symbol: 'BTC', oi: 90_000 * f });
    out.push({ kind: 'open_interest', ts: T0 + m * MIN + 1, source: 'okx', symbol: 'BTC', oi: 30_000 * f });
    out.push({ kind: 'funding', ts: T0 + m * MIN + 2, source: 'okx', symbol: 'BTC', rate: 0.0001 - m * 1e-6 });
    out.push({ kind: 'position', ts: T0 + m * MIN + 3, source: 'hyperliquid', account: A, symbol: 'BTC', size: 1_000, entryPrice: 90_000, markPrice: 90_000 - m * 400, liquidationPrice: 20_000, unrealizedPnlUsd: -m * 400_000 });
  }
  return out;
}

describe('engine snapshot with open interest, funding and tracked positions (version 3)', () => {
  it('a restart between the warnings fires nothing twice and misses nothing; the state comes back whole', () => {
    const evs = events();
    const straight = new Engine(DEFAULT_RULES);
    const all = evs.flatMap((e) => straight.ingest(e).map((a) => a.id));
    expect(all.map((id) => id.split(':').slice(0, 1).join())).toEqual(['whale', 'leverage_flush', 'whale']);
    const cut = evs.findIndex((e) => e.ts >= T0 + 100 * MIN);
    const first = new Engine(DEFAULT_RULES);
    const before = evs.slice(0, cut).flatMap((e) => first.ingest(e).map((a) => a.id));
    const r = restoreEngine(snapshotEngine(first, 0), DEFAULT_RULES)!;
    const after = evs.slice(cut).flatMap((e) => r.engine.ingest(e).map((a) => a.id));
    expect([...before, ...after]).toEqual(all);
    expect([...r.engine.memory.leverage.assets.get('BTC')!.oi.keys()]).toEqual(['binance', 'okx']);
    expect(r.engine.memory.positions.position(A, 'BTC')?.size).toBe(1_000);
    expect(r.engine.history.leverage.accountPnl.has(A)).toBe(true);
  });
});
