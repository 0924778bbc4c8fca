import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInputs } from '../../src/cli/backtest-plan.js';
import { runBacktest } from '../../src/cli/backtest-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { DayRecorder, type RecorderOptions } from '../../src/record/recorder.js';

const MIDNIGHT = Date.UTC(2026, 0, 29);
const quiet = { info() {}, warn() {}, error() {} } as unknown as RecorderOptions['log'];

/** Three venues pricing BTC every 5 s from 23:00 to 01:00, falling through 85,000 after midnight; long liquidations late on. */
function seamEvents(): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let t = MIDNIGHT - 3_600_000; t < MIDNIGHT + 3_600_000; t += 5_000) {
    const p = t < MIDNIGHT ? 86_500 : 86_500 - ((t - MIDNIGHT) / 3_600_000) * 4_000;
    ['binance', 'bybit', 'okx'].forEach((source, i) => out.push({ kind: 'price', ts: t + i * 100, source, symbol: 'BTC', price: Math.round(p + i) }));
    if (t > MIDNIGHT + 1_800_000) out.push({ kind: 'liquidation', ts: t + 50, source: 'bybit', symbol: 'BTC', side: 'long', price: p, qty: 60, notionalUsd: 60 * p });
  }
  // Late arrivals: taken after the clock passed midnight, with times before it (the recorder keeps the engine's order).
  const late: MarketEvent[] = [
    { kind: 'liquidation', ts: MIDNIGHT - 800, source: 'okx', symbol: 'BTC', side: 'long', price: 86_400, qty: 200, notionalUsd: 17_280_000 },
    { kind: 'price', ts: MIDNIGHT - 300, source: 'okx', symbol: 'BTC', price: 86_480 },
  ];
  const at = out.findIndex((e) => e.ts >= MIDNIGHT) + 2;
  out.splice(at, 0, ...late);
  return out;
}

describe('a recording split at midnight replays as one', () => {
  it('keeps the late events of the next day file, skips nothing and fires what one file fires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-seam-'));
    const rec = join(dir, 'rec');
    const events = seamEvents();
    const r = DayRecorder.start({ dir: rec, retentionDays: 0, flushMs: 60_000, log: quiet, now: () => MIDNIGHT + 3_600_000 });
    for (const e of events) r.record(e);
    await r.close();
    expect(readdirSync(rec).sort()).toEqual(['2026-01-28.ndjson.gz', '2026-01-29.ndjson']);
    const one = join(dir, 'one.ndjson');
    writeFileSync(one, events.map((e) => JSON.stringify(e)).join('\n'));
    const notes: string[] = [];
    const split = await runBacktest({ files: planInputs([rec]).files, rules: DEFAULT_RULES, note: (l) => notes.push(l) });
    const whole = await runBacktest({ files: planInputs([one]).files, rules: DEFAULT_RULES, note: (l) => notes.push(l) });
    expect(notes).toEqual([]);
    expect(split.skipped).toBe(0);
    expect(split.events).toBe(events.length);
    expect(whole.tally.alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['level_break', 'large_liquidation']));
    expect(split.tally.alerts.map((a) => a.id)).toEqual(whole.tally.alerts.map((a) => a.id));
    expect(split.tally.days).toEqual(whole.tally.days);
  });
});
