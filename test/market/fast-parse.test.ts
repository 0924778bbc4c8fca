import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/demo/random.js';
import { BatchColumns, BatchDecoder, ringBytes } from '../../src/market/event-batch.js';
import { FastLineParser } from '../../src/market/fast-parse.js';
import { parseLine } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';

const BASE = [
  '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":84987.5}',
  '{"kind":"liquidation","ts":1769693520000,"source":"hyperliquid","symbol":"BTC","side":"long","price":84720,"qty":373.47,"notionalUsd":31640000}',
  '{"kind":"index","ts":1769712000000,"source":"yahoo","symbol":"NASDAQ","price":23211.4,"prevClose":23685.1}',
  '{ "ts" : 1769693100000 , "price":0.000123, "symbol":"PEPE","source":"okx","kind":"price","extra":{"a":[1,2]} }',
  '{"kind":"liquidation","ts":1769693520000,"source":"hyperliquid","symbol":"BTC","side":"long","price":84720,"qty":373.47,"notionalUsd":31640000,"account":"0x1234567890abcdef1234567890abcdef12345678"}',
  '{"kind":"open_interest","ts":1769693100000,"source":"binance","symbol":"BTC","oi":81234.5}',
  '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":-0.00012}',
  '{"kind":"position","ts":1769693100000,"source":"hyperliquid","account":"0x1234567890abcdef1234567890abcdef12345678","symbol":"BTC","size":-12.5,"entryPrice":88000,"markPrice":84000,"liquidationPrice":95000,"unrealizedPnlUsd":50000}',
];
const ALPHABET = '{}[]":,.-0123456789eE+ \\abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\u00e9\t';

function mutate(rng: Rng, s: string): string {
  const k = Math.floor(rng.next() * 4);
  const at = Math.floor(rng.next() * s.length);
  const ch = ALPHABET[Math.floor(rng.next() * ALPHABET.length)];
  if (k === 0) return s.slice(0, at) + s.slice(at + 1);
  if (k === 1) return s.slice(0, at) + ch + s.slice(at);
  if (k === 2) return s.slice(0, at) + ch + s.slice(at + 1);
  return s.replace(/\d+(\.\d+)?/, String(Math.floor(rng.next() * 1e16) / 10 ** Math.floor(rng.next() * 8)));
}

/** The reader thread's path: parseInto writes a batch row, which the engine's side decodes back into an event. */
class ColumnPath {
  private readonly fast = new FastLineParser();
  private readonly cols = new BatchColumns(new SharedArrayBuffer(ringBytes(1, 8)), 0, 8);
  private readonly decoder = new BatchDecoder(false);
  /** The event parseInto wrote for the line, or null when it declined it. */
  parse(buf: Buffer): MarketEvent | null {
    if (!this.fast.parseInto(this.cols, 0, buf, 0, buf.length)) return null;
    const got: MarketEvent[] = [];
    const m = { type: 'batch' as const, slot: 0, n: 1, strings: this.fast.ids.takeFresh(), objects: [], rejects: [] };
    this.decoder.deliver(m, this.cols, (ev) => got.push(ev), () => expect.fail('no rejection travels in a row'), 0);
    return got[0];
  }
}

