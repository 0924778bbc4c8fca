import type { MarketEvent } from '../market/types.js';
import { interpolate, Rng } from './random.js';
import { DEMO_FUNDING, DEMO_OI, DEMO_OI_PATHS, DEMO_PRICE_VENUES, DEMO_TRACKED_WHALE } from './scenario.js';

/** OI_AT_S and POSITION_EVERY_S: open interest and funding once a minute per venue (as the pollers), the whale every 30 s. */
const OI_AT_S = 20;
const POSITION_EVERY_S = 30;
const OI_NOISE = 0.0002;

/**
 * DemoPositioning writes the demo day's open interest, funding and tracked whale: a second random stream,
 * so the prices and liquidations of the day are exactly what they were before these events existed.
 */
export class DemoPositioning {
  private readonly rng: Rng;
  private readonly noise = new Map<string, number>();

  constructor(seed: number, private readonly calm: boolean) {
    this.rng = new Rng(seed ^ 0x5eed);
  }

  /** emit writes second `s`'s events (t0 its start; prices the composite path of each asset). */
  emit(write: (ev: MarketEvent) => void, s: number, t0: number, prices: Record<string, number>): void {
    const hours = s / 3600;
    if (s % 60 === OI_AT_S) this.leverage(write, t0, hours);
    if (!this.calm && s % POSITION_EVERY_S === 10) this.whale(write, t0 + 400, prices);
  }

  private leverage(write: (ev: MarketEvent) => void, t0: number, hours: number): void {
    Object.entries(DEMO_OI).forEach(([source, assets], vi) => {
      Object.entries(assets).forEach(([symbol, base], si) => {
        const key = `${source}|${symbol}`;
        const n = (this.noise.get(key) ?? 0) * 0.9 + OI_NOISE * this.rng.normal();
        this.noise.set(key, n);
        const path = this.calm ? 1 : interpolate(DEMO_OI_PATHS[symbol], hours);
        const ts = t0 + vi * 1_000 + si * 50;
        write({ kind: 'open_interest', ts, source, symbol, oi: Math.round(base * path * (1 + n) * 100) / 100 });
        const rate = this.calm ? 0.0001 : interpolate(DEMO_FUNDING[source], hours);
        write({ kind: 'funding', ts: ts + 7, source, symbol, rate: Math.round(rate * (1 + 0.02 * this.rng.normal()) * 1e8) / 1e8 });
      });
    });
  }

  private whale(write: (ev: MarketEvent) => void, ts: number, prices: Record<string, number>): void {
    const w = DEMO_TRACKED_WHALE;
    const mark = Math.round(prices[w.symbol] * (1 + DEMO_PRICE_VENUES.hyperliquid) * 10) / 10;
    const pnl = Math.round(w.size * (mark - w.entryPrice));
    write({
      kind: 'position', ts, source: 'hyperliquid', account: w.address, symbol: w.symbol, size: w.size,
      entryPrice: w.entryPrice, markPrice: mark, liquidationPrice: w.liquidationPrice, unrealizedPnlUsd: pnl,
    });
  }
}
