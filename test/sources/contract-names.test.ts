import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent, PriceEvent } from '../../src/market/types.js';
import { parseBinanceForceOrder, parseBinanceTicker } from '../../src/sources/binance/parse.js';
import { parseBybitLiquidation } from '../../src/sources/bybit/parse.js';
import { parseHyperliquidMids } from '../../src/sources/hyperliquid/parse.js';
import { sourceConfig, SOURCE_URL_DEFAULTS, type UrlVar } from '../../src/sources/registry.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { fakeSources, waitFor } from './harness.js';

// Issue 11, coverage as the venues are: contracts quoted per 1,000 units (1000PEPEUSDT, Hyperliquid kPEPE)
// map to their base asset with the multiplier instead of silently dropping out.

const NOW = 1769693100000;

describe('parsers read 1,000-unit contracts as the base asset', () => {
  it('Binance 1000PEPEUSDT: a liquidation of 5,000 lots at 0.012 is 5,000,000 PEPE at 0.000012, same notional', () => {
    const r = parseBinanceForceOrder({ e: 'forceOrder', E: NOW, o: { s: '1000PEPEUSDT', S: 'SELL', q: '5000', p: '0.0119', ap: '0.012', z: '5000', T: NOW } }, { now: NOW });
    expect(r.events).toEqual([{ kind: 'liquidation', ts: NOW, source: 'binance', symbol: 'PEPE', side: 'long', price: 0.000012, qty: 5_000_000, notionalUsd: 60 }]);
    expect(parseBinanceTicker({ symbol: '1000PEPEUSDT', lastPrice: '0.0125', closeTime: NOW }, { now: NOW }).events).toEqual([{ kind: 'price', ts: NOW, source: 'binance', symbol: 'PEPE', price: 0.0000125 }]);
  });

  it('Bybit 1000PEPEUSDT and Hyperliquid kPEPE', () => {
    const b = parseBybitLiquidation({ topic: 'allLiquidation.1000PEPEUSDT', data: [{ T: NOW, s: '1000PEPEUSDT', S: 'Buy', v: '200', p: '0.01' }] }, { now: NOW });
    expect(b.events[0]).toMatchObject({ symbol: 'PEPE', qty: 200_000, price: 0.00001, notionalUsd: 2 });
    expect(parseHyperliquidMids({ kPEPE: '0.0123', BTC: '65000' }, { now: NOW }).events.map((e) => [e.symbol, (e as PriceEvent).price])).toEqual([['PEPE', 0.0000123], ['BTC', 65000]]);
  });

  it('1INCH and a plain 1000 stay themselves', () => {
    expect(parseBinanceTicker({ symbol: '1INCHUSDT', lastPrice: '0.4', closeTime: NOW }, { now: NOW }).events[0]).toMatchObject({ symbol: '1INCH', price: 0.4 });
  });
});

describe('a followed PEPE, live against the fake venues', () => {
  let fake: FakeVenues;
  beforeAll(async () => {
    fake = new FakeVenues({ canaryMs: 20 });
    fake.prices.set('PEPE', 0.00001);
    fake.multiplied.set('PEPE', 1_000);
    await fake.start();
  });
  afterAll(() => fake.close());

  it('is asked for under its listed name and counted as PEPE: prices on three venues, liquidations on two streams', async () => {
    const vars: Partial<Record<UrlVar, string>> = {};
    for (const k of Object.keys(SOURCE_URL_DEFAULTS) as UrlVar[]) vars[k] = k.endsWith('_WS_URL') ? fake.wsUrl : fake.url;
    const h = fakeSources(fake, ['binance', 'bybit', 'hyperliquid']);
    const config = { ...sourceConfig(vars, ['BTC', 'PEPE']), enabled: ['binance', 'bybit', 'hyperliquid'] as const };
    const { Sources } = await import('../../src/sources/runtime.js');
    const sources = new Sources({ config: { ...config, enabled: [...config.enabled] }, sink: h.sink, log: h.log, now: h.clock.now, backoff: { baseMs: 20, capMs: 100, random: () => 1 }, ws: { pingIntervalMs: 50, silentMs: 300, readyTimeoutMs: 1_000, tickMs: 20 }, tickMs: 20 });
    await sources.start();
    try {
      await sources.pull.prices();
      const pepe = h.sink.events.filter((e): e is PriceEvent => e.kind === 'price' && e.symbol === 'PEPE');
      expect(pepe.map((e) => [e.source, e.price]).sort()).toEqual([['binance', 0.00001], ['bybit', 0.00001], ['hyperliquid', 0.00001]]);
      await waitFor(() => sources.collector('binance')!.ready && sources.collector('bybit')!.ready, 'streams subscribed');
      for (const v of ['binance', 'bybit'] as const) fake.streams.push(v, { symbol: 'PEPE', side: 'long', price: 0.00001, qty: 50_000_000, ts: Date.now() });
      await waitFor(() => h.sink.events.filter((e) => e.kind === 'liquidation').length === 2, 'two PEPE liquidations');
      const liqs = h.sink.events.filter((e): e is LiquidationEvent => e.kind === 'liquidation');
      for (const l of liqs) {
        expect(l).toMatchObject({ symbol: 'PEPE', side: 'long' });
        expect(l.qty).toBeCloseTo(50_000_000, 3);
        expect(l.notionalUsd).toBeCloseTo(500, 6);
      }
      expect(h.log.faults()).toEqual([]);
    } finally {
      await sources.stop();
      await h.sources.stop();
    }
  });
});
