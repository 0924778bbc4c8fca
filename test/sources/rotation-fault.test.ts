import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeVenues } from '../fakes/venues/server.js';
import { fakeSources, waitFor } from './harness.js';

// Issue 11, "collectors never stall": after a make-before-break rotation, the new socket dies while the old
// one is still closing. Every path from "connected" must lead back to "connected" or to a counted failure.

let fake: FakeVenues;
beforeAll(async () => {
  fake = new FakeVenues({ canaryMs: 20 });
  await fake.start();
});
afterAll(() => fake.close());

describe('make-before-break rotation fault', () => {
  it('the new socket dying while the retired one is still closing reconnects at once, with the gap and the close counted', async () => {
    // Rotation is due after 60 s on the test clock; silence only after 120 s, so moving the clock rotates, nothing else.
    const h = fakeSources(fake, ['binance'], { ws: { pingIntervalMs: 50, silentMs: 120_000, readyTimeoutMs: 5_000, tickMs: 20, stableMs: 600_000, maxConnectionAgeMs: 60_000 } });
    await h.sources.start();
    const collector = h.sources.collector('binance')!;
    try {
      await waitFor(() => collector.ready, 'first socket subscribed');
      const first = fake.streams.connections.binance;
      fake.streams.freeze('binance'); // the old socket's close handshake will hang
      h.clock.offset += 61_000; // the connection is now past its maximum age: rotate
      await waitFor(() => fake.streams.connections.binance === first + 1 && collector.ready && h.log.lines.some((l) => l.msg.includes('make-before-break')), 'rotated to the new socket');
      expect(fake.streams.open('binance')).toBe(2); // the retired one is still closing
      fake.streams.dropNewest('binance'); // the new socket dies now
      await waitFor(() => fake.streams.connections.binance === first + 2 && collector.ready, 'reconnected while the old socket was still closing');
      expect(h.sink.rejects.filter((r) => r.reason === 'ws_closed')).toHaveLength(1);
      expect(h.sink.gaps).toHaveLength(1);
      expect(h.sink.gaps[0].source).toBe('binance');
    } finally {
      await h.sources.stop();
    }
  });
});
