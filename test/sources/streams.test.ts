import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../../src/market/types.js';
import type { Sources } from '../../src/sources/runtime.js';
import { FakeVenues, type FakeLiq, type StreamVenue } from '../fakes/venues/server.js';
import { fakeSources, waitFor } from './harness.js';

// Reconnect behaviour of the real collectors against the fake venues: every period is shortened by
// config (the 24 h rotation to a few hundred ms), and tests wait on conditions, never on fixed sleeps.

let fake: FakeVenues;
const running: Sources[] = [];

beforeAll(async () => {
  fake = new FakeVenues({ canaryMs: 20 });
  await fake.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const v of ['binance', 'bybit', 'okx'] as const) fake.streams.setMode(v, {});
});
afterAll(async () => {
  await fake.close();
});

async function started(venue: StreamVenue, extra: Parameters<typeof fakeSources>[2] = {}) {
  const h = fakeSources(fake, [venue], extra);
  running.push(h.sources);
  await h.sources.start();
  await waitFor(() => h.sources.collector(venue)!.ready, `${venue} subscribed`);
  return h;
}

let seq = 0;
function liq(i = seq++): FakeLiq {
  return { symbol: 'ETH', side: i % 2 ? 'short' : 'long', price: 3_000 + i, qty: 1 + i / 1_000, ts: Date.now() };
}
const liqs = (evs: unknown[]) => evs.filter((e): e is LiquidationEvent => (e as LiquidationEvent).kind === 'liquidation');

describe.each(['binance', 'bybit', 'okx'] as const)('%s stream', (venue) => {
  it('a dropped socket reconnects and records the gap', async () => {
    const { sources, sink, log } = await started(venue);
    const before = fake.streams.connections[venue];
    fake.streams.push(venue, liq());
    await waitFor(() => liqs(sink.events).length === 1, 'first liquidation');
    fake.streams.drop(venue);
    await waitFor(() => fake.streams.connections[venue] > before && sources.collector(venue)!.ready, 'reconnected');
    fake.streams.push(venue, liq());
    await waitFor(() => liqs(sink.events).length === 2, 'liquidation after reconnect');
    expect(sink.gaps).toHaveLength(1);
    const gap = sink.gaps[0];
    expect(gap.source).toBe(venue);
    expect(gap.toTs).toBeGreaterThanOrEqual(gap.fromTs);
    expect(sources.gaps()).toEqual([gap]);
    expect(log.lines.some((l) => l.obj.reason === 'ws_closed' && l.msg.startsWith(`${venue}: `))).toBe(true);
    expect(log.lines.some((l) => l.msg.startsWith(`${venue}: data incomplete: `))).toBe(true);
    expect(sources.status()[0]).toMatchObject({ source: venue, gaps: 1 });
  });

  it('rotates before the venue\'s forced disconnect: make-before-break, zero lost, overlap duplicates dropped', async () => {
    const { sources, sink } = await started(venue, { ws: { pingIntervalMs: 50, silentMs: 2_000, readyTimeoutMs: 1_000, tickMs: 10, maxConnectionAgeMs: 150 } });
    const first = fake.streams.connections[venue];
    const pushed: FakeLiq[] = [];
    let maxOpen = 0;
    while (fake.streams.connections[venue] < first + 3) {
      const l = liq();
      pushed.push(l);
      fake.streams.push(venue, l);
      maxOpen = Math.max(maxOpen, fake.streams.open(venue));
      await new Promise((r) => setTimeout(r, 3));
    }
    await waitFor(() => sources.collector(venue)!.ready && fake.streams.open(venue) === 1, 'rotation settled');
    const last = liq();
    pushed.push(last);
    fake.streams.push(venue, last);
    await waitFor(() => liqs(sink.events).some((e) => e.price === last.price), 'last liquidation');
    const got = liqs(sink.events);
    expect(maxOpen).toBeGreaterThanOrEqual(2);
    expect(got).toHaveLength(pushed.length);
    expect(new Set(got.map((e) => e.price))).toEqual(new Set(pushed.map((p) => p.price)));
    expect(sink.gaps).toEqual([]);
  });
});

