import type { RulesConfig } from '../config/rules-schema.js';
import { readEvents, type ReadStats } from '../market/ndjson.js';
import { Engine } from '../rules/engine.js';
import { DEFAULT_LOCALE } from '../i18n/locale.js';
import { localSummaryDoc } from '../i18n/summary.js';
import { buildSummary } from '../summary/index.js';
import type { Summary } from '../summary/types.js';
import type { AlertEvent } from '../alerts/types.js';
import { formatAlertHuman, formatSummaryHuman, painter } from './human.js';

/** MAX_REJECTION_REPORTS caps per-line reports on stderr; the total is always printed last. */
export const MAX_REJECTION_REPORTS = 100;

/** ReplayOptions says what to replay and where to write. */
export interface ReplayOptions {
  file: string;
  rules: RulesConfig;
  json: boolean;
  color: boolean;
  write: (s: string) => void;
  writeErr: (s: string) => void;
}

/** ReplayResult is what a replay saw and produced. */
export interface ReplayResult {
  stats: ReadStats;
  alerts: AlertEvent[];
  summary: Summary;
}

/** alertJson is the replay's JSON line for an alert (DESIGN §3), without internal fields. */
export function alertJson(a: AlertEvent): string {
  return JSON.stringify({ type: 'alert', kind: a.kind, severity: a.severity, symbol: a.symbol, ts: a.ts, title: a.title, text: a.text, data: a.data });
}

/** runReplay feeds FILE through the engine, printing every alert in order, then the summary. */
export function runReplay(o: ReplayOptions): ReplayResult {
  const engine = new Engine(o.rules);
  const paint = painter(o.color);
  const alerts: AlertEvent[] = [];
  let reported = 0;
  const stats = readEvents(
    o.file,
    (ev) => {
      const fired = engine.ingest(ev);
      for (const a of fired) {
        alerts.push(a);
        o.write(o.json ? alertJson(a) + '\n' : formatAlertHuman(a, paint) + '\n');
      }
    },
    (r) => {
      if (reported++ < MAX_REJECTION_REPORTS) o.writeErr(`${o.file}:${r.line}: rejected: ${r.reason}\n`);
    },
    { reuseEvents: true }, // the engine copies what it keeps
  );
  if (reported > MAX_REJECTION_REPORTS) o.writeErr(`… ${reported - MAX_REJECTION_REPORTS} more rejected lines not shown\n`);
  const h = engine.history;
  const from = Number.isNaN(h.firstTs) ? 0 : h.firstTs;
  const to = engine.market.clock;
  const summary = buildSummary(engine, from, to, {}, (d) => localSummaryDoc(d, DEFAULT_LOCALE));
  if (o.json) o.write(JSON.stringify({ type: 'summary', ts: summary.ts, title: summary.title, text: summary.text, data: summary.data }) + '\n');
  else o.write(`${alerts.length === 0 ? 'No alerts fired.\n' : ''}\n${formatSummaryHuman(summary, paint)}\n`);
  o.writeErr(`rejected ${stats.rejected} lines\n`);
  return { stats, alerts, summary };
}