describe('FastLineParser agrees with JSON.parse + validateEvent', () => {
  const fast = new FastLineParser();
  const columns = new ColumnPath();
  /** check compares both fast paths with the slow one on `line`; true when they took it (they must agree on that). */
  const check = (line: string) => {
    const buf = Buffer.from(line, 'utf8');
    const got = fast.parse(buf, 0, buf.length);
    const slow = parseLine(line);
    if (got !== null) expect(got, line).toEqual(slow);
    const row = columns.parse(buf);
    expect(row === null, `parseInto and parse disagree on taking ${line}`).toBe(got === null);
    if (row !== null) expect(row, line).toEqual(slow);
    return got !== null;
  };

  it.each([
    ['template: price', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":84987.5}'],
    ['template: liquidation', '{"kind":"liquidation","ts":1769693520000,"source":"okx","symbol":"ETH","side":"short","price":2800,"qty":1.5,"notionalUsd":4200}'],
    ['template: index', '{"kind":"index","ts":1769712000000,"source":"yahoo","symbol":"DXY","price":97.1,"prevClose":96.8}'],
    ['template: open interest', '{"kind":"open_interest","ts":1769693100000,"source":"binance","symbol":"BTC","oi":81234.5}'],
    ['template: funding, negative', '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":-0.000123456}'],
    ['template: ts with a zero fraction', '{"kind":"price","ts":1769693100000.0,"source":"bybit","symbol":"BTC","price":84987.5}'],
    ['template: funding of -0', '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":-0}'],
    ['template: funding out of range', '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":1.5}'],
    ['template: open interest of 0', '{"kind":"open_interest","ts":1769693100000,"source":"binance","symbol":"BTC","oi":0}'],
    ['template: open interest with a price', '{"kind":"open_interest","ts":1769693100000,"source":"binance","symbol":"BTC","price":1,"oi":2}'],
    ['template: funding as a string', '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":"0.1"}'],
    ['template with a trailing key', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1,"x":2}'],
    ['template with a bad side', '{"kind":"liquidation","ts":1769693520000,"source":"okx","symbol":"ETH","side":"flat","price":2800,"qty":1.5,"notionalUsd":4200}'],
    ['template cut short', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1'],
    ['template, price kind with a liquidation body', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","side":"long","price":1,"qty":1,"notionalUsd":1}'],
  ])('%s agrees', (_n, line) => {
    check(line);
  });

  const T = '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":84987.5}';
  const LIQ = '{"kind":"liquidation","ts":1769693520000,"source":"okx","symbol":"ETH","side":"short","price":2800,"qty":1.5,"notionalUsd":4200}';
  const IDX = '{"kind":"index","ts":1769712000000,"source":"yahoo","symbol":"DXY","price":97.1,"prevClose":96.8}';
  const OI = '{"kind":"open_interest","ts":1769693100000,"source":"binance","symbol":"BTC","oi":81234.5}';
  it.each([
    ['ts with a fraction', T.replace('1769693100000', '1769693100000.5')],
    ['ts in seconds', T.replace('1769693100000', '1769693100')],
    ['ts past the range', T.replace('1769693100000', '4100000000000')],
    ['ts with a leading zero', T.replace('1769693100000', '01769693100000')],
    ['ts of 13 digits with a leading zero', T.replace('1769693100000', '0769693100000')],
    ['ts of 14 digits', T.replace('1769693100000', '17696931000000')],
    ['ts with a letter among its digits', T.replace('1769693100000', '17696931x0000')],
    ['negative ts', T.replace('1769693100000', '-1769693100000')],
    ['source in upper case', T.replace('bybit', 'Bybit')],
    ['empty source', T.replace('bybit', '')],
    ['symbol in lower case', T.replace('BTC', 'btc')],
    ['symbol of 21 characters', T.replace('BTC', 'A'.repeat(21))],
    ['price of 0', T.replace('84987.5', '0')],
    ['negative price', T.replace('84987.5', '-84987.5')],
    ['price of 1e9', T.replace('84987.5', '1000000000')],
    ['liquidation price of 0', LIQ.replace('2800', '0')],
    ['liquidation qty of 0', LIQ.replace('1.5', '0')],
    ['liquidation notional of 1e12', LIQ.replace('4200', '1000000000000')],
    ['liquidation side in upper case', LIQ.replace('short', 'SHORT')],
    ['index price of 0', IDX.replace('97.1', '0')],
    ['index prevClose of 0', IDX.replace('96.8', '0')],
    ['index prevClose of 1e9', IDX.replace('96.8', '1000000000')],
    ['open interest of 1e12', OI.replace('81234.5', '1000000000000')],
    ['negative open interest', OI.replace('81234.5', '-1')],
  ])('a template line failing a check is left to the slow path: %s', (_n, line) => {
    expect(check(line)).toBe(false);
    expect(typeof parseLine(line)).toBe('string');
  });

  it.each([
    ['an escape in the source (valid once decoded)', T.replace('bybit', 'by\\u0062it')],
    ['an escaped quote in the symbol', T.replace('BTC', 'B\\"TC')],
    ['a non-ASCII symbol', T.replace('BTC', 'BTÇ')],
    ['a tab in the source', T.replace('bybit', 'by\tbit')],
  ])('the template declines a string its pattern refuses: %s', (_n, line) => {
    expect(check(line)).toBe(false);
  });

  it('takes the same string again after a different one shared its interner slot', () => {
    for (let k = 0; k < 3000; k++) expect(check(T.replace('BTC', `S${k}`))).toBe(true);
    expect(check(T)).toBe(true);
    expect(check(T.replace('bybit', 'by-bit_2'))).toBe(true);
  });

  it('declines a string too long for the interner\'s byte copy every time it meets it', () => {
    const long = T.replace('bybit', 'b'.repeat(40));
    for (let k = 0; k < 3; k++) expect(check(long)).toBe(false);
    expect(check(T.replace('bybit', 'b'.repeat(32)))).toBe(true);
    expect(check(T.replace('bybit', 'b'.repeat(32)))).toBe(true);
  });

  it('keeps a liquidation\'s account (the fast path must not drop it)', () => {
    const line = BASE[4];
    const buf = Buffer.from(line, 'utf8');
    const got = fast.parse(buf, 0, buf.length) ?? parseLine(line);
    expect(got).toMatchObject({ kind: 'liquidation', account: '0x1234567890abcdef1234567890abcdef12345678' });
  });

  it('takes the common lines itself', () => {
    for (const l of BASE.slice(0, 3)) expect(check(l)).toBe(true);
  });

  it('takes numbers of 16 to 20 significant digits (JSON.stringify writes up to 17 for a double), in either layout, with JSON.parse\'s value', () => {
    const lines = [
      '{"kind":"index","ts":1769697060007,"source":"yahoo","symbol":"NASDAQ","price":100.6536981403062,"prevClose":100}',
      '{"kind":"index","ts":1769697060007,"source":"yahoo","symbol":"SP500","price":98.86325161002605,"prevClose":99.99999999999999}',
      '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":0.30000000000000004}',
      '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":123456789.01234567890}',
      '{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":-0.000123456789012345678}',
      '{"kind":"liquidation","ts":1769693520000,"source":"hyperliquid","symbol":"BTC","side":"short","price":84720.12345678901,"qty":0.1234567890123456,"notionalUsd":10459.753086419753}',
    ];
    // The same in another key order and spacing, which the general scanner reads.
    const general = ['{ "price" : 0.30000000000000004, "symbol":"BTC","source":"bybit","ts":1769693100000,"kind":"price" }', '{"ts":1769693520000,"kind":"liquidation","source":"hyperliquid","symbol":"BTC","side":"long","price":84720.12345678901,"qty":0.1234567890123456,"notionalUsd":10459.753086419753}'];
    for (const l of [...lines, ...general]) expect(check(l), l).toBe(true);
    expect(fast.parse(Buffer.from(lines[2]), 0, lines[2].length)).toMatchObject({ price: 0.30000000000000004 });
    expect(fast.parse(Buffer.from(general[0]), 0, general[0].length)).toMatchObject({ price: 0.30000000000000004 });
  });

  it('takes open interest and funding lines as JSON.stringify writes them', () => {
    for (const l of BASE.slice(5, 7)) expect(check(l)).toBe(true);
    expect(check('{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":-0}')).toBe(true);
    expect(check('{"kind":"funding","ts":1769693100000,"source":"okx","symbol":"ETH","rate":1}')).toBe(false);
  });

  it.each([
    ['escaped key', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","pri\\u0063e":1}'],
    ['duplicate key, last wins', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1,"price":2}'],
    ['exponent', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1e3}'],
    ['leading zero', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":0123}'],
    ['trailing garbage', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1}x'],
    ['20-digit number', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":12345678901234567890}'],
    ['null price', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":null}'],
    ['ts with a fraction of zero', '{"kind":"price","ts":1769693100000.0,"source":"bybit","symbol":"BTC","price":1}'],
    ['negative zero', '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":-0}'],
    ['__proto__ key', '{"__proto__":{"x":1},"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":1}'],
  ])('%s', (_name, line) => {
    check(line);
  });

  it('agrees on 40,000 random mutations of real lines', () => {
    const rng = new Rng(1);
    let taken = 0;
    for (let n = 0; n < 40_000; n++) {
      let line = BASE[n % BASE.length];
      const times = 1 + Math.floor(rng.next() * 3);
      for (let k = 0; k < times; k++) line = mutate(rng, line);
      if (check(line)) taken++;
    }
    expect(taken).toBeGreaterThan(300);
  });
});
