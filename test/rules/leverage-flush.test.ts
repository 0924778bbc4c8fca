import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { runReplay, type ReplayResult } from '../../src/cli/replay-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';

// Issue 12's replay days: NDJSON files through the replay, as `npm run replay` reads them.

const dir = mkdtempSync(join(tmpdir(), 'cascade-oi-'));
const T0 = Date.UTC(2026, 0, 29, 10);
const MIN = 60_000;
let n = 0;

function replay(events: MarketEvent[]): ReplayResult & { printed: AlertEvent[] } {
  const file = join(dir, `day-${n++}.ndjson`);
  writeFileSync(file, events.sort((a, b) => a.ts - b.ts).map((e) => JSON.stringify(e)).join('\n') + '\n');
  let out = '';
  const r = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: (s) => (out += s), writeErr: () => {} });
  return { ...r, printed: out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((o) => o.type === 'alert') };
}

/** oiPath is one venue's open interest once a minute for `minutes`, as `f(minute)` (base units). */
function oiPath(source: string, symbol: string, minutes: number, f: (m: number) => number | null, from = 0): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let m = from; m < minutes; m++) {
    const oi = f(m);
    if (oi !== null) out.push({ kind: 'open_interest', ts: T0 + m * MIN + 20_000, source, symbol, oi });
  }
  return out;
}

/** crash is BTC from three venues falling through $85,000 from minute 70 with $120M of long liquidations. */
function crash(): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let m = 0; m < 180; m++) {
    const p = m < 60 ? 86_500 : m < 90 ? 86_500 - (m - 60) * 70 : 84_400;
    for (const source of ['binance', 'bybit', 'okx']) out.push({ kind: 'price', ts: T0 + m * MIN + 1_000, source, symbol: 'BTC', price: p });
    if (m >= 65 && m < 95) out.push({ kind: 'liquidation', ts: T0 + m * MIN + 2_000, source: 'bybit', symbol: 'BTC', side: 'long', price: p, qty: 4_000_000 / p, notionalUsd: 4_000_000 });
  }
  return out;
}

