import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceId } from '../../src/sources/types.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { freePort } from '../helpers/redis.js';
import { fakeSources, waitFor } from './harness.js';

// Issue 11: with no network at all the log says so once per source and backs off, instead of a warning
// line per retry (80 lines in 25 s). Every failure is still counted.

const ALL: SourceId[] = ['binance', 'bybit', 'okx', 'hyperliquid', 'coinbase', 'yahoo', 'coinglass'];

let fake: FakeVenues;
beforeAll(async () => {
  fake = new FakeVenues({ canaryMs: 20 });
  await fake.start();
});
afterAll(() => fake.close());

describe('no network', () => {
  it('every venue unreachable: one line per source and channel, every failure counted, nothing else', async () => {
    const closed = `127.0.0.1:${await freePort()}`; // nothing listens: ECONNREFUSED, as with the network down
    const urls = Object.fromEntries(['BINANCE', 'BYBIT', 'OKX', 'HYPERLIQUID', 'COINBASE', 'YAHOO', 'COINGLASS'].flatMap((v) => [[`${v}_REST_URL`, `http://${closed}`], [`${v}_WS_URL`, `ws://${closed}`]]));
    const h = fakeSources(fake, ALL, { wsFreshnessMs: 60_000 }, urls);
    await h.sources.start();
    try {
      // The scheduled pulls keep calling (every 5 s of the test clock) while the streams retry on their own.
      for (let i = 0; i < 40; i++) {
        await Promise.all([h.sources.pull.prices(), h.sources.pull.indices(), h.sources.pull.aggregator()]);
        h.clock.offset += 5_000;
      }
      await waitFor(() => ['binance', 'bybit', 'okx'].every((s) => h.sink.rejects.filter((r) => r.source === s && r.reason === 'ws_closed').length >= 5), 'stream retries');
    } finally {
      await h.sources.stop();
    }
    const faultLines = h.log.faults().filter((l) => l.obj.kind === undefined); // freshness transitions are their own, once per feed
    const perSource = Object.fromEntries(ALL.map((s) => [s, faultLines.filter((l) => l.obj.source === s).length]));
    const failures = Object.fromEntries(ALL.map((s) => [s, h.sink.rejects.filter((r) => r.source === s).length]));
    console.log(`no network: ${h.sink.rejects.length} failures counted, ${faultLines.length} warning lines: ${JSON.stringify(perSource)}`);
    for (const s of ALL) {
      expect(failures[s], s).toBeGreaterThanOrEqual(2);
      expect(perSource[s], `${s}: ${JSON.stringify(faultLines.filter((l) => l.obj.source === s).map((l) => l.msg))}`).toBeLessThanOrEqual(['binance', 'bybit', 'okx'].includes(s) ? 2 : 1);
    }
    expect(faultLines.every((l) => /ECONNREFUSED|network error|socket closed/.test(l.msg) && /retrying with back-off/.test(l.msg))).toBe(true);
    expect(h.sink.events).toEqual([]);
  });

  it('a venue that comes back says so once', async () => {
    const h = fakeSources(fake, ['coinbase']);
    fake.fault('coinbase.ticker', { status: 502 }, 9);
    try {
      for (let i = 0; i < 6; i++) {
        await h.sources.pull.prices();
        h.clock.offset += 60_000; // past any back-off
      }
      expect(h.sink.events.length).toBeGreaterThan(0);
    } finally {
      await h.sources.stop();
      fake.clearFaults();
    }
    expect(h.log.faults().map((l) => l.msg)).toEqual([expect.stringMatching(/^coinbase: server error \(backing off \d+ ms, status 502\): retrying with back-off/)]);
    expect(h.log.lines.filter((l) => /reachable again/.test(l.msg)).map((l) => l.msg)).toEqual([expect.stringMatching(/^coinbase: reachable again after \d+ failed attempts over \d+ (s|min)$/)]);
  });
});
