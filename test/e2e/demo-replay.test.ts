import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { runReplay, type ReplayResult } from '../../src/cli/replay-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { generateDay } from '../../src/demo/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-e2e-'));
const crashFile = join(dir, 'crash.ndjson');
const calmFile = join(dir, 'calm.ndjson');

function replay(file: string): ReplayResult {
  return runReplay({ file, rules: DEFAULT_RULES, json: true, color: false, write: () => {}, writeErr: () => {} });
}

describe('the 2026-01-29 demo day', () => {
  let res: ReplayResult;
  const of = (kind: string) => res.alerts.filter((a) => a.kind === kind);
  beforeAll(() => {
    generateDay(crashFile);
    res = replay(crashFile);
  });

  it('is deterministic', () => {
    const other = join(dir, 'again.ndjson');
    generateDay(other);
    expect(replay(other).alerts.map((a) => a.id)).toEqual(res.alerts.map((a) => a.id));
  });

  it('breaks BTC 85k and ETH 2.9k and 2.8k downward', () => {
    const breaks = of('level_break').map((a) => `${a.symbol}:${a.data.level}:${a.data.direction}`);
    expect(breaks).toEqual(expect.arrayContaining(['BTC:85000:down', 'ETH:2900:down', 'ETH:2800:down']));
    expect(breaks.filter((b) => b === 'BTC:85000:down')).toHaveLength(1);
  });

  it('sees BTC down 5% or more', () => {
    const btc = of('pct_move').filter((a) => a.symbol === 'BTC' && (a.data.changePct as number) <= -5);
    expect(btc.length).toBeGreaterThanOrEqual(1);
  });

  it('fires critical 24h liquidations dominated by longs', () => {
    const crit = of('liquidations').filter((a) => a.severity === 'critical');
    expect(crit).toHaveLength(1);
    expect(crit[0].data).toMatchObject({ windowMs: 86_400_000, dominant: 'long' });
    expect(crit[0].data.totalUsd as number).toBeGreaterThanOrEqual(500e6);
  });

  it('flags the $31.64M Hyperliquid BTC liquidation', () => {
    const whale = of('large_liquidation').find((a) => a.data.notionalUsd === 31_640_000);
    expect(whale).toMatchObject({ symbol: 'BTC', data: { source: 'hyperliquid', side: 'long' } });
  });

  it('fires a cross-market alert carrying every index', () => {
    const cm = of('cross_market');
    expect(cm).toHaveLength(1);
    expect(Object.keys(cm[0].data.changes as object).sort()).toEqual(['COIN', 'DOW', 'DXY', 'GOLD', 'MSTR', 'NASDAQ', 'SP500']);
  });

  it('fires exactly one cascade: critical, down', () => {
    const c = of('cascade');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ severity: 'critical', data: { direction: 'down' } });
    expect(c[0].data.longShare as number).toBeGreaterThanOrEqual(0.75);
    expect((c[0].data.triggers as AlertEvent[]).some((t) => t.kind === 'level_break')).toBe(true);
  });

  it('summarises the article figures', () => {
    const d = res.summary.data;
    expect(d.prices.BTC.low).toBeLessThan(85_000);
    expect((d.prices.BTC.low / d.prices.BTC.open - 1) * 100).toBeLessThanOrEqual(-5);
    expect((d.prices.ETH.low / d.prices.ETH.open - 1) * 100).toBeLessThanOrEqual(-6.8);
    expect(d.liquidations.totalUsd).toBeGreaterThan(575e6);
    expect(d.liquidations.totalUsd).toBeLessThan(665e6);
    expect(d.liquidations.longShare).toBeGreaterThan(0.9);
    expect(d.liquidations.count).toBeGreaterThan(170_000);
    expect(d.liquidations.count).toBeLessThan(190_000);
    expect(d.liquidations.largest).toMatchObject({ source: 'hyperliquid', symbol: 'BTC', side: 'long', notionalUsd: 31_640_000 });
    expect(d.crossMarket).toMatchObject({ NASDAQ: -2, SP500: -1.1, DOW: -0.5, MSTR: -6.88, COIN: -4.37 });
    expect(d.crossMarket.GOLD).toBeGreaterThan(0);
    expect(d.levelsBroken).toEqual(expect.arrayContaining([expect.objectContaining({ symbol: 'BTC', level: 85000, direction: 'down' })]));
    expect(d.sources.find((s) => s.source === 'binance')!.notes.join(' ')).toMatch(/sampled.*floor/);
  });

  it('writes a summary structured like a desk note, every figure sourced', () => {
    const t = res.summaryText;
    for (const h of ['Key levels', 'Liquidations', 'Cross-market', 'What to watch', 'Sources and coverage']) expect(t).toContain(`\n${h}\n`);
    expect(t).toMatch(/\$31\.64M BTC long on Hyperliquid/);
    expect(t).toMatch(/MSTR: −6\.88% vs previous close/);
    expect(t).toMatch(/a floor/);
    expect(t).not.toMatch(/squeeze/i);
  });
});

