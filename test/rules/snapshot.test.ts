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
