import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { Engine } from '../../src/rules/engine.js';
import { buildSummary } from '../../src/summary/index.js';
import { bybitWs } from '../../src/sources/bybit/feeds.js';
import { DEFAULT_LOCALE, makeLocale } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';

/** text renders a summary's data as the English UTC desk note (src/i18n is its one writer). */
const text = (s: { data: Parameters<typeof localSummaryDoc>[0] }) => summaryText(localSummaryDoc(s.data, DEFAULT_LOCALE));

// Issue 11: Bybit's USDC and inverse liquidations are not collected, and the summary says so.
describe('Bybit coverage, as it is', () => {
  const engine = new Engine(DEFAULT_RULES);
  const T = Date.UTC(2026, 0, 29, 13);
  engine.ingest({ kind: 'liquidation', ts: T, source: 'bybit', symbol: 'BTC', side: 'long', price: 85_000, qty: 1, notionalUsd: 85_000 });

  it('the summary\'s sources section says USDC and inverse contracts are not counted, in English and Chinese', () => {
    const s = buildSummary(engine, T - 3_600_000, T);
    expect(text(s)).toMatch(/Bybit: liquidation \(1 events?\)\. /);
    expect(text(s)).toContain('Bybit allLiquidation pushes every liquidation (500 ms batches) of its USDT perpetuals; USDC and inverse contracts are not counted.');
    const zh = localSummaryDoc(s.data, makeLocale('zh', 'UTC')).sections.flatMap((x) => x.items).join('\n');
    expect(zh).toContain('USDC 与反向合约未计入');
  });

  it('the stream subscribes USDT perpetuals only', () => {
    const frames = bybitWs().subscribe(['BTC', 'ETH']).map((f) => JSON.parse(f).args).flat();
    expect(frames).toEqual(['allLiquidation.BTCUSDT', 'allLiquidation.ETHUSDT', 'tickers.BTCUSDT']);
  });
});
