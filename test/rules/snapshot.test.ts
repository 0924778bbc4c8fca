import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { restoreEngine, snapshotEngine } from '../../src/rules/snapshot.js';

describe('engine snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-snap-'));
  generateDay(join(dir, 'day.ndjson'));
  const events: MarketEvent[] = [];
  readEvents(join(dir, 'day.ndjson'), (e) => events.push(e), () => {});
  const cut = events.findIndex((e) => e.ts >= Date.UTC(2026, 0, 29, 13, 28));

  it('a restart in the middle of the crash loses no window and fires nothing twice', () => {
    const straight = new Engine(DEFAULT_RULES);
    const all = events.flatMap((e) => straight.ingest(e).map((a) => a.id));
    const first = new Engine(DEFAULT_RULES);
    const before = events.slice(0, cut).flatMap((e) => first.ingest(e).map((a) => a.id));
    const snap = snapshotEngine(first, 0);
    const restored = restoreEngine(snap, DEFAULT_RULES)!;
    expect(restored.rulesChanged).toBe(false);
    const after = events.slice(cut).flatMap((e) => restored.engine.ingest(e).map((a) => a.id));
    expect([...before, ...after]).toEqual(all);
    expect(restored.engine.history.liq.length).toBe(straight.history.liq.length);
  });

  it('restores a snapshot written before quiet bands and cascade deadlines existed, and goes on alike', () => {
    const straight = new Engine(DEFAULT_RULES);
    const all = events.flatMap((e) => straight.ingest(e).map((a) => a.id));
    const first = new Engine(DEFAULT_RULES);
    const before = events.slice(0, cut).flatMap((e) => first.ingest(e).map((a) => a.id));
    // The state as the previous release wrote it: no band per asset, no deadline in the cascade memory.
    for (const a of first.memory.assets.values()) delete (a.rules as { quiet?: unknown } | null)?.quiet;
    const cascade = (first as unknown as { cascade: Record<string, unknown> }).cascade;
    for (const k of ['quietUntil', 'foldedLong', 'foldedShort']) delete cascade[k];
    const restored = restoreEngine(snapshotEngine(first, 0), DEFAULT_RULES)!;
    const after = events.slice(cut).flatMap((e) => restored.engine.ingest(e).map((a) => a.id));
    expect([...before, ...after]).toEqual(all);
  });

  it('restores a snapshot written before the current minute of bars and venue lows moved into typed arrays, under the same and changed rules', () => {
    const columns = (e: Engine) => {
      e.history.flush();
      const bars = [...e.history.composite].map(([s, c]) => [s, c.start, c.cols.map((x) => [...x.subarray(0, c.length)])]);
      const lows = [...e.history.venueLow].flatMap(([s, m]) => [...m].map(([v, c]) => [s, v, c.start, [...c.cols[0].subarray(0, c.length)]]));
      return { bars, lows };
    };
    /** The rest of the day after a restart from a snapshot at the cut, written by this release or (`previous`) the one before. */
    const restart = (rules: typeof DEFAULT_RULES, previous: boolean) => {
      const first = new Engine(DEFAULT_RULES);
      events.slice(0, cut).forEach((e) => first.ingest(e));
      const h = first.history as unknown as { venueTracks: Array<Record<string, unknown>>; compositeTracks: Map<string, Record<string, unknown>> };
      expect(h.venueTracks.length).toBeGreaterThan(0);
      if (previous) {
        // The history as the previous release kept it: the current minutes in object fields.
        for (const v of h.venueTracks) {
          const now = v.now as Float64Array;
          Object.assign(v, { minute: now[0], pending: now[1] });
          delete v.now;
        }
        for (const t of h.compositeTracks.values()) {
          const bar = t.bar as Float64Array;
          Object.assign(t, { minute: bar[0], o: bar[1], h: bar[2], l: bar[3], c: bar[4] });
          delete t.bar;
        }
      }
      const restored = restoreEngine(snapshotEngine(first, 0), rules)!;
      const alerts = events.slice(cut).flatMap((e) => restored.engine.ingest(e).map((a) => a.id));
      return { alerts, ...columns(restored.engine) };
    };
    const straight = new Engine(DEFAULT_RULES);
    events.forEach((e) => straight.ingest(e));
    const same = restart(DEFAULT_RULES, true);
    expect(same).toEqual(restart(DEFAULT_RULES, false));
    expect({ bars: same.bars, lows: same.lows }).toEqual(columns(straight));
    const changed = { ...DEFAULT_RULES, levelBreak: { ...DEFAULT_RULES.levelBreak, hysteresisPct: 1 } };
    expect(restart(changed, true)).toEqual(restart(changed, false));
  });

  it('under changed rules, the windows and history come back but rule memory starts fresh', () => {
    const first = new Engine(DEFAULT_RULES);
    events.slice(0, cut).forEach((e) => first.ingest(e));
    const changed = { ...DEFAULT_RULES, levelBreak: { ...DEFAULT_RULES.levelBreak, hysteresisPct: 1 } };
    const r = restoreEngine(snapshotEngine(first, 0), changed)!;
    expect(r.rulesChanged).toBe(true);
    expect(r.engine.rules.levelBreak.hysteresisPct).toBe(1);
    expect(r.engine.market.clock).toBe(first.market.clock);
    expect(r.engine.history.firstTs).toBe(first.history.firstTs);
    events.slice(cut, cut + 5000).forEach((e) => r.engine.ingest(e));
    const btc = r.engine.history.composite.get('BTC')!;
    expect(btc.length).toBeGreaterThan(first.history.composite.get('BTC')!.length);
  });

  it('refuses garbage', () => {
    expect(restoreEngine(Buffer.from('not a snapshot'), DEFAULT_RULES)).toBeNull();
  });
});
