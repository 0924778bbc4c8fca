import type { AlertEvent } from '../alerts/types.js';
import type { IndexQuote } from '../market/records.js';
import type { Engine } from '../rules/engine.js';
import { buildSummaryData, type SummaryExtras } from '../summary/build.js';
import { buildSummary } from '../summary/index.js';
import { leverageView, whaleViews } from '../summary/leverage-view.js';
import type { LeverageView, MarketView, PriceView, WhaleView } from '../summary/market-view.js';
import type { Summary, SummaryData } from '../summary/types.js';

/**
 * EngineView answers MarketView from a running (or replayed) Engine; `extras(from, to)` adds the gaps and an
 * aggregator total for exactly that window (a 24 h CoinGlass total only next to a 24 h window).
 */
export class EngineView implements MarketView {
  constructor(private readonly engine: Engine, private readonly extras: (from: number, to: number) => SummaryExtras = () => ({})) {}

  now(): number {
    return this.engine.market.clock;
  }

  knownAssets(): string[] {
    return [...new Set([...Object.keys(this.engine.rules.assets), ...this.engine.market.assets.keys()])].sort();
  }

  price(symbol: string): PriceView | null {
    const a = this.engine.market.assets.get(symbol);
    if (!a || Number.isNaN(a.composite)) return null;
    const now = this.now();
    const maxAge = this.engine.rules.composite.maxAgeMs;
    const windows = this.engine.market.pctWindows;
    const change = (w: number) => {
      const i = windows.indexOf(w);
      const ref = i >= 0 ? a.series.reference(i) : NaN;
      return ref > 0 ? (a.composite / ref - 1) * 100 : null;
    };
    return {
      symbol,
      composite: a.composite,
      ts: a.compositeTs,
      venues: a.book.quotes.map((q) => ({ source: q.source, price: q.price, ts: q.ts, fresh: q.ts >= now - maxAge })),
      change1hPct: change(3_600_000),
      change24hPct: change(86_400_000),
    };
  }

  liquidations(windowMs: number): SummaryData['liquidations'] {
    const now = this.now();
    const from = now - windowMs + 1;
    return buildSummaryData(this.engine, from, now, this.extras(this.covered(from), now)).liquidations;
  }

  markets(): Record<string, IndexQuote> {
    return Object.fromEntries(this.engine.history.indices);
  }

  summary(windowMs: number): Summary {
    const now = this.now();
    const from = this.covered(now - windowMs + 1);
    return buildSummary(this.engine, from, now, this.extras(from, now));
  }

  /** covered is where a window starting at `from` really starts: not before the first data the engine holds. */
  private covered(from: number): number {
    const first = this.engine.history.firstTs;
    return Math.max(from, Number.isNaN(first) ? this.now() : first);
  }

  recentAlerts(n: number): AlertEvent[] {
    return this.engine.alerts.recent(n);
  }

  leverage(symbol: string): LeverageView | null {
    return leverageView(this.engine.memory.leverage, this.engine.history, symbol, this.now(), this.engine.rules.leverageFlush.maxAgeMs);
  }

  leverageAssets(): string[] {
    return [...this.engine.memory.leverage.assets.keys()].sort();
  }

  whales(): WhaleView[] {
    return whaleViews(this.engine.memory.positions, this.now());
  }
}
