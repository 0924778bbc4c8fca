import { ALERT_KINDS } from '../alerts/types.js';
import { formatUtc } from '../render/format.js';
import type { BacktestResult } from './backtest-run.js';
import { emptyCounts, noisiest, sortedDays, sumCounts, weekTotals, type CompactAlert, type Counts, type Tally } from './backtest-tally.js';

/** MAX_LISTED caps the alerts listed by name in the human report (`--json` lists them all). */
const MAX_LISTED = 20;
const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** Side is one rules file's run: its label (the file, or "default") and result. */
export interface Side {
  label: string;
  result: BacktestResult;
}

/** Diff is the alerts only one of two rules files fired (matched by their deterministic ids). */
export interface Diff {
  onlyA: CompactAlert[];
  onlyB: CompactAlert[];
}

/** diffAlerts matches two runs' alerts by id: what fired under one rules file and not the other. */
export function diffAlerts(a: Tally, b: Tally): Diff {
  const inA = new Set(a.alerts.map((x) => x.id));
  const inB = new Set(b.alerts.map((x) => x.id));
  return { onlyA: a.alerts.filter((x) => !inB.has(x.id)), onlyB: b.alerts.filter((x) => !inA.has(x.id)) };
}

const num = (n: number) => n.toLocaleString('en-US');

function allDays(sides: readonly Side[]): string[] {
  return [...new Set(sides.flatMap((s) => sortedDays(s.result.tally)))].sort();
}

function countsOf(s: Side, day: string): Counts {
  return s.result.tally.days[day] ?? emptyCounts();
}

function totalOf(s: Side): Counts {
  return sumCounts(Object.values(s.result.tally.days));
}

/** jsonReport is `--json`: one `day` line per UTC day that had events, then one `total` line (DESIGN §3); with `--compare`, each carries the second file's counts under `compare`. */
export function jsonReport(sides: readonly Side[], top: number): string {
  const [a, b] = sides;
  const lines: string[] = [];
  const pick = (c: Counts) => ({ alerts: c.alerts, bySeverity: c.bySeverity });
  for (const date of allDays(sides)) {
    lines.push(JSON.stringify({ type: 'day', date, ...pick(countsOf(a, date)), ...(b ? { compare: pick(countsOf(b, date)) } : {}) }));
  }
  const sideTotal = (s: Side) => ({
    rules: s.label, ...pick(totalOf(s)), total: totalOf(s).total,
    weeks: weekTotals(s.result.tally).map((w) => ({ week: w.week, from: w.from, to: w.to, total: w.total, ...pick(w) })),
    noisiest: noisiest(s.result.tally, top),
  });
  const r = a.result;
  const total: Record<string, unknown> = { type: 'total', days: allDays(sides).length, events: r.events, rejected: r.rejected, skipped: r.skipped, files: r.filesReplayed, ...sideTotal(a) };
  if (b) {
    const d = diffAlerts(a.result.tally, b.result.tally);
    total.compare = sideTotal(b);
    total.onlyRules = d.onlyA;
    total.onlyCompare = d.onlyB;
  }
  lines.push(JSON.stringify(total));
  return `${lines.join('\n')}\n`;
}

/** humanReport is the terminal report: per day the alerts per kind and severity, per week, the noisiest rules, and with two rules files both side by side and what only one fired. */
export function humanReport(sides: readonly Side[], top: number): string {
  const [a, b] = sides;
  const days = allDays(sides);
  const kinds = ALERT_KINDS.filter((k) => sides.some((s) => (totalOf(s).alerts[k] ?? 0) > 0));
  const cell = (f: (s: Side) => number) => (b ? `${f(a)}/${f(b)}` : String(f(a)));
  const header = ['date', 'alerts', ...SEVERITIES, ...kinds];
  const rows = days.map((d) => [d, cell((s) => countsOf(s, d).total), ...SEVERITIES.map((v) => cell((s) => countsOf(s, d).bySeverity[v] ?? 0)), ...kinds.map((k) => cell((s) => countsOf(s, d).alerts[k] ?? 0))]);
  const out: string[] = [];
  const r = a.result;
  const span = days.length > 0 ? `${days[0]} to ${days[days.length - 1]}, ` : '';
  out.push(`Backtest of ${num(r.filesReplayed)} file${r.filesReplayed === 1 ? '' : 's'} (${span}${num(days.length)} day${days.length === 1 ? '' : 's'}, ${num(r.events)} events, ${num(r.rejected)} rejected lines${r.skipped > 0 ? `, ${num(r.skipped)} events skipped as already covered` : ''})`);
  out.push(b ? `Rules: ${a.label} vs ${b.label} (each cell: ${a.label} / ${b.label})` : `Rules: ${a.label}`, '');
  out.push(...table(header, rows), '');
  for (const s of sides) {
    out.push(`Per week${b ? ` (${s.label})` : ''}:`);
    for (const w of weekTotals(s.result.tally)) out.push(`  ${w.week} (${w.from} to ${w.to}): ${num(w.total)} alerts (${SEVERITIES.map((v) => `${num(w.bySeverity[v] ?? 0)} ${v}`).join(', ')})`);
    const t = totalOf(s);
    out.push(`  total: ${num(t.total)} alerts, ${days.length > 0 ? (t.total / days.length).toFixed(1) : '0'} a day`, '');
    out.push(`Noisiest rules${b ? ` (${s.label})` : ''}:`);
    const noisy = noisiest(s.result.tally, top);
    if (noisy.length === 0) out.push('  none fired');
    for (const n of noisy) out.push(`  ${String(n.count).padStart(6)}  ${n.rule}`);
    out.push('');
  }
  if (b) {
    const d = diffAlerts(a.result.tally, b.result.tally);
    out.push(...listed(`Only ${a.label} fired`, d.onlyA), '', ...listed(`Only ${b.label} fired`, d.onlyB), '');
  }
  return `${out.join('\n')}\n`;
}

function listed(title: string, alerts: readonly CompactAlert[]): string[] {
  const out = [`${title}: ${num(alerts.length)} alert${alerts.length === 1 ? '' : 's'}`];
  for (const x of alerts.slice(0, MAX_LISTED)) out.push(`  ${formatUtc(x.ts)}  ${x.severity.padEnd(8)} ${x.kind.padEnd(17)} ${x.title}`);
  if (alerts.length > MAX_LISTED) out.push(`  … and ${num(alerts.length - MAX_LISTED)} more (--json lists them all)`);
  return out;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}