describe('a calm day', () => {
  it('fires nothing', () => {
    generateDay(calmFile, { calm: true });
    const res = replay(calmFile);
    expect(res.alerts).toEqual([]);
    expect(res.summaryText).not.toMatch(/crash|cascade/i);
  });
});

describe('the replay CLI', () => {
  function cli(args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/replay.ts', ...args], { encoding: 'utf8', cwd: process.cwd() });
  }

  it('--json prints only JSON lines: alerts in order, then the summary; stderr ends with the count', () => {
    const f = join(dir, 'small.ndjson');
    const lines = [
      '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":85100}',
      'not json',
      '{"kind":"price","ts":1769693112000,"source":"bybit","symbol":"BTC","price":84996.2}',
      '{"kind":"liquidation","ts":1769693520000,"source":"hyperliquid","symbol":"BTC","side":"long","price":84720,"qty":373.47,"notionalUsd":31640000}',
      '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC"}',
    ];
    writeFileSync(f, lines.join('\n') + '\n');
    const r = cli([f, '--json']);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => `${o.type}:${o.kind ?? ''}`)).toEqual(['alert:level_break', 'alert:large_liquidation', 'summary:']);
    expect(out[0]).toMatchObject({ kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: 1769693112000, data: { level: 85000, direction: 'down', price: 84996.2 } });
    expect(Object.keys(out[0]).sort()).toEqual(['data', 'kind', 'severity', 'symbol', 'text', 'title', 'ts', 'type']);
    const err = r.stderr.trim().split('\n');
    expect(err[err.length - 1]).toBe('rejected 2 lines');
    expect(r.stderr).toMatch(/:2: rejected: invalid JSON/);
    expect(r.stderr).toMatch(/:5: rejected: missing price/);
  });

  it('reads a gzipped file (a recorded day) as the plain one, rejections named by the .gz file', () => {
    const plain = join(dir, 'day.ndjson');
    writeFileSync(plain, ['{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":85100}', 'not json', '{"kind":"price","ts":1769693112000,"source":"bybit","symbol":"BTC","price":84996.2}'].join('\n') + '\n');
    const gz = join(dir, 'day.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = cli([plain, '--json']);
    const b = cli([gz, '--json']);
    expect(b.status).toBe(0);
    expect(b.stdout).toContain('"kind":"level_break"');
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(`${gz}:2: rejected: invalid JSON: Unexpected token 'o', "not json" is not valid JSON\nrejected 1 lines\n`);
  });

  it('refuses a directory, a truncated gzip and a .gz that is not gzip: one line each, nothing on stdout', () => {
    const sub = join(dir, 'days');
    mkdirSync(sub, { recursive: true });
    const whole = gzipSync(readFileSync(crashFile));
    const truncated = join(dir, 'cut.ndjson.gz');
    writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
    const fake = join(dir, 'fake.ndjson.gz');
    writeFileSync(fake, '{"kind":"price","ts":1769693100000,"source":"bybit","symbol":"BTC","price":85100}\n');
    const cases: Array<[string, RegExp]> = [
      [sub, /is a directory: replay takes one file \(npm run backtest -- .* replays the days in it\)/],
      [truncated, /cut\.ndjson\.gz: truncated gzip/],
      [fake, /fake\.ndjson\.gz: not gzip/],
    ];
    for (const [file, reason] of cases) {
      const r = cli([file, '--json']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(reason);
    }
  });

  it('refuses a bad rules file naming every problem, and exits non-zero', () => {
    const rules = join(dir, 'bad-rules.yaml');
    writeFileSync(rules, 'levelBreak:\n  hysteresisPct: -1\nliquidations:\n  dominantShare: 2\nbogus: 1\n');
    const r = cli([crashFile, '--rules', rules]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/levelBreak\.hysteresisPct/);
    expect(r.stderr).toMatch(/liquidations\.dominantShare/);
    expect(r.stderr).toMatch(/bogus/);
    expect(r.stdout).toBe('');
  });

  it('applies a rules file: a lower BTC step fires more levels', () => {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'assets:\n  BTC:\n    levelStep: 1000\n');
    const f = join(dir, 'steps.ndjson');
    writeFileSync(f, ['{"kind":"price","ts":1769693100000,"source":"a","symbol":"BTC","price":86100}', '{"kind":"price","ts":1769693101000,"source":"a","symbol":"BTC","price":84900}'].join('\n'));
    const out = cli([f, '--json', '--rules', rules]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.filter((o) => o.kind === 'level_break').map((o) => o.data.level)).toEqual([86000, 85000]);
  });
});
