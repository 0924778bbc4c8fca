import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SourceRejected, SourceUnavailable } from '../../src/sources/errors.js';
import { requestJson } from '../../src/sources/http.js';
import { coverageNotes, DEFAULT_SYMBOLS, enabledSources, INDEX_KEYS, indexName, SOURCE_MAP, SOURCE_URL_DEFAULTS, sourceConfig, sourceName } from '../../src/sources/registry.js';
import { DEFAULT_MAX_CONNECTION_AGE_MS } from '../../src/sources/ws-collector.js';

describe('source registry', () => {
  it('lists one adapter per venue id, each with a feed and its URLs in the one table', () => {
    expect(Object.keys(SOURCE_MAP).sort()).toEqual(['binance', 'bybit', 'coinbase', 'coinglass', 'hyperliquid', 'okx', 'yahoo']);
    for (const [id, def] of Object.entries(SOURCE_MAP)) {
      expect(def.id).toBe(id);
      expect(def.feeds.length).toBeGreaterThan(0);
      expect(SOURCE_URL_DEFAULTS[def.restUrl]).toMatch(/^https:\/\//);
      if (def.wsUrl) expect(SOURCE_URL_DEFAULTS[def.wsUrl]).toMatch(/^wss:\/\//);
      // Hyperliquid's liquidation streams (liquidator-vault trades, tracked accounts' fills) run in Positioning, inside its weight budget.
      if (def.feeds.includes('liquidation') && id !== 'hyperliquid') expect(def.stream).toBeDefined();
    }
  });

  it('is the one table of venue facts: display names, coverage notes, index names', () => {
    expect(sourceName('binance')).toBe('Binance');
    expect(sourceName('some-new-venue')).toBe('some-new-venue');
    expect(coverageNotes('binance', ['price', 'liquidation'])).toEqual(['Binance liquidation feed is sampled (at most one per symbol per second): a floor']);
    expect(coverageNotes('newdex', ['liquidation'])).toEqual(['newdex liquidations as observed: completeness unknown']);
    for (const def of Object.values(SOURCE_MAP)) if (def.feeds.includes('liquidation')) expect(def.coverage.liquidation).toBeDefined();
    expect(INDEX_KEYS).toEqual(['NASDAQ', 'SP500', 'DOW', 'GOLD', 'DXY', 'MSTR', 'COIN']);
    expect(indexName('SP500')).toBe('S&P 500');
    expect(indexName('NIKKEI')).toBe('NIKKEI');
  });

  it('has the real defaults and every variable the issue names', () => {
    expect(SOURCE_URL_DEFAULTS).toMatchObject({
      BINANCE_REST_URL: 'https://fapi.binance.com', BINANCE_WS_URL: 'wss://fstream.binance.com', BYBIT_WS_URL: 'wss://stream.bybit.com',
      OKX_WS_URL: 'wss://ws.okx.com:8443', YAHOO_REST_URL: 'https://query1.finance.yahoo.com', COINGLASS_REST_URL: 'https://open-api-v4.coinglass.com',
    });
    expect(SOURCE_URL_DEFAULTS.HYPERLIQUID_WS_URL).toBe('wss://api.hyperliquid.xyz');
    expect(Object.keys(SOURCE_URL_DEFAULTS)).toHaveLength(11);
  });

  it('resolves overrides, follows BTC, ETH, SOL by default, and runs CoinGlass only with a key', () => {
    const cfg = sourceConfig({ BYBIT_REST_URL: 'http://127.0.0.1:9/' });
    expect(cfg.urls.BYBIT_REST_URL).toBe('http://127.0.0.1:9');
    expect(cfg.urls.OKX_REST_URL).toBe('https://www.okx.com');
    expect(cfg.symbols).toEqual(DEFAULT_SYMBOLS);
    expect(DEFAULT_SYMBOLS).toEqual(['BTC', 'ETH', 'SOL']);
    expect(enabledSources(cfg).map((d) => d.id)).not.toContain('coinglass');
    expect(enabledSources(sourceConfig({ COINGLASS_API_KEY: 'k3y-k3y-k3y' })).map((d) => d.id)).toContain('coinglass');
  });

  it('rotates streams before the 24 h forced disconnect', () => {
    expect(DEFAULT_MAX_CONNECTION_AGE_MS).toBeLessThan(24 * 3_600_000);
  });
});

describe('requestJson', () => {
  it('refuses a body over the cap, and reports a refused connection as retryable', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify({ big: 'x'.repeat(10_000) })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      await expect(requestJson('okx', { method: 'GET', url: `http://127.0.0.1:${port}/x` }, { maxBodyBytes: 1_000 })).rejects.toBeInstanceOf(SourceRejected);
      await expect(requestJson('okx', { method: 'GET', url: `http://127.0.0.1:${port}/x` })).resolves.toMatchObject({ big: expect.any(String) });
    } finally {
      await new Promise((r) => server.close(r));
    }
    const refused = await requestJson('okx', { method: 'GET', url: `http://127.0.0.1:${port}/x?secret=1` }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SourceUnavailable);
    expect(refused).toMatchObject({ name: 'SourceUnavailable', reason: 'network', source: 'okx' });
    expect((refused as Error).message).not.toContain('secret');
  });
});
