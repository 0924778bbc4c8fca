import type { AlertEvent } from '../alerts/types.js';
import { DAY_MS, utcDate } from '../record/day-files.js';

/** Counts are alerts by kind and by severity. */
export interface Counts {
  alerts: Record<string, number>;
  bySeverity: Record<string, number>;
  total: number;
}

/** CompactAlert is what a backtest keeps of each alert: enough to name it and to tell two rules files' alerts apart (`id` is deterministic). */
export type CompactAlert = Pick<AlertEvent, 'id' | 'kind' | 'severity' | 'symbol' | 'ts' | 'title'>;

/** Tally is a backtest's alerts per UTC day (every day that had events), per rule, and the alerts themselves. */
export interface Tally {
  days: Record<string, Counts>;
  rules: Record<string, number>;
  alerts: CompactAlert[];
}

/** WeekCounts are the alerts of one ISO week (Monday to Sunday, UTC). */
export interface WeekCounts extends Counts {
  week: string;
  from: string;
  to: string;
}

export function emptyCounts(): Counts {
  return { alerts: {}, bySeverity: {}, total: 0 };
}

function add(c: Counts, kind: string, severity: string, n = 1): void {
  c.alerts[kind] = (c.alerts[kind] ?? 0) + n;
  c.bySeverity[severity] = (c.bySeverity[severity] ?? 0) + n;
  c.total += n;
}

/** sumCounts adds up counts (a week, the whole run). */
export function sumCounts(list: readonly Counts[]): Counts {
  const out = emptyCounts();
  for (const c of list) {
    for (const [k, n] of Object.entries(c.alerts)) out.alerts[k] = (out.alerts[k] ?? 0) + n;
    for (const [s, n] of Object.entries(c.bySeverity)) out.bySeverity[s] = (out.bySeverity[s] ?? 0) + n;
    out.total += c.total;
  }
  return out;
}

/**
 * ruleName names the rule (or threshold) that fired an alert, for "the noisiest rules": its id without the time,
 * a level break without its level (one rule per asset and direction), a whale alert without its account.
 */
export function ruleName(a: Pick<AlertEvent, 'id' | 'kind' | 'severity' | 'symbol'>): string {
  const parts = a.id.split(':');
  switch (a.kind) {
    case 'level_break':
      return `level_break ${a.symbol} ${parts[3]}`;
    case 'pct_move':
    case 'leverage_flush':
      return `${a.kind} ${a.symbol} ${windowName(Number(parts[2]))} ${Number(parts[3]) > 0 ? '+' : ''}${parts[3]}%`;
    case 'liquidations':
      return `liquidations ${windowName(Number(parts[1]))} ≥ $${Number(parts[2]).toLocaleString('en-US')}`;
    case 'cascade':
      return `cascade ${parts[1]}`;
    case 'whale':
      return `whale ${parts[3]} ${a.severity}`;
    default:
      return `${a.kind} ${a.severity}`;
  }
}

function windowName(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/** TallyBuilder counts a backtest's alerts on the UTC date of their `ts` (DESIGN §3), and the days that had events. */
export class TallyBuilder {
  private readonly t: Tally = { days: {}, rules: {}, alerts: [] };

  /** day notes a UTC day that had events (shown even with no alert). */
  day(date: string): void {
    this.t.days[date] ??= emptyCounts();
  }

  alert(a: AlertEvent): void {
    const date = utcDate(a.ts);
    add((this.t.days[date] ??= emptyCounts()), a.kind, a.severity);
    const rule = ruleName(a);
    this.t.rules[rule] = (this.t.rules[rule] ?? 0) + 1;
    this.t.alerts.push({ id: a.id, kind: a.kind, severity: a.severity, symbol: a.symbol, ts: a.ts, title: a.title });
  }

  result(): Tally {
    return this.t;
  }
}

/** sortedDays lists the tally's dates in order. */
export function sortedDays(t: Tally): string[] {
  return Object.keys(t.days).sort();
}

/** isoWeek names the ISO week of a `YYYY-MM-DD` date (`2026-W05`) with its Monday and Sunday. */
export function isoWeek(date: string): { week: string; from: string; to: string } {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  const monday = ms - dow * DAY_MS;
  const thursday = monday + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { week: `${year}-W${String(week).padStart(2, '0')}`, from: utcDate(monday), to: utcDate(monday + 6 * DAY_MS) };
}

/** weekTotals sums the days into ISO weeks, in order. */
export function weekTotals(t: Tally): WeekCounts[] {
  const weeks = new Map<string, { w: ReturnType<typeof isoWeek>; days: Counts[] }>();
  for (const d of sortedDays(t)) {
    const w = isoWeek(d);
    const e = weeks.get(w.week) ?? { w, days: [] };
    e.days.push(t.days[d]);
    weeks.set(w.week, e);
  }
  return [...weeks.values()].map(({ w, days }) => ({ ...w, ...sumCounts(days) }));
}

/** noisiest lists the rules that fired most, most first (ties by name). */
export function noisiest(t: Tally, n: number): Array<{ rule: string; count: number }> {
  return Object.entries(t.rules).map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1)).slice(0, n);
}
