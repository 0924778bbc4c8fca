import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planLines } from '../../src/sources/hyperliquid/plan-text.js';
import { planHyperliquid } from '../../src/sources/hyperliquid/planner.js';
import { positioningConfig, POSITIONING_ENV } from '../../src/sources/positioning-config.js';

const account = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;

describe('positioning configuration', () => {
  const schema = z.object(POSITIONING_ENV);

  it('defaults: the real Hyperliquid socket, a minute for leverage, five for the summary, five liquidator vaults, 10 real-time', () => {
    const env = schema.parse({});
    expect(env).toMatchObject({ LEVERAGE_POLL_MS: 60_000, LEVERAGE_SUMMARY_POLL_MS: 300_000, HYPERLIQUID_REALTIME_ACCOUNTS: 10, WATCH_MAX_PER_CHAT: 10, WATCH_MAX_ACCOUNTS: 100 });
    expect(env.HYPERLIQUID_LIQUIDATOR_VAULTS.split(',')).toHaveLength(5);
  });

  it.each([
    ['HYPERLIQUID_REALTIME_ACCOUNTS', '11'], ['HYPERLIQUID_LIQUIDATOR_VAULTS', '0x2e3d94f0562703b25c83308a05046ddaf9a8dd14,0x123'], ['LEVERAGE_POLL_MS', '500'], ['WATCH_MAX_PER_CHAT', '-1'],
  ])('refuses %s=%s', (name, value) => {
    const r = schema.safeParse({ [name]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual([name]);
  });

  it('resolves the venues of SOURCES and leaves room for the allMids price poll', () => {
    const env = { ...schema.parse({}), HYPERLIQUID_WS_URL: 'wss://h', BINANCE_REST_URL: 'http://127.0.0.1:1/', BYBIT_REST_URL: 'http://b', OKX_REST_URL: 'http://o', HYPERLIQUID_REST_URL: 'http://h', PRICE_POLL_MS: 5_000 };
    const cfg = positioningConfig(env, ['BTC'], ['bybit', 'hyperliquid', 'yahoo'], []);
    expect(cfg.enabled).toEqual(['bybit', 'hyperliquid']);
    expect(cfg.urls.BINANCE_REST_URL).toBe('http://127.0.0.1:1');
    expect(cfg.plan).toEqual({ pricePollMs: 5_000, maxRealtime: 10 });
    expect(positioningConfig(env, ['BTC'], ['binance'], []).plan).toMatchObject({ pricePollMs: 0 });
  });
});

describe('planLines (for /status and the README)', () => {
  it('says what the budget is spent on and how many accounts fit at which cadence', () => {
    const plan = planHyperliquid(Array.from({ length: 150 }, (_, i) => ({ address: account(i + 1), watchers: 1 })));
    expect(planLines({ plan, usedLastMinute: 812, blockedUntil: Date.UTC(2026, 0, 29, 14, 2, 10) })).toEqual([
      'Hyperliquid weight: 1,004 of 1,200 a minute planned, 812 used in the last minute; every call paused until 14:02:10 UTC after a 429',
      'fixed: allMids every 5 s (24), metaAndAssetCtxs every 1 min (20), liquidation confirmations (60 reserved)',
      '150 tracked accounts every 20 s (900); 10 real-time (userFills, at most 10 per IP)',
      'capacity: 81 every 10 s, 122 every 15 s, 162 every 20 s, 244 every 30 s, 488 every 1 min, 976 every 2 min, 2,440 every 5 min',
    ]);
  });
});
