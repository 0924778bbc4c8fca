import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../src/market/ndjson.js';
import { validateEvent } from '../../src/market/validate.js';

const price = { kind: 'price', ts: 1769693100000, source: 'bybit', symbol: 'BTC', price: 84987.5 };
const liq = { kind: 'liquidation', ts: 1769693520000, source: 'hyperliquid', symbol: 'BTC', side: 'long', price: 84720, qty: 373.47, notionalUsd: 31640000 };
const index = { kind: 'index', ts: 1769712000000, source: 'yahoo', symbol: 'NASDAQ', price: 23211.4, prevClose: 23685.1 };

describe('validateEvent accepts the three kinds of DESIGN §2', () => {
  it.each([price, liq, index])('$kind', (ev) => {
    expect(validateEvent(ev)).toEqual(ev);
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
