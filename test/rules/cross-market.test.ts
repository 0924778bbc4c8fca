import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { newYorkDate } from '../../src/rules/cross-market.js';

// Issue 11 / DESIGN §4: cross_market once per US trading session, the session being the New York date of the
// breaching quote's own time. Friday 2026-01-30: the close is 16:00 New York = 21:00 UTC.
const FRI_CLOSE = Date.UTC(2026, 0, 30, 21);
const H = 3_600_000;
const nasdaq = (quoteTs: number, pct: number, marketState?: 'regular' | 'closed'): MarketEvent => ({ kind: 'index', ts: quoteTs, source: 'yahoo', symbol: 'NASDAQ', price: 100 * (1 + pct / 100), prevClose: 100, ...(marketState ? { marketState } : {}) });
const btc = (ts: number): MarketEvent => ({ kind: 'price', ts, source: 'binance', symbol: 'BTC', price: 84_000 + (ts % 7) });
const crossAlerts = (e: Engine, evs: MarketEvent[]) => evs.flatMap((ev) => e.ingest(ev)).filter((a) => a.kind === 'cross_market');

describe('cross_market: once per US session', () => {
  it('names the session by the New York date of the quote', () => {
    expect(newYorkDate(FRI_CLOSE)).toBe('2026-01-30');
    expect(newYorkDate(Date.UTC(2026, 0, 31, 1))).toBe('2026-01-30'); // 01:00 UTC Saturday is Friday evening in New York
  });

  it('Friday fires once; the same close polled after 00:00 UTC and all weekend never fires again', () => {
    const e = new Engine(DEFAULT_RULES);
    const polls: MarketEvent[] = [nasdaq(FRI_CLOSE - H, -2, 'regular')];
    // Every minute Yahoo answers Friday's close again while crypto trades on through the weekend.
    for (let t = FRI_CLOSE; t < FRI_CLOSE + 60 * H; t += 30 * 60_000) polls.push(btc(t), nasdaq(FRI_CLOSE, -2.1, 'closed'));
    const fired = crossAlerts(e, polls);
    expect(fired).toHaveLength(1);
    expect(fired[0].data).toMatchObject({ session: '2026-01-30', breached: ['NASDAQ'] });
  });

  it('a bot started on Saturday does not fire on Friday\'s stale close', () => {
    const e = new Engine(DEFAULT_RULES);
    expect(crossAlerts(e, [btc(FRI_CLOSE + 15 * H), nasdaq(FRI_CLOSE, -2.5, 'closed')])).toEqual([]);
  });

  it('Monday\'s session arms it afresh', () => {
    const e = new Engine(DEFAULT_RULES);
    const monOpen = Date.UTC(2026, 1, 2, 15);
    const fired = crossAlerts(e, [nasdaq(FRI_CLOSE - H, -2), btc(FRI_CLOSE + 20 * H), nasdaq(FRI_CLOSE, -2, 'closed'), btc(monOpen), nasdaq(monOpen, -1.8, 'regular')]);
    expect(fired.map((a) => a.data.session)).toEqual(['2026-01-30', '2026-02-02']);
  });

  it('the market state travels with the quote into the engine\'s memory', () => {
    const e = new Engine(DEFAULT_RULES);
    e.ingest(nasdaq(FRI_CLOSE - H, -0.3, 'regular'));
    e.ingest(nasdaq(FRI_CLOSE - H, -0.3, 'closed'));
    expect(e.history.indices.get('NASDAQ')).toMatchObject({ ts: FRI_CLOSE - H, marketState: 'closed' });
  });
});
