import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { TradeTables } from '../../src/market/trade-tables.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { buildSummary } from '../../src/summary/index.js';

// A replay's reader thread tables the trade part of the history while the engine's thread only tallies those
// events; the engine adopts the tables at the end. The summary must not tell the two apart.
describe('TradeTables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-trades-'));
  generateDay(join(dir, 'day.ndjson'));
  const events: MarketEvent[] = [];
  readEvents(join(dir, 'day.ndjson'), (e) => events.push(e), () => {});
  // A late price (a minute back) and a liquidation naming its account: the odd cases of the split.
  const late = events.findIndex((e) => e.kind === 'price' && e.ts >= Date.UTC(2026, 0, 29, 13, 30));
  const e0 = events[late] as Extract<MarketEvent, { kind: 'price' }>;
  events.splice(late + 50, 0, { ...e0, ts: e0.ts - 60_000, price: e0.price * 0.9 });
  events.push({ kind: 'liquidation', ts: events[events.length - 1].ts, source: 'hyperliquid', symbol: 'BTC', side: 'long', price: 80_000, qty: 1, notionalUsd: 80_000, account: '0x1234567890abcdef1234567890abcdef12345678' });

  function summaryOf(engine: Engine): string {
    const h = engine.history;
    return JSON.stringify(buildSummary(engine, h.firstTs, engine.market.clock).data);
  }

  it('an engine that adopts the tables summarizes the day as one that tabled it itself', () => {
    const whole = new Engine(DEFAULT_RULES);
    for (const e of events) whole.ingest(e);
    const split = new Engine(DEFAULT_RULES);
    split.memory.tradesElsewhere = true;
    const tables = new TradeTables();
    for (const e of events) {
      tables.event(e);
      split.ingest(e);
    }
    const before = summaryOf(split);
    split.history.adoptTrades(tables.trades());
    expect(summaryOf(split)).toEqual(summaryOf(whole));
    expect(before).not.toEqual(summaryOf(whole)); // the tables carry what the split engine did not keep
    expect([...split.history.venueLow.keys()]).toEqual([...whole.history.venueLow.keys()]);
    expect([...split.history.liqBySource.keys()]).toEqual([...whole.history.liqBySource.keys()]);
    expect(split.history.leverage.accountLiquidations).toEqual(whole.history.leverage.accountLiquidations);
  });
});
