import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../src/market/ndjson.js';
import { validateEvent } from '../../src/market/validate.js';

const price = { kind: 'price', ts: 1769693100000, source: 'bybit', symbol: 'BTC', price: 84987.5 };
const liq = { kind: 'liquidation', ts: 1769693520000, source: 'hyperliquid', symbol: 'BTC', side: 'long', price: 84720, qty: 373.47, notionalUsd: 31640000 };
const index = { kind: 'index', ts: 1769712000000, source: 'yahoo', symbol: 'NASDAQ', price: 23211.4, prevClose: 23685.1 };

const account = '0x1234567890abcdef1234567890abcdef12345678';
const oi = { kind: 'open_interest', ts: 1769693100000, source: 'binance', symbol: 'BTC', oi: 81234.5 };
const funding = { kind: 'funding', ts: 1769693100000, source: 'okx', symbol: 'ETH', rate: -0.00012 };
const position = { kind: 'position', ts: 1769693100000, source: 'hyperliquid', account, symbol: 'BTC', size: -12.5, entryPrice: 88000, markPrice: 84000, liquidationPrice: 95000, unrealizedPnlUsd: 50000 };

describe('validateEvent accepts the six kinds of DESIGN §2', () => {
  it.each([price, liq, index, oi, funding, position, { ...liq, account }, { ...position, liquidationPrice: null }, { ...position, size: 0 }])('$kind', (ev) => {
    expect(validateEvent(ev)).toEqual(ev);
  });
  it.each([price, liq, index, oi, funding, { ...liq, account }])('$kind keeps the replay format\'s key order (a recorded day is written from it)', (ev) => {
    expect(JSON.stringify(validateEvent(JSON.parse(JSON.stringify({ extra: 1, ...ev }))))).toBe(JSON.stringify(ev));
  });
  it('drops extra fields', () => {
    expect(validateEvent({ ...price, extra: 1 })).toEqual(price);
  });
});

