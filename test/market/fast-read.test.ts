// Differential tests: the two-thread reader (readEventsFast with a reader thread) against the one-thread
// readEvents, on files built to hit the edges: bad lines, BOM, CRLF, blank lines, lines and multi-byte
// characters across the 1 MiB read boundary, several batches, kinds that travel as objects.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, type LineRejection } from '../../src/market/ndjson.js';
import { readEventsFast, startFastRead } from '../../src/market/ndjson-parallel.js';
import type { MarketEvent } from '../../src/market/types.js';

const CHUNK = 1 << 20; // ndjson.ts reads this much per call
const dir = mkdtempSync(join(tmpdir(), 'cascade-fast-read-'));
let n = 0;
function file(content: string | Buffer): string {
  const f = join(dir, `f${n++}.ndjson`);
  writeFileSync(f, content);
  return f;
}

const account = '0x1234567890abcdef1234567890abcdef12345678';
const price = (i: number) => ({ kind: 'price', ts: 1769693100000 + i, source: ['binance', 'bybit', 'okx'][i % 3], symbol: ['BTC', 'ETH', 'SOL', 'ALT01'][i % 4], price: 84987.5 + (i % 97) / 8 });
const liq = (i: number) => ({ kind: 'liquidation', ts: 1769693520000 + i, source: 'hyperliquid', symbol: 'BTC', side: i % 2 ? 'long' : 'short', price: 84720, qty: 373.47, notionalUsd: 31640000 + i });
const index = (i: number) => ({ kind: 'index', ts: 1769712000000 + i, source: 'yahoo', symbol: 'NASDAQ', price: 23211.4, prevClose: 23685.1 });
const oi = (i: number) => ({ kind: 'open_interest', ts: 1769693100000 + i, source: 'binance', symbol: 'BTC', oi: 81234.5 });
const funding = (i: number) => ({ kind: 'funding', ts: 1769693100000 + i, source: 'okx', symbol: 'ETH', rate: -0.00012 });
const position = (i: number) => ({ kind: 'position', ts: 1769693100000 + i, source: 'hyperliquid', account, symbol: 'BTC', size: -12.5, entryPrice: 88000, markPrice: 84000, liquidationPrice: null, unrealizedPnlUsd: 50000 });
const BAD = ['{"kind":"price",', 'NaN', '{"kind":"crash","ts":1769693100000}', '{"kind":"price","ts":1769693100,"source":"bybit","symbol":"BTC","price":1}', '[1,2]', '{"kind":"暴落","ts":1769693100000}'];

/** mixed writes `count` lines: mostly template lines, with every other kind, bad lines and blanks sprinkled in. */
function mixed(count: number, seed = 0): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = (i * 7919 + seed) % 101;
    if (k === 0) out.push(BAD[i % BAD.length]);
    else if (k === 1) out.push(i % 2 ? '' : '  \t');
    else if (k === 2) out.push(JSON.stringify({ ...liq(i), account }));
    else if (k === 3) out.push(JSON.stringify(oi(i)));
    else if (k === 4) out.push(JSON.stringify(funding(i)));
    else if (k === 5) out.push(JSON.stringify(position(i)));
    else if (k === 6) out.push(JSON.stringify({ ...price(i), note: 'prix àé' })); // non-ASCII: the slow path
    else if (k < 20) out.push(JSON.stringify(liq(i)));
    else if (k < 23) out.push(JSON.stringify(index(i)));
    else out.push(JSON.stringify(price(i)));
  }
  return out;
}

interface Seen {
  events: MarketEvent[];
  rejects: LineRejection[];
  order: string[];
  stats: { events: number; rejected: number; lines: number };
}

function collect(read: (f: string, onEvent: (e: MarketEvent) => void, onReject: (r: LineRejection) => void) => { events: number; rejected: number; lines: number }, f: string): Seen {
  const seen: Seen = { events: [], rejects: [], order: [], stats: { events: 0, rejected: 0, lines: 0 } };
  const s = read(
    f,
    (e) => {
      seen.events.push({ ...e }); // a copy: reused events change under us
      seen.order.push('e');
    },
    (r) => {
      seen.rejects.push(r);
      seen.order.push(`r${r.line}`);
    },
  );
  seen.stats = { events: s.events, rejected: s.rejected, lines: s.lines };
  return seen;
}

/** same reads `f` one-thread and two-thread (events reused and not) and expects identical results. */
function same(f: string): Seen {
  const inline = collect((x, e, r) => readEvents(x, e, r, { reuseEvents: true }), f);
  // The reader thread reads all of it, or takes over after the first read chunk (this thread reads the head).
  for (const [reuseEvents, handoffAt] of [[true, 0], [false, 0], [true, 1]] as const) {
    const split = { used: false };
    const twoThread = collect((x, e, r) => {
      const s = readEventsFast(x, e, r, { reuseEvents, reader: 'worker', handoffAt });
      split.used = s.split !== null;
      return s;
    }, f);
    expect(split.used).toBe(true);
    expect(twoThread.stats).toEqual(inline.stats);
    expect(twoThread.rejects).toEqual(inline.rejects);
    expect(twoThread.order).toEqual(inline.order);
    expect(twoThread.events).toEqual(inline.events);
    // Same key order too: the replay prints what it is given.
    expect(twoThread.events.map((e) => JSON.stringify(e))).toEqual(inline.events.map((e) => JSON.stringify(e)));
  }
  return inline;
}

