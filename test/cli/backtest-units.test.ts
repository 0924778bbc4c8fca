import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_SCHEMA } from '../../src/config/env.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import { CliUsageError } from '../../src/cli/args.js';
import { parseBacktestArgs } from '../../src/cli/backtest-args.js';
import { gunzipReason } from '../../src/cli/gzip-input.js';
import { diffAlerts } from '../../src/cli/backtest-report.js';
import { isoWeek, noisiest, ruleName, TallyBuilder, weekTotals } from '../../src/cli/backtest-tally.js';
import { runBacktestCli } from './backtest-days.js';

const alert = (id: string, kind: AlertEvent['kind'], severity: AlertEvent['severity'], symbol: string | null, ts: number): AlertEvent =>
  ({ id, kind, severity, symbol, ts, title: id, text: '', data: {} });

describe('backtest pieces', () => {
  it.each([
    ['level_break:BTC:85000:down:1769693112000', 'level_break', 'warning', 'BTC', 'level_break BTC down'],
    ['pct_move:ETH:3600000:-3:1769693112000', 'pct_move', 'warning', 'ETH', 'pct_move ETH 1h -3%'],
    ['pct_move:BTC:86400000:5:1769693112000', 'pct_move', 'info', 'BTC', 'pct_move BTC 24h +5%'],
    ['liquidations:3600000:100000000:1769693112000', 'liquidations', 'warning', null, 'liquidations 1h ≥ $100,000,000'],
    ['leverage_flush:BTC:3600000:-5:1769693112000', 'leverage_flush', 'warning', 'BTC', 'leverage_flush BTC 1h -5%'],
    ['cascade:down:1769693112000', 'cascade', 'critical', null, 'cascade down'],
    ['whale:0xabc:BTC:near_liquidation:warning:1769693112000', 'whale', 'warning', 'BTC', 'whale near_liquidation warning'],
    ['large_liquidation:bybit:BTC:long:1769693112000:12000000', 'large_liquidation', 'warning', 'BTC', 'large_liquidation warning'],
  ] as const)('names the rule of %s', (id, kind, severity, symbol, name) => {
    expect(ruleName(alert(id, kind, severity, symbol, 0))).toBe(name);
  });

  it.each([
    ['2026-01-29', '2026-W05', '2026-01-26', '2026-02-01'],
    ['2026-01-01', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2027-01-01', '2026-W53', '2026-12-28', '2027-01-03'],
  ])('puts %s in ISO week %s', (date, week, from, to) => {
    expect(isoWeek(date)).toEqual({ week, from, to });
  });

  it('counts alerts on the UTC date of their ts, per week and per rule, and diffs two runs by id', () => {
    const t = new TallyBuilder();
    t.day('2026-01-28');
    const a = alert('pct_move:BTC:3600000:-3:1', 'pct_move', 'warning', 'BTC', Date.UTC(2026, 0, 29, 23, 59));
    const b = alert('pct_move:BTC:3600000:-3:2', 'pct_move', 'warning', 'BTC', Date.UTC(2026, 0, 30, 0, 1));
    const c = alert('cascade:down:3', 'cascade', 'critical', null, Date.UTC(2026, 1, 2));
    for (const x of [a, b, c]) t.alert(x);
    const r = t.result();
    expect(Object.keys(r.days).sort()).toEqual(['2026-01-28', '2026-01-29', '2026-01-30', '2026-02-02']);
    expect(r.days['2026-01-29']).toEqual({ alerts: { pct_move: 1 }, bySeverity: { warning: 1 }, total: 1 });
    expect(weekTotals(r).map((w) => [w.week, w.total])).toEqual([['2026-W05', 2], ['2026-W06', 1]]);
    expect(noisiest(r, 1)).toEqual([{ rule: 'pct_move BTC 1h -3%', count: 2 }]);
    const other = new TallyBuilder();
    other.alert(b);
    expect(diffAlerts(r, other.result()).onlyA.map((x) => x.id)).toEqual([a.id, c.id]);
    expect(diffAlerts(r, other.result()).onlyB).toEqual([]);
  });

  it('reads its command line, and refuses a bad one with the reason', () => {
    expect(parseBacktestArgs(['a', 'dir/', '--rules=x.yaml', '--compare', 'y.yaml', '--json', '--chart', 'c.png', '--top', '3'])).toEqual({
      inputs: ['a', 'dir/'], rules: 'x.yaml', compare: 'y.yaml', json: true, chart: 'c.png', top: 3, help: false,
    });
    expect(() => parseBacktestArgs(['--compare'])).toThrow(new CliUsageError('--compare needs a value, e.g. --compare tighter.yaml'));
    expect(() => parseBacktestArgs(['--top', 'many'])).toThrow(/--top needs a whole number/);
    expect(() => parseBacktestArgs(['--bogus'])).toThrow('unknown option --bogus');
  });

  it('names what is wrong with a gzip zlib refused', () => {
    expect(gunzipReason({ code: 'Z_BUF_ERROR', message: 'unexpected end of file' })).toMatch(/^truncated gzip/);
    expect(gunzipReason({ code: 'Z_DATA_ERROR', message: 'incorrect header check' })).toMatch(/^not gzip/);
    expect(gunzipReason({ code: 'Z_DATA_ERROR', message: 'invalid distance too far back' })).toBe('corrupt gzip (Z_DATA_ERROR: invalid distance too far back)');
  });

  it('--help lists every option; a bad option exits 2 with the usage', async () => {
    const help = await runBacktestCli(['--help']);
    expect(help.code).toBe(0);
    for (const o of ['--rules', '--compare', '--json', '--chart', '--progress', '--top']) expect(help.stdout).toContain(o);
    const bad = await runBacktestCli(['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^backtest: unknown option --nope\n\nUsage: npm run backtest/);
  }, 60_000);

  it('README, .env.example and --help say the same as the code', async () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(example).toMatch(new RegExp(`^RECORD_RETENTION_DAYS=${ENV_SCHEMA.shape.RECORD_RETENTION_DAYS.parse(undefined)}$`, 'm'));
    expect(example).toMatch(new RegExp(`^RECORD_FLUSH_MS=${ENV_SCHEMA.shape.RECORD_FLUSH_MS.parse(undefined)}$`, 'm'));
    expect(example).toMatch(/^# RECORD_DIR=$/m);
    expect(readme).toContain('`RECORD_RETENTION_DAYS` (90; 0 keeps all)');
    const usage = (await runBacktestCli(['--help'])).stdout.split('\n')[0];
    expect(readme).toContain(usage.replace('Usage: ', ''));
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.backtest).toBe('tsx src/cli/backtest.ts');
  }, 60_000);
});
