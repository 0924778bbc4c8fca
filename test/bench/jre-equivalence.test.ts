import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { compareOnSlice, firedFromEngine, firedLine, measureJre } from '../../bench/jre/index.js';
import { brief, burst, HOUR, MIN, price, runBoth, T0 } from './scenarios.js';

// The crash of the demo day: 12:45–14:15 UTC holds the level breaks, the 1h and 24h moves, the
// liquidation hour, both whales and the cascade (src/demo/scenario.ts), in about 90k events.
const SLICE_FROM = T0 + 12.75 * HOUR;
const SLICE_TO = T0 + 14.25 * HOUR;

let dir: string;
let file: string;
let slice: MarketEvent[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cascade-jre-'));
  file = join(dir, 'demo-day.ndjson');
  generateDay(file);
  slice = [];
  const stats = readEvents(file, (ev) => {
    if (ev.ts >= SLICE_FROM && ev.ts < SLICE_TO) slice.push(ev);
  }, () => {});
  expect(stats.rejected).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('json-rules-engine and our engine on the demo crash day', () => {
  it('fire the same alerts, in the same order, on the crash slice (both cold)', async () => {
    const engine = new Engine(DEFAULT_RULES);
    const ours = firedFromEngine(slice.flatMap((ev) => engine.ingest(ev)));
    const jre = await measureJre(slice, DEFAULT_RULES);

    expect(jre.events).toBe(slice.length);
    expect(jre.fired.map(firedLine)).toEqual(ours.map(firedLine));
    expect(jre.fired).toEqual(ours);

    const kinds = new Set(jre.fired.map((f) => f.kind));
    for (const k of ['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cascade'] as const) expect(kinds).toContain(k);
    const briefs = jre.fired.map(brief);
    expect(briefs).toContain('level_break:warning:BTC:level=85000,dir=down');
    expect(briefs).toContain('liquidations:warning:-:window=3600000,usd=100000000');
    expect(briefs).toContain('large_liquidation:warning:BTC:source=hyperliquid,side=long,usd=31640000');
    expect(briefs).toContain('cascade:critical:-:dir=down');
    expect(briefs.filter((b) => b.startsWith('pct_move:warning:')).length).toBeGreaterThanOrEqual(3);
  });

  it('compareOnSlice reads a slice of the file and reports the same set and both rates', async () => {
    const r = await compareOnSlice(file, DEFAULT_RULES, { fromHour: 13.4, toHour: 13.6, maxEvents: 8_000 });
    expect(r.events).toBe(8_000);
    expect(r).toMatchObject({ same: true, firstDiff: null });
    expect(r.firedJre).toBe(r.firedOurs);
    expect(r.firedOurs).toBeGreaterThan(0);
    expect(r.jreRate).toBeGreaterThan(0);
    expect(r.oursRate).toBeGreaterThan(0);
  });
});

describe('a short squeeze (hand-made)', () => {
  it('both fire the up cascade (warning), never a down one', async () => {
    const events: MarketEvent[] = [
      price(0, 'BTC', 89_700),
      price(MIN, 'BTC', 89_950),
      price(2 * MIN, 'BTC', 90_100), // reclaims 90,000
      ...burst(3 * MIN, 11, 9_500_000, 'short'), // $104.5M in the hour, all shorts
      price(15 * MIN, 'BTC', 92_800), // +3.5% in the hour
    ];
    const { ours, jre } = await runBoth(events, DEFAULT_RULES);
    expect(jre).toEqual(ours);
    expect(jre.map(brief)).toEqual([
      'level_break:info:BTC:level=90000,dir=up',
      'liquidations:warning:-:window=3600000,usd=100000000',
      'cascade:warning:-:dir=up',
      'pct_move:info:BTC:window=3600000,pct=3,change=3.46',
    ]);
  });
});
