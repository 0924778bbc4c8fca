import { CompositeBook } from './composite.js';
import { RollingLiquidations } from './rolling.js';
import { WindowedSeries } from './series.js';

/** Samples per shortest window kept by the composite series (its time resolution). */
const SAMPLES_PER_WINDOW = 720;
const MAX_STEP_MS = 5_000;
const MIN_STEP_MS = 50;

/** AssetState is the windowed state of one asset: venue quotes, composite and its history. */
export interface AssetState {
  symbol: string;
  book: CompositeBook;
  series: WindowedSeries;
  composite: number;
  compositeTs: number;
}

/** stepFor picks a time resolution fine enough for the shortest window, coarse enough to bound memory. */
export function stepFor(windowsMs: readonly number[]): number {
  const shortest = Math.min(...windowsMs);
  return Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, Math.floor(shortest / SAMPLES_PER_WINDOW)));
}

/**
 * MarketState is the engine's windowed view of the market: the clock (largest ts seen, never going
 * back), each asset's composite price and series, and market-wide rolling liquidation sums.
 */
export class MarketState {
  clock = 0;
  readonly assets = new Map<string, AssetState>();
  readonly liquidations: RollingLiquidations;
  readonly pctWindows: number[];
  private readonly seriesStep: number;

  /**
   * `pctWindows` are the windows each composite series answers for (1h, 24h, …), `liqWindows` those the
   * rolling liquidation sums keep, `maxAgeMs` how old a venue's price may be and still count.
   */
  constructor(pctWindows: readonly number[], liqWindows: readonly number[], readonly maxAgeMs: number) {
    this.pctWindows = pctWindows.length > 0 ? [...pctWindows] : [3_600_000];
    this.seriesStep = stepFor(this.pctWindows);
    const sums = [...new Set(liqWindows)];
    this.liquidations = new RollingLiquidations(sums, stepFor(sums));
  }

  /** tick advances the clock to `ts` if it is later; returns the clock. */
  tick(ts: number): number {
    if (ts > this.clock) {
      this.clock = ts;
      // Tested here, not in advance: most ticks have no bucket to expire, and a call would box the clock.
      if (ts >= this.liquidations.quietUntil) this.liquidations.advance(ts);
    }
    return this.clock;
  }

  /** asset returns (creating) the state of `symbol`. */
  asset(symbol: string): AssetState {
    let a = this.assets.get(symbol);
    if (!a) {
      a = { symbol, book: new CompositeBook(), series: new WindowedSeries(this.pctWindows, this.seriesStep), composite: NaN, compositeTs: 0 };
      this.assets.set(symbol, a);
    }
    return a;
  }

  /** recompute takes the asset's composite at the clock (after a venue quote changed) into its series. */
  recompute(a: AssetState): number {
    this.refresh(a);
    return a.book.value;
  }

  /**
   * refresh is recompute for the engine's loop: the composite is left in `a.book.value` (NaN when no venue is
   * fresh; then `a.composite` keeps the last one), and it returns whether there is one.
   */
  refresh(a: AssetState): boolean {
    a.book.refresh(this);
    const c = a.book.value;
    if (Number.isNaN(c)) return false;
    a.composite = c;
    a.compositeTs = this.clock;
    a.series.pushFrom(a);
    return true;
  }
}
