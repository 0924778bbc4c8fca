import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { planInputs } from '../../src/cli/backtest-plan.js';
import { runBacktest, type BacktestResult } from '../../src/cli/backtest-run.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { countColor, decodePng } from '../render/png.js';
import { dateOf, runBacktestCli, writeDemoDays, writeText } from './backtest-days.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-backtest-'));
const daysDir = join(dir, 'days');
let texts: string[] = [];
let separate: BacktestResult;
let oneFile = '';

/** replay plans the inputs and replays them in this process with the default rules, collecting the one-line notes. */
async function replay(inputs: string[]): Promise<{ result: BacktestResult; notes: string[] }> {
  const plan = planInputs(inputs);
  const notes = [...plan.notes];
  const result = await runBacktest({ files: plan.files, rules: DEFAULT_RULES, note: (l) => notes.push(l) });
  return { result, notes };
}

const ids = (r: BacktestResult) => r.tally.alerts.map((a) => a.id);
const jsonLines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(async () => {
  // A calm day, the crash day, another calm day: 2026-01-28, -29, -30.
  texts = writeDemoDays(dir, [{ calm: true, seed: 1, shiftDays: -1 }, { shiftDays: 0 }, { calm: true, seed: 2, shiftDays: 1 }]);
  mkdirSync(daysDir);
  writeText(daysDir, `${dateOf(-1)}.ndjson`, texts[0]);
  writeText(daysDir, `${dateOf(0)}.ndjson.gz`, gzipSync(texts[1]));
  writeText(daysDir, `${dateOf(1)}.ndjson`, texts[2]);
  oneFile = writeText(dir, 'all.ndjson', texts.join(''));
  separate = (await replay([daysDir])).result;
}, 480_000);

