import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';
import { buildSummary } from '../../src/summary/index.js';

const T0 = Date.UTC(2026, 2, 3, 12);
const MIN = 60_000;

function day(direction: 1 | -1, side: 'long' | 'short'): Engine {
  const e = new Engine(DEFAULT_RULES);
  const evs: MarketEvent[] = [];
  for (let i = 0; i <= 60; i++) {
    const p = 84_000 * (1 + direction * 0.001 * i);
    for (const source of ['a', 'b', 'c']) evs.push({ kind: 'price', ts: T0 + i * MIN, source, symbol: 'BTC', price: p });
    evs.push({ kind: 'liquidation', ts: T0 + i * MIN + 1, source: 'bybit', symbol: 'BTC', side, price: p, qty: 30, notionalUsd: 3_000_000 });
  }
  evs.forEach((ev) => e.ingest(ev));
  return e;
}

/** written is the window's summary as the replay writes it (English on UTC). */
function written(e: Engine): { title: string; text: string } {
  const doc = localSummaryDoc(buildSummary(e, e.history.firstTs, e.market.clock).data, DEFAULT_LOCALE);
  return { title: doc.title, text: summaryText(doc) };
}

describe('summary tone', () => {
  it('a short squeeze reads as a squeeze, never as a crash', () => {
    const e = day(1, 'short');
    const s = written(e);
    expect(s.title).toMatch(/^Short squeeze/);
    expect(s.text).not.toMatch(/crash|sell-off|fell/i);
    expect(s.text).toMatch(/shorts/);
    expect(e.alerts.items.filter((a) => a.kind === 'cascade').map((a) => a.data.direction)).toEqual(['up']);
  });

  it('a long flush reads as a crash', () => {
    const e = day(-1, 'long');
    const s = written(e);
    expect(s.title).toMatch(/^Crash report/);
    expect(s.text).toMatch(/sell-off/);
  });
});
