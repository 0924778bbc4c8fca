import { describe, expect, it } from 'vitest';
import { markets } from '../../commands/markets.js';
import type { CommandServices } from '../../commands/services.js';
import { EngineView } from '../../src/app/engine-view.js';
import type { RichMessage } from '../../src/chat/message.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { DEFAULT_LOCALE } from '../../src/i18n/locale.js';
import type { MarketEvent, MarketSessionState } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';

// Issue 11: Yahoo's market state reaches /markets, which says open, pre-market, after hours or closed
// honestly instead of guessing from a 30-minute age.
const NOW = Date.UTC(2026, 0, 30, 21, 10); // Friday 16:10 New York, ten minutes after the close
const quote = (symbol: string, ts: number, marketState?: MarketSessionState): MarketEvent => ({ kind: 'index', ts, source: 'yahoo', symbol, price: 98, prevClose: 100, ...(marketState ? { marketState } : {}) });

async function board(evs: MarketEvent[]): Promise<Record<string, string>> {
  const engine = new Engine(DEFAULT_RULES);
  engine.ingest({ kind: 'price', ts: NOW, source: 'binance', symbol: 'BTC', price: 84_000 });
  for (const e of evs) engine.ingest(e);
  const services = { market: new EngineView(engine) } as unknown as CommandServices;
  const reply = (await markets.run({ chat: { platform: 'telegram', chatId: '1' }, isPrivate: true, user: { id: '1', name: 'a' }, args: {}, now: NOW, services, locale: DEFAULT_LOCALE, platformLang: null })) as RichMessage;
  const fields = (reply.blocks[0] as { fields: Array<{ name: string; value: string }> }).fields;
  return Object.fromEntries(fields.map((f) => [f.name, f.value]));
}

describe('/markets shows each market\'s session state', () => {
  it('closed ten minutes after the close is "closed", not live; open, pre-market and after hours are named', async () => {
    const b = await board([
      quote('NASDAQ', NOW - 10 * 60_000, 'closed'),
      quote('SP500', NOW - 60_000, 'regular'),
      quote('MSTR', NOW - 10 * 60_000, 'post'),
      quote('COIN', NOW - 15 * 3_600_000, 'pre'),
      quote('GOLD', NOW - 5 * 60_000),
    ]);
    expect(b.Nasdaq).toBe('98 −2.00% vs prev close · closed (last close 2026-01-30 21:00 UTC)');
    expect(b['S&P 500']).toBe('98 −2.00% vs prev close · open');
    expect(b.MSTR).toBe('98 −2.00% vs prev close · after hours (regular close 2026-01-30 21:00 UTC)');
    expect(b.COIN).toBe('98 −2.00% vs prev close · pre-market (price of the close 2026-01-30 06:10 UTC)');
    expect(b.Gold).toBe('98 −2.00% vs prev close · as of 2026-01-30 21:05 UTC'); // replayed: no state recorded
  });
});
