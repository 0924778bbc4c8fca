import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineStore, SNAPSHOT_EVERY_MS } from '../../src/app/engine-store.js';
import { EngineView } from '../../src/app/engine-view.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { RedisKeys } from '../../src/store/keys.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';
import { until } from './spawn.js';
import { DEFAULT_LOCALE, makeLocale } from '../../src/i18n/locale.js';
import { localSummaryDoc, summaryText } from '../../src/i18n/summary.js';

/** text renders a summary's data as the English UTC desk note (src/i18n is its one writer). */
const text = (s: { data: Parameters<typeof localSummaryDoc>[0] }) => summaryText(localSummaryDoc(s.data, DEFAULT_LOCALE));

// Issue 11: engine state saved to and restored from a real Redis (every 30 s, at shutdown, on start), and the
// time Cascade was down named in the summary's coverage ("no data 14:02–14:09 UTC: Cascade was stopped").

const server = new TestRedis();
beforeAll(() => server.start());
afterAll(() => server.dispose());
afterEach(() => vi.useRealTimers());

const log = pino({ level: 'silent' });
const T = Date.UTC(2026, 0, 29, 14, 0);
const price = (ts: number, p: number, source = 'binance'): MarketEvent => ({ kind: 'price', ts, source, symbol: 'BTC', price: p });
const crash = (): MarketEvent[] => [price(T, 86_000), price(T + 1_000, 86_000, 'bybit'), price(T + 60_000, 84_800), price(T + 61_000, 84_800, 'bybit')];

describe('EngineStore against a real Redis', () => {
  it(`saves every ${SNAPSHOT_EVERY_MS / 1000} s (and not before), and a new process restores it: no level learned twice`, async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // Redis I/O keeps its real timers
    const redis = server.client();
    const prefix = uniquePrefix('store');
    const store = new EngineStore(redis, prefix, log);
    const engine = await store.load(DEFAULT_RULES, T);
    const fired = crash().flatMap((e) => engine.ingest(e)).map((a) => `${a.kind}:${a.data.level}`);
    expect(fired).toEqual(['level_break:85000']);
    store.start(engine, () => T + 62_000);
    vi.advanceTimersByTime(SNAPSHOT_EVERY_MS - 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(await redis.exists(new RedisKeys(prefix).engineSnapshot)).toBe(0);
    vi.advanceTimersByTime(1);
    await until(async () => ((await redis.exists(new RedisKeys(prefix).engineSnapshot)) === 1 ? true : null), 5_000, 'the periodic snapshot');
    await store.stop(engine, T + 62_000);
    const restored = await new EngineStore(redis, prefix, log).load(DEFAULT_RULES, T + 63_000);
    expect(restored.market.clock).toBe(T + 61_000);
    expect(restored.alerts.recent(5).map((a) => a.kind)).toEqual(['level_break']);
    // The level's side is remembered: the next tick below does not fire it again.
    expect(restored.ingest(price(T + 64_000, 84_700)).concat(restored.ingest(price(T + 64_500, 84_700, 'bybit')))).toEqual([]);
    redis.disconnect();
  });

  it('saves at shutdown: what happened after the last periodic save survives', async () => {
    const redis = server.client();
    const prefix = uniquePrefix('store');
    const store = new EngineStore(redis, prefix, log);
    const engine = await store.load(DEFAULT_RULES, T);
    store.start(engine);
    for (const e of crash()) engine.ingest(e);
    await store.stop(engine, T + 62_000); // no periodic save ran: only the one at shutdown
    const restored = await new EngineStore(redis, prefix, log).load(DEFAULT_RULES, T + 63_000);
    expect(restored.market.clock).toBe(T + 61_000);
    redis.disconnect();
  });

  it('a restart names the downtime in the summary\'s coverage, and keeps naming it after later restarts', async () => {
    const redis = server.client();
    const prefix = uniquePrefix('store');
    const first = new EngineStore(redis, prefix, log);
    const engine = await first.load(DEFAULT_RULES, T);
    for (const e of crash()) engine.ingest(e);
    const stoppedAt = Date.UTC(2026, 0, 29, 14, 2);
    await first.stop(engine, stoppedAt);
    const second = new EngineStore(redis, prefix, log);
    const back = Date.UTC(2026, 0, 29, 14, 9);
    const restored = await second.load(DEFAULT_RULES, back);
    expect(second.downtimes()).toEqual([{ source: 'cascade', fromTs: stoppedAt, toTs: back, reason: 'stopped' }]);
    restored.ingest(price(back, 84_900));
    restored.ingest(price(back + 1_000, 84_900, 'bybit'));
    const view = new EngineView(restored, () => ({ gaps: second.downtimes() }));
    expect(text(view.summary(86_400_000))).toContain('No data 14:02–14:09 UTC: Cascade was stopped.');
    const zh = localSummaryDoc(view.summary(86_400_000).data, makeLocale('zh', 'Asia/Shanghai')).sections.flatMap((s) => s.items);
    expect(zh).toContain('22:02–22:09 UTC+8 无数据：Cascade 当时已停止运行。');
    // A quick restart (under 10 s) adds nothing; the earlier downtime is still known to the next process.
    await second.stop(restored, back + 60_000);
    const third = new EngineStore(redis, prefix, log);
    await third.load(DEFAULT_RULES, back + 65_000);
    expect(third.downtimes()).toEqual(second.downtimes());
    redis.disconnect();
  });
});