describe('validateEvent rejects every bad case of DESIGN §2 with a reason', () => {
  it.each([
    { name: 'not an object (array)', v: [1, 2], reason: /not a JSON object/ },
    { name: 'not an object (number)', v: 5, reason: /not a JSON object/ },
    { name: 'null', v: null, reason: /not a JSON object/ },
    { name: 'unknown kind', v: { ...price, kind: 'trade' }, reason: /unknown kind/ },
    { name: 'missing kind', v: { ...price, kind: undefined }, reason: /missing kind/ },
    { name: 'missing ts', v: { ...price, ts: undefined }, reason: /missing ts/ },
    { name: 'ts as string', v: { ...price, ts: '1769693100000' }, reason: /ts is not a number/ },
    { name: 'ts not an integer', v: { ...price, ts: 1769693100000.5 }, reason: /not an integer/ },
    { name: 'ts in seconds', v: { ...price, ts: 1769693100 }, reason: /seconds/ },
    { name: 'ts too large', v: { ...price, ts: 4.1e12 }, reason: /out of range/ },
    { name: 'ts too small', v: { ...price, ts: 999_999_999_999 }, reason: /out of range/ },
    { name: 'source upper case', v: { ...price, source: 'Bybit' }, reason: /source/ },
    { name: 'source too long', v: { ...price, source: 'a'.repeat(33) }, reason: /source/ },
    { name: 'symbol lower case', v: { ...price, symbol: 'btc' }, reason: /symbol/ },
    { name: 'symbol too long', v: { ...price, symbol: 'A'.repeat(21) }, reason: /symbol/ },
    { name: 'symbol with a slash', v: { ...price, symbol: 'BTC/USD' }, reason: /symbol/ },
    { name: 'price as string', v: { ...price, price: '84987.5' }, reason: /price is not a number/ },
    { name: 'price zero', v: { ...price, price: 0 }, reason: /price out of range/ },
    { name: 'price negative', v: { ...price, price: -1 }, reason: /price out of range/ },
    { name: 'price 1e9', v: { ...price, price: 1e9 }, reason: /price out of range/ },
    { name: 'missing price', v: { ...price, price: undefined }, reason: /missing price/ },
    { name: 'liquidation side invalid', v: { ...liq, side: 'buy' }, reason: /side/ },
    { name: 'liquidation side missing', v: { ...liq, side: undefined }, reason: /missing side/ },
    { name: 'liquidation qty zero', v: { ...liq, qty: 0 }, reason: /qty out of range/ },
    { name: 'liquidation qty 1e12', v: { ...liq, qty: 1e12 }, reason: /qty out of range/ },
    { name: 'liquidation notional missing', v: { ...liq, notionalUsd: undefined }, reason: /missing notionalUsd/ },
    { name: 'liquidation notional as string', v: { ...liq, notionalUsd: '31640000' }, reason: /notionalUsd is not a number/ },
    { name: 'index prevClose missing', v: { ...index, prevClose: undefined }, reason: /missing prevClose/ },
    { name: 'index prevClose zero', v: { ...index, prevClose: 0 }, reason: /prevClose out of range/ },
    { name: 'liquidation account not hex', v: { ...liq, account: '0xZZ34567890abcdef1234567890abcdef12345678' }, reason: /account must match/ },
    { name: 'liquidation account upper case', v: { ...liq, account: account.toUpperCase() }, reason: /account must match/ },
    { name: 'open interest zero', v: { ...oi, oi: 0 }, reason: /oi out of range/ },
    { name: 'open interest negative', v: { ...oi, oi: -5 }, reason: /oi out of range/ },
    { name: 'open interest missing', v: { ...oi, oi: undefined }, reason: /missing oi/ },
    { name: 'open interest as string', v: { ...oi, oi: '81234.5' }, reason: /oi is not a number/ },
    { name: 'funding of 5 (500%)', v: { ...funding, rate: 5 }, reason: /rate out of range/ },
    { name: 'funding of -1', v: { ...funding, rate: -1 }, reason: /rate out of range/ },
    { name: 'funding missing', v: { ...funding, rate: undefined }, reason: /missing rate/ },
    { name: 'position missing account', v: { ...position, account: undefined }, reason: /missing account/ },
    { name: 'position bad account', v: { ...position, account: '0x12' }, reason: /account must match/ },
    { name: 'position size too large', v: { ...position, size: 1e12 }, reason: /size out of range/ },
    { name: 'position entry zero', v: { ...position, entryPrice: 0 }, reason: /entryPrice out of range/ },
    { name: 'position mark missing', v: { ...position, markPrice: undefined }, reason: /missing markPrice/ },
    { name: 'position liquidation price missing', v: { ...position, liquidationPrice: undefined }, reason: /missing liquidationPrice/ },
    { name: 'position liquidation price zero', v: { ...position, liquidationPrice: 0 }, reason: /liquidationPrice out of range/ },
    { name: 'position pnl as string', v: { ...position, unrealizedPnlUsd: '-5' }, reason: /unrealizedPnlUsd is not a number/ },
    { name: 'position pnl too large', v: { ...position, unrealizedPnlUsd: -1e12 }, reason: /unrealizedPnlUsd out of range/ },
    { name: 'open interest with a price but no oi', v: { ...oi, oi: undefined, price: 5 }, reason: /missing oi/ },
  ])('$name', ({ v, reason }) => {
    const res = validateEvent(v === null || typeof v !== 'object' || Array.isArray(v) ? v : JSON.parse(JSON.stringify(v)));
    expect(typeof res).toBe('string');
    expect(res).toMatch(reason);
  });
});

describe('readEvents', () => {
  function file(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-ndjson-'));
    const f = join(dir, 'x.ndjson');
    writeFileSync(f, text);
    return f;
  }

  it('handles a BOM, CRLF, blank lines, a missing final newline and reports bad lines by number', () => {
    const lines = [
      JSON.stringify(price),
      '',
      '   ',
      '{"kind":"price",',
      JSON.stringify(index),
      'NaN',
      '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":NaN}',
      '{"__proto__":{"polluted":1},"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1}',
      JSON.stringify(liq),
    ];
    const f = file('\ufeff' + lines.join('\r\n'));
    const events: unknown[] = [];
    const rejects: Array<{ line: number; reason: string }> = [];
    const stats = readEvents(f, (e) => events.push(e), (r) => rejects.push(r));
    expect(stats).toMatchObject({ events: 4, rejected: 3, lines: 9 });
    expect(rejects.map((r) => r.line)).toEqual([4, 6, 7]);
    expect(rejects.every((r) => /invalid JSON/.test(r.reason))).toBe(true);
    expect(events[0]).toEqual(price);
    expect(events[3]).toEqual(liq);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(events[2])).toBe(Object.prototype);
  });

  it('reads a line split across read chunks', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ ...price, ts: price.ts + i })).join('\n') + '\n';
    const f = file(many);
    let n = 0;
    const stats = readEvents(f, () => n++, () => {});
    expect(stats.events).toBe(30_000);
    expect(n).toBe(30_000);
  });
});
