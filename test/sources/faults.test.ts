import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceId } from '../../src/sources/types.js';
import { FakeVenues, type RestFault, type RestRoute } from '../fakes/venues/server.js';
import { fakeSources, waitFor } from './harness.js';

// The bad-input bar (DESIGN §6): every venue fault gives a clear log line naming the venue and the reason,
// a rejected count, no crash, and nothing reaching the sink.

let fake: FakeVenues;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  fake = new FakeVenues();
  await fake.start();
  fake.setIndex('^IXIC', { price: 23211.4, prevClose: 23685.1 });
  for (const t of ['^GSPC', '^DJI', 'GC=F', 'DX-Y.NYB', 'MSTR', 'COIN']) fake.setIndex(t, { price: 100, prevClose: 101 });
  fake.coinglassBuckets = [{ time: Math.floor(Date.now() / 3_600_000) * 3_600_000, long: 5e6, short: 1e6 }];
});
afterEach(async () => {
  fake.clearFaults();
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(async () => {
  await fake.close();
});

type Pull = 'prices' | 'indices' | 'aggregator';
const REST: Array<{ venue: SourceId; route: RestRoute; pull: Pull; seconds: string }> = [
  { venue: 'binance', route: 'binance.ticker', pull: 'prices', seconds: 'ts_seconds' },
  { venue: 'bybit', route: 'bybit.tickers', pull: 'prices', seconds: 'ts_seconds' },
  { venue: 'okx', route: 'okx.ticker', pull: 'prices', seconds: 'ts_seconds' },
  { venue: 'hyperliquid', route: 'hyperliquid.info', pull: 'prices', seconds: '' },
  { venue: 'coinbase', route: 'coinbase.ticker', pull: 'prices', seconds: 'ts_seconds' },
  { venue: 'yahoo', route: 'yahoo.chart', pull: 'indices', seconds: 'ts_out_of_range' },
  // CoinGlass's own docs show `time` in seconds and in ms: both are read (test/sources/coinglass.test.ts).
  { venue: 'coinglass', route: 'coinglass.history', pull: 'aggregator', seconds: '' },
];
const FAULTS: Array<[string, RestFault, string]> = [
  ['HTML error page with status 200', 'html200', 'html_body'],
  ['empty body', 'empty', 'empty_body'],
  ['truncated JSON', 'truncated', 'bad_json'],
  ['"NaN" number', 'nan', 'not_finite'],
  ['number with junk', 'junk', 'not_finite'],
  ['seconds for milliseconds', 'seconds', 'SECONDS'],
  ['timestamp in the future', 'future', 'ts_future'],
  ['429 with Retry-After', { status: 429, retryAfter: '2' }, 'http_429'],
  ['418 IP ban', { status: 418, retryAfter: '120' }, 'http_418'],
  ['451 restricted location', { status: 451 }, 'http_451'],
  ['502 from a CDN', { status: 502 }, 'http_5xx'],
  ['hung connection', 'hang', 'timeout'],
];
const CASES = REST.flatMap((v) => FAULTS.map(([name, fault, reason]) => ({ ...v, name, fault, reason: reason === 'SECONDS' ? v.seconds : reason })))
  // Hyperliquid's allMids carries no timestamp; CoinGlass sends no strings, so "junk" there is a mistyped number like NaN.
  .filter((c) => c.reason !== '' && !(c.venue === 'hyperliquid' && c.fault === 'future') && !(c.venue === 'coinglass' && c.fault === 'junk'));

describe('REST fault table (real pollers against the fake venues)', () => {
  it.each(CASES)('$venue: $name → $reason', async ({ venue, route, pull, fault, reason }) => {
    // A hung call ends at the total timeout: shortened here so the table stays quick.
    const { sources, sink, log } = fakeSources(fake, [venue], fault === 'hang' ? { httpOpts: { totalTimeoutMs: 200 } } : {});
    running.push(sources);
    fake.fault(route, fault);
    await expect(sources.pull[pull]()).resolves.toBeDefined();
    const line = log.faults().find((l) => l.obj.reason === reason);
    expect(line, `log lines: ${JSON.stringify(log.lines.map((l) => l.msg))}`).toBeDefined();
    expect(line!.obj.source).toBe(venue);
    expect(line!.msg.startsWith(`${venue}: `)).toBe(true);
    expect(sources.status().find((s) => s.source === venue)?.rejected[reason]).toBeGreaterThanOrEqual(1);
    expect(sink.events).toEqual([]);
    if (venue === 'coinglass') expect(sources.aggregator()).toBeNull();
  });

  it('the same venues deliver when nothing is wrong', async () => {
    const { sources, sink, log } = fakeSources(fake, REST.map((r) => r.venue));
    running.push(sources);
    await sources.pull.prices();
    await sources.pull.indices();
    await sources.pull.aggregator();
    expect(log.faults()).toEqual([]);
    expect(new Set(sink.events.map((e) => e.source))).toEqual(new Set(['binance', 'bybit', 'okx', 'hyperliquid', 'coinbase', 'yahoo']));
    expect(sink.events.filter((e) => e.kind === 'price' && e.symbol === 'BTC').map((e) => e.kind === 'price' && e.price)).toEqual([65_000, 65_000, 65_000, 65_000, 65_000]);
    expect(sources.aggregator()).toMatchObject({ source: 'coinglass', longUsd: 3 * 5e6, shortUsd: 3 * 1e6, totalUsd: 3 * 6e6 });
    expect(sources.indexQuotes()).toHaveLength(7);
    expect(sources.indexQuotes().find((q) => q.symbol === 'NASDAQ')).toMatchObject({ marketState: 'regular', price: 23211.4, prevClose: 23685.1 });
  });

  it('honours 429 Retry-After: no call until it has passed, then polls again', async () => {
    const { sources, sink, clock } = fakeSources(fake, ['binance']);
    running.push(sources);
    fake.fault('binance.ticker', { status: 429, retryAfter: '2' }, 3);
    await sources.pull.prices();
    const hits = fake.hits.get('binance.ticker');
    clock.offset = 1_900;
    await sources.pull.prices();
    expect(fake.hits.get('binance.ticker')).toBe(hits);
    clock.offset = 2_100;
    await sources.pull.prices();
    expect(fake.hits.get('binance.ticker')).toBe(hits! + 3);
    expect(sink.events.map((e) => e.symbol)).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('backs off on 5xx, leaves a geo-blocked venue alone, and logs a 451 at error level', async () => {
    const { sources, log, clock } = fakeSources(fake, ['bybit'], { backoff: { baseMs: 1_000, capMs: 30_000, random: () => 1, geoBlockMs: 600_000 } });
    running.push(sources);
    fake.fault('bybit.tickers', { status: 451 });
    await sources.pull.prices();
    expect(log.lines.find((l) => l.obj.reason === 'http_451')?.level).toBe('error');
    const hits = fake.hits.get('bybit.tickers');
    clock.offset = 300_000;
    await sources.pull.prices();
    expect(fake.hits.get('bybit.tickers')).toBe(hits);
  });

  it('a sink that throws is logged and does not stop the poll', async () => {
    const { sources, sink, log } = fakeSources(fake, ['coinbase']);
    running.push(sources);
    sink.onEvent = () => {
      throw new Error('boom');
    };
    await expect(sources.pull.prices()).resolves.toHaveLength(3);
    expect(log.lines.filter((l) => l.obj.reason === 'sink_error')).toHaveLength(3);
  });

  it('never puts the CoinGlass key in a log line or rejection', async () => {
    const { sources, sink, log } = fakeSources(fake, ['coinglass']);
    running.push(sources);
    fake.fault('coinglass.history', { status: 401 });
    await sources.pull.aggregator();
    expect(JSON.stringify([log.lines, sink.rejects])).not.toContain(fake.coinglassKey);
    expect(log.faults()[0].msg).toMatch(/^coinglass: request refused \(.*status 401\)$/);
  });
});

const STREAMS: Array<SourceId & ('binance' | 'bybit' | 'okx')> = ['binance', 'bybit', 'okx'];
const PRICE_FIELD = { binance: 'ap', bybit: 'p', okx: 'bkPx' } as const;
const TS_FIELD = { binance: 'T', bybit: 'T', okx: 'ts' } as const;

describe('stream fault table (real collectors against the fake venues)', () => {
  it.each(STREAMS)('%s: bad frames are rejected by reason, the good one gets through once', async (venue) => {
    const { sources, sink, log } = fakeSources(fake, [venue]);
    running.push(sources);
    await sources.start();
    await waitFor(() => sources.collector(venue)!.ready, `${venue} subscribed`);
    const now = Date.now();
    const liq = { symbol: 'BTC', side: 'long' as const, price: 64_000, qty: 2, ts: now };
    const asString = (v: number) => (venue === 'binance' ? v : String(v));
    fake.streams.push(venue, { ...liq, ts: now + 1 }, (o) => (o[PRICE_FIELD[venue]] = 'NaN'));
    fake.streams.push(venue, { ...liq, ts: now + 2 }, (o) => (o[PRICE_FIELD[venue]] = '64000abc'));
    fake.streams.push(venue, { ...liq, ts: now + 3 }, (o) => (o[TS_FIELD[venue]] = asString(Math.floor(now / 1000))));
    fake.streams.push(venue, { ...liq, ts: now + 4 }, (o) => (o[TS_FIELD[venue]] = asString(now + 600_000)));
    fake.streams.sendRaw(venue, '{"stream":"!forceOrder@arr","data":{"e":"forceOr');
    fake.streams.sendRaw(venue, '<html><body>502 Bad Gateway</body></html>');
    fake.streams.push(venue, liq);
    await waitFor(() => sink.events.length === 1, `${venue} good liquidation`);
    await waitFor(() => sink.rejects.length >= 6, `${venue} rejections`);
    expect(sink.rejects.map((r) => r.reason).sort()).toEqual(['bad_json', 'html_body', 'not_finite', 'not_finite', 'ts_future', 'ts_seconds']);
    for (const r of sink.rejects) expect(log.faults().some((l) => l.obj.source === venue && l.obj.reason === r.reason && l.msg.startsWith(`${venue}: `))).toBe(true);
    expect(sink.events[0]).toMatchObject({ kind: 'liquidation', source: venue, symbol: 'BTC', side: 'long', price: 64_000 });
    expect((sink.events[0] as { qty: number }).qty).toBeCloseTo(2, 9);
    expect(sources.status()[0].rejectedTotal).toBe(6);
  });
});