describe('silent sockets and staleness', () => {
  it('a socket alive but silent goes stale once, is reconnected, and recovers once', async () => {
    // The test clock, not the wall clock, makes the socket silent and the feed stale: a slow machine cannot
    // add transitions (the budgets are far longer than any real pause here).
    const { sources, sink, log, clock } = await started('bybit', { wsFreshnessMs: 10_000, ws: { pingIntervalMs: 50, silentMs: 5_000, readyTimeoutMs: 60_000, tickMs: 20, stableMs: 600_000 } });
    const before = fake.streams.connections.bybit;
    fake.streams.silence('bybit');
    clock.offset += 11_000; // past the 5 s silence limit and the 10 s freshness budget
    await waitFor(() => fake.streams.connections.bybit > before && sources.collector('bybit')!.ready, 'reconnected after silence');
    await waitFor(() => sink.transitions.length === 2, 'stale then recovered');
    expect(sink.transitions.map((t) => [t.source, t.feed, t.kind])).toEqual([['bybit', 'liquidation', 'stale'], ['bybit', 'liquidation', 'recovered']]);
    expect(log.lines.some((l) => l.obj.reason === 'ws_silent' && l.msg.startsWith('bybit: socket silent'))).toBe(true);
    expect(log.lines.some((l) => l.msg === `bybit liquidation feed stale (quiet ${Math.round(sink.transitions[0].quietMs / 1000)} s)`)).toBe(true);
    expect(sink.gaps).toHaveLength(1);
    expect(sources.status()[0]).toMatchObject({ stale: false, rejected: { ws_silent: 1 } });
  });

  it('a stream that never subscribes is marked stale and keeps retrying', async () => {
    // OKX pointed at a path the fake refuses with 404: the socket never opens.
    const h = fakeSources(fake, ['okx'], { wsFreshnessMs: 100 }, { OKX_WS_URL: `${fake.wsUrl}/nowhere` });
    running.push(h.sources);
    await h.sources.start();
    await waitFor(() => h.sink.transitions.some((t) => t.kind === 'stale'), 'stale');
    // Retries are counted; the log says it once (issue 11: one line per outage, not one per retry).
    await waitFor(() => h.sink.rejects.filter((r) => r.reason === 'ws_closed').length >= 3, 'retries');
    expect(h.log.lines.filter((l) => l.obj.reason === 'ws_closed').map((l) => l.msg)).toEqual([
      'okx: socket closed (socket 1, code 1006: Unexpected server response: 404): retrying with back-off; further failures are counted, not logged, until okx delivers again',
    ]);
    expect(h.sources.status()[0]).toMatchObject({ source: 'okx', stale: true, lastEventTs: null });
    expect(h.sink.events).toEqual([]);
  });
});

describe('duplicate and out-of-order frames', () => {
  it('duplicated frames count once', async () => {
    const { sink } = await started('binance');
    fake.streams.setMode('binance', { duplicate: true });
    const sent = [liq(), liq(), liq()];
    for (const l of sent) fake.streams.push('binance', l);
    await waitFor(() => sink.rejects.length === 0 && liqs(sink.events).length === 3, 'three liquidations');
    fake.streams.setMode('binance', {});
    const marker = liq();
    fake.streams.push('binance', marker);
    await waitFor(() => liqs(sink.events).length === 4, 'marker');
    expect(liqs(sink.events).map((e) => e.price)).toEqual([...sent, marker].map((l) => l.price));
  });

  it('out-of-order frames are all delivered, in arrival order', async () => {
    const { sink } = await started('okx');
    fake.streams.setMode('okx', { reorder: true });
    const sent = [0, 1, 2, 3].map((i) => ({ ...liq(), ts: Date.now() - 1_000 + i * 100 }));
    for (const l of sent) fake.streams.push('okx', l);
    fake.streams.flushReversed('okx');
    await waitFor(() => liqs(sink.events).length === 4, 'four liquidations');
    expect(liqs(sink.events).map((e) => e.ts)).toEqual(sent.map((l) => l.ts).reverse());
  });
});
