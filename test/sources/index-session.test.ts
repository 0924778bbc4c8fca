import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEvent } from '../../src/market/types.js';
import { FakeVenues } from '../fakes/venues/server.js';
import { fakeSources } from './harness.js';

// Issue 11: Yahoo's marketState (parsed, never used before) travels with the index event, whose ts is the
// quote's own time; the same quote after the close reaches the engine again with its new state.

let fake: FakeVenues;
beforeAll(async () => {
  fake = new FakeVenues();
  await fake.start();
});
afterAll(() => fake.close());

describe('index events carry the session state', () => {
  it('regular while open; the same quote polled after the close arrives again as closed, with the quote\'s own time', async () => {
    const asOf = fake.now() - 20 * 60_000;
    for (const t of ['^GSPC', '^DJI', 'GC=F', 'DX-Y.NYB', 'MSTR', 'COIN']) fake.setIndex(t, { price: 100, prevClose: 101, asOf });
    fake.setIndex('^IXIC', { price: 23211.4, prevClose: 23685.1, state: 'regular', asOf });
    const h = fakeSources(fake, ['yahoo']);
    try {
      await h.sources.pull.indices();
      fake.setIndex('^IXIC', { price: 23211.4, prevClose: 23685.1, state: 'closed', asOf });
      await h.sources.pull.indices();
      await h.sources.pull.indices(); // unchanged: a duplicate, dropped
    } finally {
      await h.sources.stop();
    }
    const nasdaq = h.sink.events.filter((e): e is IndexEvent => e.kind === 'index' && e.symbol === 'NASDAQ');
    expect(nasdaq.map((e) => [e.ts, e.marketState])).toEqual([[Math.floor(asOf / 1000) * 1000, 'regular'], [Math.floor(asOf / 1000) * 1000, 'closed']]);
  });
});