describe('leverage_flush on replayed days', () => {
  it('BTC open interest down 8.4% in an hour with a down break: one warning, and it joins the cascade', () => {
    // Two venues, flat for an hour, then down 8.4% in a straight line over the next hour.
    const f = (base: number) => (m: number) => (m < 60 ? base : m < 120 ? base * (1 - 0.084 * (m - 60) / 60) : base * 0.916);
    const r = replay([...crash(), ...oiPath('binance', 'BTC', 180, f(90_000)), ...oiPath('bybit', 'BTC', 180, f(60_000))]);
    const flush = r.alerts.filter((a) => a.kind === 'leverage_flush');
    expect(flush.map((a) => a.severity)).toEqual(['warning']);
    expect(flush[0].data).toMatchObject({ windowMs: 3_600_000, sources: ['binance', 'bybit'], direction: 'down' });
    expect(flush[0].data.changePct as number).toBeLessThanOrEqual(-5);
    const cascade = r.alerts.find((a) => a.kind === 'cascade')!;
    expect(cascade).toMatchObject({ severity: 'critical', data: { direction: 'down' } });
    expect(flush[0].cascadeId).toBe(cascade.id);
    // the flush keeps going to −8.4%, through no other threshold: one alert
    const last = r.summary.data.leverage!.BTC;
    expect(last.changePct).toBeCloseTo(-8.4, 6);
    expect(r.summaryText).toMatch(/Leverage flushed: BTC open interest −8\.4% from 11:0\d UTC/);
  });

  it('a flush just before the price breaks is one of the cascade’s triggers', () => {
    const f = (base: number) => (m: number) => (m < 20 ? base : m < 70 ? base * (1 - 0.07 * (m - 20) / 50) : base * 0.93);
    const r = replay([...crash(), ...oiPath('binance', 'BTC', 180, f(90_000)), ...oiPath('okx', 'BTC', 180, f(30_000))]);
    const flush = r.printed.find((a) => a.kind === 'leverage_flush')!;
    const cascade = r.printed.find((a) => a.kind === 'cascade')!;
    expect(flush.ts).toBeLessThan(cascade.ts);
    expect((cascade.data.triggers as Array<{ kind: string }>).map((t) => t.kind)).toContain('leverage_flush');
  });

  it('one venue’s feed stops and comes back: nothing fires (a venue missing at one end is never added)', () => {
    // Binance steady at 100,000; OKX's 25,000 goes quiet for 50 minutes, then returns. Summing whatever is
    // there would read +25% when it comes back, and −20% when it leaves.
    const okx = (m: number) => (m >= 70 && m < 120 ? null : 25_000);
    const r = replay([...oiPath('binance', 'BTC', 240, () => 100_000), ...oiPath('okx', 'BTC', 240, okx)]);
    expect(r.alerts).toEqual([]);
    // the same with OKX only starting late: it is not new leverage either
    const late = replay([...oiPath('binance', 'ETH', 180, () => 2_000_000), ...oiPath('okx', 'ETH', 180, () => 900_000, 90)]);
    expect(late.alerts).toEqual([]);
  });

  it('a venue whose value one window ago is over 10 minutes old is left out at both ends', () => {
    // Bybit reports only every 15 minutes and rises 20%; Binance, every minute, is flat: no alert.
    const bybit = (m: number) => (m % 15 === 0 ? 50_000 * (1 + 0.2 * Math.min(1, m / 120)) : null);
    const r = replay([...oiPath('binance', 'SOL', 180, () => 100_000), ...oiPath('bybit', 'SOL', 180, bybit)]);
    expect(r.alerts).toEqual([]);
  });

  it('a day of rising open interest fires one info alert', () => {
    // Flat for an hour, then +20% over two hours on both venues: +8% within an hour once, and the episode holds.
    const f = (base: number) => (m: number) => base * (1 + 0.2 * Math.min(1, Math.max(0, m - 60) / 120));
    const r = replay([...oiPath('binance', 'BTC', 360, f(90_000)), ...oiPath('bybit', 'BTC', 360, f(60_000))]);
    expect(r.alerts.map((a) => `${a.kind}:${a.severity}:${a.data.direction}`)).toEqual(['leverage_flush:info:up']);
    expect(r.alerts[0].title).toMatch(/^BTC open interest \+8\.\d% in 1h: leverage piling in$/);
  });

  it('re-arms at half: after the first flush has retraced, the next fires its warning again, then −10% in an hour is critical', () => {
    const path = (m: number) => (m < 60 ? 100 : m < 120 ? 100 - (m - 60) / 10 : m < 240 ? 94 : m < 300 ? 94 - (m - 240) * 0.2 : 82);
    const r = replay(oiPath('binance', 'ETH', 420, (m) => path(m) * 10_000));
    expect(r.alerts.map((a) => a.severity)).toEqual(['warning', 'warning', 'critical']);
  });
});

describe('bad input in the replay: rejected with the line and the reason, never an alert', () => {
  it.each([
    ['a zero open interest', '{"kind":"open_interest","ts":1769680800000,"source":"bybit","symbol":"BTC","oi":0}', 'oi out of range'],
    ['a negative open interest', '{"kind":"open_interest","ts":1769680800000,"source":"bybit","symbol":"BTC","oi":-5}', 'oi out of range'],
    ['a missing open interest', '{"kind":"open_interest","ts":1769680800000,"source":"bybit","symbol":"BTC"}', 'missing oi'],
    ['a funding rate of 5 (500%)', '{"kind":"funding","ts":1769680800000,"source":"okx","symbol":"BTC","rate":5}', 'rate out of range'],
    ['an account that is not 0x + 40 hex', '{"kind":"position","ts":1769680800000,"source":"hyperliquid","account":"0x1234","symbol":"BTC","size":1,"entryPrice":1,"markPrice":1,"liquidationPrice":null,"unrealizedPnlUsd":0}', 'account must match'],
  ])('%s', (_name, line, reason) => {
    const file = join(dir, `bad-${n++}.ndjson`);
    const good = oiPath('binance', 'BTC', 3, () => 100_000).map((e) => JSON.stringify(e));
    writeFileSync(file, [good[0], line, good[1]].join('\n') + '\n');
    let err = '';
    const r = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: () => {}, writeErr: (s) => (err += s) });
    expect(r.stats).toMatchObject({ events: 2, rejected: 1 });
    expect(err).toMatch(new RegExp(`:2: rejected: ${reason}`));
    expect(r.alerts).toEqual([]);
  });
});
