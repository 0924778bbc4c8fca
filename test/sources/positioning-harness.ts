import { SourceHealth } from '../../src/sources/health.js';
import type { TrackedAccount } from '../../src/sources/hyperliquid/planner.js';
import { Positioning, type PositioningConfig, type PositioningDeps, type PositioningVenue } from '../../src/sources/positioning.js';
import type { FakeVenues } from '../fakes/venues/server.js';
import { Clock, MemoryLogger, RecordingSink } from './harness.js';

/** positioningOn builds the leverage and whale feeds with every URL on the fake, short timeouts and collector periods. */
export function positioningOn(
  fake: FakeVenues, enabled: PositioningVenue[], cfg: Partial<PositioningConfig> = {}, deps: Partial<PositioningDeps> = {},
): { positioning: Positioning; sink: RecordingSink; log: MemoryLogger; clock: Clock; health: SourceHealth } {
  const sink = new RecordingSink();
  const log = new MemoryLogger();
  const clock = new Clock();
  const health = new SourceHealth();
  const urls = { BINANCE_REST_URL: fake.url, BYBIT_REST_URL: fake.url, OKX_REST_URL: fake.url, HYPERLIQUID_REST_URL: fake.url, HYPERLIQUID_WS_URL: fake.wsUrl };
  const positioning = new Positioning(
    { urls, symbols: ['BTC', 'ETH', 'SOL', 'PEPE'], enabled, accounts: [] as TrackedAccount[], ...cfg },
    {
      sink, log, health, now: clock.now,
      httpOpts: { connectTimeoutMs: 1_000, totalTimeoutMs: 2_000 },
      backoff: { baseMs: 20, capMs: 100, random: () => 1 },
      ws: { pingIntervalMs: 50, silentMs: 500, readyTimeoutMs: 1_000, tickMs: 20, stableMs: 10_000 },
      whaleTickMs: 60_000,
      ...deps,
    },
  );
  return { positioning, sink, log, clock, health };
}

/** account is a valid test address numbered i. */
export function account(i: number): string {
  return `0x${i.toString(16).padStart(40, '0')}`;
}
