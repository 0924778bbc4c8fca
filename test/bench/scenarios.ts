import type { RulesConfig } from '../../src/config/rules-schema.js';
import { Rng } from '../../src/demo/random.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { createJreEvaluator, firedFromEngine, type FiredAlert } from '../../bench/jre/index.js';

/** T0 is the start of the hand-made scenarios: 2026-01-29T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 29);
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** price is one venue's price at T0 + t. */
export function price(t: number, symbol: string, p: number, source = 'a'): MarketEvent {
  return { kind: 'price', ts: T0 + t, source, symbol, price: p };
}

/** liq is one liquidation at T0 + t (side of the position). */
export function liq(t: number, usd: number, side: 'long' | 'short' = 'long', symbol = 'BTC', source = 'bybit'): MarketEvent {
  return { kind: 'liquidation', ts: T0 + t, source, symbol, side, price: 85_000, qty: usd / 85_000, notionalUsd: usd };
}

/** index is an index quote at T0 + t, `pct` percent from a previous close of 100. */
export function index(t: number, symbol: string, pct: number): MarketEvent {
  return { kind: 'index', ts: T0 + t, source: 'yahoo', symbol, price: 100 * (1 + pct / 100), prevClose: 100 };
}

/** burst is `n` liquidations of `usd` each, one a minute from `t`. */
export function burst(t: number, n: number, usd: number, side: 'long' | 'short'): MarketEvent[] {
  return Array.from({ length: n }, (_, i) => liq(t + i * MIN, usd, side));
}

/** runBoth feeds the same events, in order, to a cold Engine and a cold json-rules-engine evaluator. */
export async function runBoth(events: readonly MarketEvent[], rules: RulesConfig): Promise<{ ours: FiredAlert[]; jre: FiredAlert[] }> {
  const engine = new Engine(rules);
  const jre = createJreEvaluator(rules);
  const ours: FiredAlert[] = [];
  const theirs: FiredAlert[] = [];
  for (const ev of events) {
    ours.push(...firedFromEngine(engine.ingest(ev)));
    theirs.push(...(await jre.ingest(ev)));
  }
  return { ours, jre: theirs };
}

/** brief is a fired alert in short form for expectations: `kind:severity:symbol:key`. */
export function brief(f: FiredAlert): string {
  return `${f.kind}:${f.severity}:${f.symbol ?? '-'}:${f.key}`;
}

/**
 * randomMarket is a seeded, jumpy 30-hour market: four assets on three venues (a little out of order),
 * liquidations with one-sided bursts and whales, and two index quotes, so every rule fires and re-arms.
 */
export function randomMarket(seed: number, n: number): MarketEvent[] {
  const rng = new Rng(seed);
  const px: Record<string, number> = { BTC: 86_000, ETH: 3_000, TST: 50, XRP: 1.9 };
  const syms = Object.keys(px);
  const ix: Record<string, number> = { NASDAQ: 0, SP500: 0 };
  const out: MarketEvent[] = [];
  const dt = (30 * HOUR) / n;
  for (let k = 0; k < n; k++) {
    const t = Math.round(k * dt + 20_000 * (rng.next() - 0.5)); // up to 20 s out of order
    const hour = Math.floor(t / HOUR);
    const bias = hour % 7 === 3 ? -0.0015 : hour % 7 === 5 ? 0.0015 : 0; // crash and squeeze hours
    const r = rng.next();
    if (r < 0.7) {
      const s = syms[Math.floor(rng.next() * syms.length)];
      px[s] *= Math.exp(bias + 0.004 * rng.normal());
      const source = ['a', 'b', 'c'][Math.floor(rng.next() * 3)];
      out.push(price(t, s, Number((px[s] * (1 + 0.0005 * rng.normal())).toPrecision(7)), source));
    } else if (r < 0.97) {
      const side = bias < 0 ? (rng.next() < 0.9 ? 'long' : 'short') : bias > 0 ? (rng.next() < 0.9 ? 'short' : 'long') : rng.next() < 0.5 ? 'long' : 'short';
      const usd = Math.round(Math.exp(13 + 1.3 * rng.normal() + (bias !== 0 ? 1.5 : 0)));
      out.push(liq(t, Math.min(usd, rng.next() < 0.002 ? 150e6 : 60e6), side, syms[Math.floor(rng.next() * 2)]));
    } else {
      const s = rng.next() < 0.5 ? 'NASDAQ' : 'SP500';
      ix[s] = Math.max(-4, Math.min(2, ix[s] + 0.5 * rng.normal()));
      out.push(index(t, s, Number(ix[s].toFixed(3))));
    }
  }
  return out;
}
