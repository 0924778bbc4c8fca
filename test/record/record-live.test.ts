import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInputs } from '../../src/cli/backtest-plan.js';
import { runBacktest } from '../../src/cli/backtest-run.js';
import { readEvents } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { LiveRig } from '../helpers/live-rig.js';

describe('record → replay: a recorded live day replays to the alerts the live engine fired', () => {
  const rig = new LiveRig();
  const recordDir = join(rig.dir, 'recordings');
  beforeAll(() => rig.start({ RECORD_DIR: recordDir, RECORD_FLUSH_MS: '200' }), 60_000);
  afterAll(() => rig.close());

  it('records every event the engine took, shows its disk use on /metrics, and the recording replays to the same alerts', async () => {
    await rig.crash();
    const { app, seen, port } = rig;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(Number(/^cascade_record_disk_bytes (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(1000);
    expect(Number(/^cascade_record_events_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(20);
    expect(metrics).toMatch(/^cascade_record_dropped_events_total 0$/m);

    const rules = app.engine!.rules;
    const live = app.engine!.alerts.items.map((a) => a.id);
    const taken = seen.length;
    await app.stop(); // the teardown writes what is buffered
    expect(new Set(live.map((id) => id.split(':')[0]))).toEqual(new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cascade']));

    const files = readdirSync(recordDir);
    expect(files.every((f) => /^\d{4}-\d{2}-\d{2}\.ndjson(\.gz)?$/.test(f))).toBe(true);
    // The backtest of the recording directory (it reads .ndjson and .ndjson.gz alike) fires the same alerts, in order.
    const plan = planInputs([recordDir]);
    expect(plan.notes).toEqual([]);
    const res = await runBacktest({ files: plan.files, rules, note: (l) => expect.fail(l) });
    expect(res.events).toBe(taken);
    expect(res.rejected).toBe(0);
    expect(res.tally.alerts.map((a) => a.id)).toEqual(live);
    // And the replay reader sees exactly the events the engine took, in order.
    const plain = files.filter((f) => f.endsWith('.ndjson'));
    if (plain.length === files.length) {
      const recorded: MarketEvent[] = [];
      for (const f of plain.sort()) readEvents(join(recordDir, f), (e) => recorded.push(e), (r) => expect.fail(r.reason));
      expect(recorded).toEqual(seen);
      const engine = new Engine(rules);
      expect(recorded.flatMap((e) => engine.ingest(e)).map((a) => a.id)).toEqual(live);
    }
  }, 90_000);
});