describe('readEventsFast on a reader thread gives what readEvents gives', () => {
  it('a BOM, CRLF, blank lines, bad lines and no final newline', () => {
    const seen = same(file('\ufeff' + mixed(500).join('\r\n')));
    expect(seen.rejects.length).toBeGreaterThan(0);
    expect(seen.events.some((e) => e.kind === 'position')).toBe(true);
  });

  it('many batches (kinds that travel as objects, rejections at any place)', () => {
    const seen = same(file(mixed(60_000, 3).join('\n') + '\n'));
    expect(seen.stats.events).toBeGreaterThan(3 * 8192);
  });

  it('a rejection first, last, and a file of rejections only', () => {
    same(file(['NaN', JSON.stringify(price(1)), 'NaN'].join('\n')));
    same(file(['NaN', '', '{"kind":"price"}'].join('\n')));
    same(file(''));
    same(file('\n\n'));
  });

  it('blank lines right after a posted batch, at the end of the file', () => {
    // The reader thread takes a slot before it knows a line is blank: one it fills with nothing is not posted.
    const first = Array.from({ length: 1024 }, (_, i) => JSON.stringify(price(i)));
    same(file(first.join('\n') + '\n\n \n\r\n'));
    same(file([...first, 'NaN', ''].join('\n')));
  });

  it('a line split across the 1 MiB read boundary', () => {
    const lines = mixed(30_000, 5);
    const text = lines.join('\n') + '\n';
    let at = 0;
    const crossing = lines.findIndex((l) => {
      const start = at;
      at += Buffer.byteLength(l) + 1;
      return start < CHUNK && at - 1 > CHUNK;
    });
    expect(crossing).toBeGreaterThanOrEqual(0);
    same(file(text));
  });

  it('a multi-byte character across the 1 MiB read boundary, in an event and in a rejected line', () => {
    for (const bad of [false, true]) {
      const head = Array.from({ length: 5000 }, (_, i) => JSON.stringify(price(i))).join('\n') + '\n';
      const pad = JSON.stringify({ ...price(1), pad: 'x'.repeat(CHUNK - Buffer.byteLength(head) - 400) }) + '\n';
      const before = Buffer.byteLength(head + pad);
      const [a, b, c] = bad ? ['{"pad":"', '","kind":"', '","ts":1769693100000}'] : [JSON.stringify({ ...price(2), note: '' }).slice(0, -2), '', '"}'];
      // Pad the line so that the 3-byte 価 takes bytes CHUNK - 1 to CHUNK + 1.
      const gap = CHUNK - 1 - before - Buffer.byteLength(a + b);
      expect(gap).toBeGreaterThan(0);
      const line = a + 'y'.repeat(gap) + b + '価格' + c;
      const buf = Buffer.from(head + pad + line + '\n' + JSON.stringify(price(3)) + '\n');
      expect(buf.indexOf(Buffer.from('価'))).toBe(CHUNK - 1);
      const seen = same(file(buf));
      if (bad) expect(seen.rejects[0].reason).toContain('価格');
      else expect(seen.events.some((e) => e.ts === price(2).ts && e.kind === 'price')).toBe(true);
    }
  });

  it('a line longer than a read chunk', () => {
    same(file([JSON.stringify(price(1)), JSON.stringify({ ...price(2), pad: 'z'.repeat(CHUNK + 100) }), 'NaN', JSON.stringify(price(3))].join('\n')));
  });
});

describe('readEventsFast, the edges', () => {
  it('a file that cannot be read is an error naming it, on either path', () => {
    const missing = join(dir, 'missing.ndjson');
    expect(() => readEventsFast(missing, () => {}, () => {}, { reader: 'worker' })).toThrow(/missing\.ndjson/);
    expect(() => readEventsFast(missing, () => {}, () => {}, { reader: 'inline' })).toThrow(/missing\.ndjson/);
  });

  it('an error in onEvent stops the reader thread and reaches the caller; the next read works', () => {
    const f = file(mixed(40_000).join('\n'));
    let seen = 0;
    expect(() => readEventsFast(f, () => {
      if (++seen === 10_000) throw new Error('engine broke');
    }, () => {}, { reader: 'worker' })).toThrow('engine broke');
    expect(readEventsFast(f, () => {}, () => {}, { reader: 'worker' }).events).toBe(collect((x, e, r) => readEvents(x, e, r), f).stats.events);
  });

  it('by default this thread reads the head until the reader thread is up, which takes the rest', () => {
    const f = file(mixed(200_000, 9).join('\n'));
    const inline = collect((x, e, r) => readEvents(x, e, r), f);
    const two = collect((x, e, r) => {
      const s = readEventsFast(x, e, r, { reader: 'worker' });
      expect(s.split?.headLines).toBeLessThan(s.lines);
      expect(s.split?.batches).toBeGreaterThan(0);
      return s;
    }, f);
    expect(two).toEqual(inline);
  });

  it('a read started and then not wanted (cancel) lets its reader thread go, before or after it is up; it never runs', async () => {
    const f = file(mixed(40_000).join('\n'));
    const want = collect((x, e, r) => readEvents(x, e, r), f).stats.events;
    const early = startFastRead(f, { reader: 'worker' });
    early.cancel();
    early.cancel(); // twice is fine
    expect(() => early.run(() => {}, () => {})).toThrow('a FastRead runs once');
    const late = startFastRead(f, { reader: 'worker' });
    await new Promise((r) => setTimeout(r, 2000)); // the reader thread is up and waiting for its start
    late.cancel();
    expect(() => late.run(() => {}, () => {})).toThrow('a FastRead runs once');
    expect(readEventsFast(f, () => {}, () => {}, { reader: 'worker' }).events).toBe(want);
  });

  it('auto reads a small file on the calling thread', () => {
    expect(readEventsFast(file(mixed(10).join('\n')), () => {}, () => {}).split).toBeNull();
  });
});
