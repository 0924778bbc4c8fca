import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_RULES } from '../src/config/rules-defaults.js';
import type { RulesConfig } from '../src/config/rules-schema.js';
import { Rng } from '../src/demo/random.js';

/** The bench day: 50 assets × 5 venues, prices every 12 s per venue and ~200k liquidations: 2M events. */
export const BENCH_ASSETS = 50;
export const BENCH_VENUES = ['binance', 'bybit', 'okx', 'hyperliquid', 'coinbase'];
const PRICE_EVERY_S = 12;
const LIQ_PER_S = 2.3;
const DAY_START = Date.UTC(2026, 0, 29);

function assetNames(): Array<{ symbol: string; price: number }> {
  const majors = [{ symbol: 'BTC', price: 89_000 }, { symbol: 'ETH', price: 3005 }, { symbol: 'SOL', price: 124.6 }];
  const rest = Array.from({ length: BENCH_ASSETS - majors.length }, (_, i) => ({ symbol: `ALT${String(i + 1).padStart(2, '0')}`, price: 0.5 + ((i * 37) % 200) }));
  return [...majors, ...rest];
}

/** benchRules tracks all 50 assets, each with a round-level step about 2% of its price. */
export function benchRules(): RulesConfig {
  const assets = { ...DEFAULT_RULES.assets };
  for (const a of assetNames()) if (!assets[a.symbol]) assets[a.symbol] = { levelStep: Number((a.price / 50).toPrecision(1)) };
  return { ...DEFAULT_RULES, assets };
}

/** BENCH_LEVERAGE_VENUES are the perpetual venues that report open interest and funding (Coinbase is spot). */
export const BENCH_LEVERAGE_VENUES = ['binance', 'bybit', 'okx', 'hyperliquid'];

/**
 * ensureBenchDay writes the bench day to `file` unless it is already there. With `leverage`, the same day
 * (the same prices and liquidations, event for event) plus one open-interest and one funding event per
 * venue per asset per minute (issue 12's bench).
 */
export function ensureBenchDay(file: string, opts: { leverage?: boolean } = {}): void {
  if (existsSync(file) && statSync(file).size > 100e6) return;
  mkdirSync(dirname(file), { recursive: true });
  const rng = new Rng(7);
  const lev = opts.leverage ? new Rng(12) : null;
  const assets = assetNames().map((a) => ({ ...a, p: a.price }));
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  const put = (o: object) => {
    buf.push(JSON.stringify(o));
    if (buf.length >= 20_000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  };
  for (let s = 0; s < 86_400; s++) {
    const t0 = DAY_START + s * 1000;
    for (const a of assets) a.p *= 1 + 0.0004 * rng.normal() - (s > 46_800 && s < 50_400 ? 0.00002 : 0);
    BENCH_VENUES.forEach((source, vi) => {
      assets.forEach((a, ai) => {
        if ((s + vi + ai) % PRICE_EVERY_S !== 0) return;
        put({ kind: 'price', ts: t0 + vi * 50 + (ai % 20), source, symbol: a.symbol, price: Number((a.p * (1 + 0.0001 * rng.normal())).toPrecision(7)) });
      });
    });
    const n = rng.poisson(LIQ_PER_S);
    for (let k = 0; k < n; k++) {
      const a = assets[Math.floor(rng.next() * 10)];
      const usd = Math.round(Math.min(3e6, Math.exp(7 + 1.5 * rng.normal())));
      put({ kind: 'liquidation', ts: t0 + k, source: BENCH_VENUES[k % 4], symbol: a.symbol, side: rng.next() < 0.6 ? 'long' : 'short', price: Number(a.p.toPrecision(7)), qty: Number((usd / a.p).toPrecision(6)), notionalUsd: usd });
    }
    if (lev && s % 60 === 30) putLeverage(put, lev, assets, t0);
    if (s % 60 === 0 && s > 52_200 && s < 75_600) {
      for (const symbol of ['NASDAQ', 'SP500', 'DOW', 'GOLD', 'DXY', 'MSTR', 'COIN']) put({ kind: 'index', ts: t0 + 7, source: 'yahoo', symbol, price: 100 + rng.normal(), prevClose: 100 });
    }
  }
  writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
}

/** putLeverage writes one open-interest and one funding event per venue per asset (a minute's polls). */
function putLeverage(put: (o: object) => void, rng: Rng, assets: ReadonlyArray<{ symbol: string; price: number }>, t0: number): void {
  BENCH_LEVERAGE_VENUES.forEach((source, vi) => {
    assets.forEach((a, ai) => {
      const ts = t0 + vi * 200 + (ai % 50);
      put({ kind: 'open_interest', ts, source, symbol: a.symbol, oi: Number(((5e7 / a.price) * (1 + 0.001 * rng.normal())).toPrecision(8)) });
      put({ kind: 'funding', ts: ts + 1, source, symbol: a.symbol, rate: Number((0.0001 * (1 + 0.1 * rng.normal())).toPrecision(6)) });
    });
  });
}
