import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/rules/engine.js';
import { LiveRig } from '../helpers/live-rig.js';

describe('live pipeline on fake venues: a compressed crash', () => {
  const rig = new LiveRig();
  beforeAll(() => rig.start(), 60_000);
  afterAll(() => rig.close());

  it('emits the alerts a replay of the same events emits', async () => {
    await rig.crash();
    const app = rig.app;
    const live = app.engine!.alerts.items.map((a) => `${a.kind}:${a.severity}:${a.symbol}`);
    expect(new Set(live.map((k) => k.split(':')[0]))).toEqual(new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cascade']));
    const replay = new Engine(app.engine!.rules);
    const replayed = rig.seen.flatMap((e) => replay.ingest(e)).map((a) => `${a.kind}:${a.severity}:${a.symbol}`);
    expect(replayed).toEqual(live);
    expect(rig.seen.filter((e) => e.kind === 'liquidation').map((e) => e.source).sort()).toEqual(expect.arrayContaining(['binance', 'bybit', 'okx']));
  }, 60_000);
});