describe('backtest over several days', () => {
  it('gives the same alerts for the days as separate files (one gzipped) as for one file', async () => {
    const one = (await replay([oneFile])).result;
    expect(separate.filesReplayed).toBe(3);
    expect(ids(separate).length).toBeGreaterThan(10);
    expect(ids(separate)).toEqual(ids(one));
    expect(separate.tally.days).toEqual(one.tally.days);
    expect(separate.events).toBe(one.events);
    expect(separate.skipped).toBe(0);
    expect(Object.keys(separate.tally.days)).toEqual([dateOf(-1), dateOf(0), dateOf(1)]);
  }, 480_000);

  it('prints one day line per UTC day and one total line with --json, nothing else on stdout', async () => {
    const r = await runBacktestCli([daysDir, '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.type)).toEqual(['day', 'day', 'day', 'total']);
    expect(lines.slice(0, 3).map((l) => l.date)).toEqual([dateOf(-1), dateOf(0), dateOf(1)]);
    for (const l of lines.slice(0, 3)) expect(l).toEqual({ type: 'day', date: l.date, alerts: separate.tally.days[l.date].alerts, bySeverity: separate.tally.days[l.date].bySeverity });
    expect(lines[1].alerts.cascade).toBeGreaterThan(0);
    expect(lines[3].total).toBe(ids(separate).length);
    expect(r.stderr).not.toMatch(/events\/s/); // quiet with --json
  }, 480_000);

  it('--compare of the default rules with themselves (written out as a rules file) shows zero differences, in two threads', async () => {
    const defaults = writeText(dir, 'defaults.json', JSON.stringify(DEFAULT_RULES));
    const r = await runBacktestCli([daysDir, '--compare', defaults, '--json', '--progress']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const total = lines.pop()!;
    expect(lines.map((l) => l.date)).toEqual([dateOf(-1), dateOf(0), dateOf(1)]);
    expect(total.total).toBe(ids(separate).length);
    expect(r.stderr).not.toMatch(/skipped/);
    expect(total.onlyRules).toEqual([]);
    expect(total.onlyCompare).toEqual([]);
    for (const d of lines) expect(d.compare).toEqual({ alerts: d.alerts, bySeverity: d.bySeverity });
    expect(total.compare.total).toBe(total.total);
    expect(r.stderr).toMatch(/3\/3 files, [\d,]+ events, [\d,]+ events\/s, ETA/);
  }, 480_000);

  it('a rules file with a 1h −2% threshold shows more pct_move alerts per day, side by side, with the ones only it fired and a chart', async () => {
    const minus2 = writeText(dir, 'minus2.yaml', `pctMove:
  thresholds:
    - { windowMs: 3600000, pct: -2, severity: warning }
    - { windowMs: 3600000, pct: -3, severity: warning }
    - { windowMs: 86400000, pct: -5, severity: warning }
    - { windowMs: 86400000, pct: -10, severity: critical }
    - { windowMs: 3600000, pct: 3, severity: info }
    - { windowMs: 86400000, pct: 5, severity: info }
`);
    const r = await runBacktestCli([daysDir, '--compare', minus2, '--chart', join(dir, 'compare.png'), '--top', '3']);
    expect(r.code).toBe(0);
    const j = await runBacktestCli([daysDir, '--compare', minus2, '--json']);
    const lines = jsonLines(j.stdout);
    const total = lines.pop()!;
    const crash = lines.find((l) => l.date === dateOf(0))!;
    expect(crash.compare.alerts.pct_move).toBeGreaterThan(crash.alerts.pct_move ?? 0);
    for (const d of lines) expect(d.compare.alerts.pct_move ?? 0).toBeGreaterThanOrEqual(d.alerts.pct_move ?? 0);
    expect(total.onlyCompare.length).toBeGreaterThan(0);
    expect(total.onlyCompare.every((a: { id: string }) => a.id.includes(':3600000:-2:') || !a.id.startsWith('pct_move'))).toBe(true);
    expect(total.onlyCompare.some((a: { id: string }) => a.id.includes(':3600000:-2:'))).toBe(true);
    // The human report shows both side by side and names what only one fired.
    expect(r.stdout).toMatch(/Rules: default vs .*minus2\.yaml/);
    expect(r.stdout).toMatch(new RegExp(`Only .*minus2\\.yaml fired: ${total.onlyCompare.length} alerts`));
    expect(r.stdout).toMatch(/warning\s+pct_move\s+BTC falls −2\.0% in 1h/);
    // Per day (both side by side), per week, the noisiest rules of each.
    expect(r.stdout).toMatch(new RegExp(`^${dateOf(0)}\\s+\\d+/\\d+`, 'm'));
    expect(r.stdout).toMatch(/2026-W05 \(2026-01-26 to 2026-02-01\): \d+ alerts \(\d+ critical, \d+ warning, \d+ info\)/);
    const noisy = r.stdout.split('Noisiest rules (default):')[1].split('\n\n')[0].split('\n').filter((l) => /^\s+\d+\s+\S/.test(l));
    expect(noisy).toHaveLength(3);
    const png = decodePng(readFileSync(join(dir, 'compare.png')));
    expect([png.width, png.height]).toEqual([1200, 700]);
    // Look at it: the crash day's slot (the middle third of the plot) has pct_move's blue bars; the quiet first day has none.
    const slot = (i: number) => ({ x0: Math.round(90 + (i * 1070) / 3), x1: Math.round(90 + ((i + 1) * 1070) / 3), y0: 150, y1: 610 });
    expect(countColor(png, '#58a6ff', slot(1), 8)).toBeGreaterThan(500);
    expect(countColor(png, '#58a6ff', slot(0), 8)).toBe(0);
  }, 480_000);
});

describe('backtest on bad input: one clear line naming the file and the reason, nothing counted twice', () => {
  const bad = join(dir, 'bad');
  /** The crash day's lines from `fromH` to `toH` (UTC hours) as NDJSON text. */
  const hours = (fromH: number, toH: number) => {
    const t0 = Date.UTC(2026, 0, 29);
    return texts[1].split('\n').filter((l) => {
      const ts = Number(/"ts":(\d+)/.exec(l)?.[1]);
      return ts >= t0 + fromH * 3_600_000 && ts < t0 + toH * 3_600_000;
    }).join('\n') + '\n';
  };
  let crashOnly: BacktestResult;
  beforeAll(async () => {
    mkdirSync(bad);
    crashOnly = (await replay([writeText(dir, 'crash.ndjson', texts[1])])).result;
  }, 480_000);

  it('skips a truncated gzip and a .gz that is not gzip, whole', async () => {
    const gz = gzipSync(texts[1]);
    const cut = writeText(bad, 'cut.ndjson.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const fake = writeText(bad, 'fake.ndjson.gz', texts[1].slice(0, 5000));
    const calm = writeText(bad, 'calm.ndjson', texts[0]);
    const { result, notes } = await replay([calm, cut, fake]);
    expect(notes).toContain(`${fake}: skipped: not gzip (it does not start with the gzip magic bytes 1f 8b) although named .gz`);
    expect(notes).toContain(`${cut}: skipped: truncated gzip (unexpected end of file): nothing from it was replayed; copy it again`);
    expect(result.filesReplayed).toBe(1);
    expect(ids(result)).toEqual(ids((await replay([calm])).result));
  }, 480_000);

  it('skips the files of a directory that are not NDJSON, one line each, and reads a gzipped day by its bytes', async () => {
    const d = join(dir, 'mixed');
    mkdirSync(d);
    writeText(d, 'README.txt', 'recordings\n');
    writeText(d, 'notes.json', '{"a":1}\n');
    mkdirSync(join(d, 'old'));
    writeText(d, 'empty.ndjson', '');
    writeText(d, 'junk.ndjson', 'this is not json\nnor this\n');
    writeText(d, '2026-01-29.ndjson', gzipSync(texts[1])); // gzipped though not named so: read by its magic bytes
    const { result, notes } = await replay([d]);
    expect(notes).toEqual([
      `${join(d, 'README.txt')}: skipped: not .ndjson or .ndjson.gz`,
      `${join(d, 'notes.json')}: skipped: not .ndjson or .ndjson.gz`,
      `${join(d, 'old')}: skipped: not .ndjson or .ndjson.gz`,
      `${join(d, 'empty.ndjson')}: skipped: empty`,
      `${join(d, 'junk.ndjson')}: skipped: no MarketEvent line in its first 256 KiB (not MarketEvent NDJSON?)`,
    ]);
    expect(ids(result)).toEqual(ids(crashOnly));
  }, 480_000);

  it('replays days given out of order in time order, and says so', async () => {
    const [a, b, c] = [0, 1, 2].map((i) => writeText(bad, `day${i}.ndjson`, texts[i]));
    const { result, notes } = await replay([c, a, b]);
    expect(notes).toEqual(['files are not in time order as given: replaying them in time order (day0.ndjson, day1.ndjson, day2.ndjson)']);
    expect(ids(result)).toEqual(ids(separate));
  }, 480_000);

  it('two files covering the same hours: the overlap is reported and counted once', async () => {
    const first = writeText(bad, 'first.ndjson', hours(0, 14));
    const second = writeText(bad, 'second.ndjson', hours(12, 24));
    const { result, notes } = await replay([second, first]);
    expect(notes.filter((n) => n.includes('covers'))).toEqual([
      `${second}: covers 2026-01-29 12:00 UTC – 2026-01-29 13:59 UTC already replayed from first.ndjson: skipped ${result.skipped.toLocaleString('en-US')} events there (nothing counted twice)`,
    ]);
    expect(result.skipped).toBeGreaterThan(10_000);
    expect(ids(result)).toEqual(ids(crashOnly));
    expect(result.tally.days).toEqual(crashOnly.tally.days);
    expect(result.events).toBe(crashOnly.events);
    // A copy of an hour already inside a whole day adds nothing either.
    const again = await replay([writeText(bad, 'hour13.ndjson', hours(13, 14)), writeText(bad, 'whole.ndjson', texts[1])]);
    expect(again.notes.some((n) => n.includes('hour13.ndjson: covers 2026-01-29 13:00 UTC'))).toBe(true);
    expect(ids(again.result)).toEqual(ids(crashOnly));
  }, 480_000);

  it('the CLI prints each of those lines on stderr and still reports the rest', async () => {
    const r = await runBacktestCli([join(dir, 'mixed'), join(bad, 'cut.ndjson.gz'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`backtest: ${join(dir, 'mixed', 'README.txt')}: skipped: not .ndjson or .ndjson.gz\n`);
    expect(r.stderr).toContain(`backtest: ${join(bad, 'cut.ndjson.gz')}: skipped: truncated gzip`);
    expect(jsonLines(r.stdout).at(-1)!.total).toBe(ids(crashOnly).length);
    const none = await runBacktestCli([join(dir, 'mixed', 'README.txt')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nothing to replay/);
  }, 480_000);

  it('refuses a --chart it could not write before replaying anything: one line, nothing on stdout', async () => {
    const cases = [
      [join(dir, 'no-such-folder', 'c.png'), `the folder ${join(dir, 'no-such-folder')} does not exist`],
      [bad, `${bad} is a directory`],
    ];
    for (const [chart, reason] of cases) {
      const r = await runBacktestCli([join(dir, 'crash.ndjson'), '--chart', chart]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`backtest: --chart: cannot write the chart: ${reason}\n`);
    }
  }, 120_000);
});
