// The replay's output (alerts, summary, stderr) is byte for byte the same whether the file is read on the
// engine's thread or on a reader thread: on the demo day, and on a day with bad lines, a BOM and CRLF.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_REJECTION_REPORTS, runReplay, type ReplayOptions } from '../../src/cli/replay-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-replay-threads-'));
const demo = join(dir, 'demo.ndjson');
const damaged = join(dir, 'damaged.ndjson');

function replay(file: string, reader: 'inline' | 'worker', o: Partial<ReplayOptions> = {}): { out: string; err: string; split: boolean } {
  let out = '';
  let err = '';
  const r = runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: (s) => (out += s), writeErr: (s) => (err += s), reader, ...o });
  return { out, err, split: r.split !== null };
}

describe('replay on one thread and on two gives the same bytes', () => {
  beforeAll(() => {
    generateDay(demo);
    // The demo day damaged: a BOM, CRLF endings, blank lines and 150 bad lines spread through it.
    const lines = readFileSync(demo, 'utf8').split('\n');
    const out: string[] = [];
    lines.forEach((l, i) => {
      out.push(l);
      if (i % 4000 === 7) out.push(i % 8000 === 7 ? '' : `{"kind":"price","ts":${i},"source":"bybit","symbol":"BTC","price":1}`);
      if (i % 4500 === 11) out.push('{"kind":"price","ts":1769693100000,"source":"BYBIT","symbol":"BTC","price":1}');
    });
    writeFileSync(damaged, '\ufeff' + out.join('\r\n'));
  });

  it('the demo day, as JSON', () => {
    const one = replay(demo, 'inline');
    const two = replay(demo, 'worker');
    expect(one.split).toBe(false);
    expect(two.split).toBe(true);
    expect(one.out.split('\n').length).toBeGreaterThan(10);
    expect(two.out).toBe(one.out);
    expect(two.err).toBe(one.err);
  });

  it('the demo day, human-readable in Chinese on Shanghai time', () => {
    const locale = { lang: 'zh', tz: 'Asia/Shanghai' } as const;
    const one = replay(demo, 'inline', { json: false, locale });
    const two = replay(demo, 'worker', { json: false, locale });
    expect(two.out).toBe(one.out);
  });

  it('the damaged day: the same alerts, the same rejected lines by number, in order, and the count', () => {
    const one = replay(damaged, 'inline');
    const two = replay(damaged, 'worker');
    expect(two.out).toBe(one.out);
    expect(two.err).toBe(one.err);
    const rejected = Number(/rejected (\d+) lines\n$/.exec(one.err)?.[1]);
    expect(rejected).toBeGreaterThan(MAX_REJECTION_REPORTS);
    expect(one.err).toMatch(/damaged\.ndjson:\d+: rejected: /);
  });
});
