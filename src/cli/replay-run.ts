import type { RulesConfig } from '../config/rules-schema.js';
import { renderAlert } from '../i18n/alerts.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale.js';
import { localSummaryDoc, summaryText } from '../i18n/summary.js';
import { startFastRead, type FastReadOptions, type FastReadStats, type ReadSplit } from '../market/ndjson-parallel.js';
import type { ReadStats } from '../market/ndjson.js';
import { Engine } from '../rules/engine.js';
import { buildSummary } from '../summary/index.js';
import type { Summary } from '../summary/types.js';
import { NO_ALERTS, type AlertEvent } from '../alerts/types.js';
import { formatAlertHuman, formatSummaryHuman, noAlertsLine, painter } from './human.js';

/** MAX_REJECTION_REPORTS caps per-line reports on stderr; the total is always printed last. */
export const MAX_REJECTION_REPORTS = 100;
/** Alert lines are written in batches of about this many characters (64 KiB of ASCII). */
const OUT_BATCH_CHARS = 64 * 1024;

/** ReplayOptions says what to replay and where to write. */
export interface ReplayOptions {
  file: string;
  /** The file's name in messages (default `file`): a decompressed copy is reported under the name the user gave. */
  shownAs?: string;
  rules: RulesConfig;
  json: boolean;
  color: boolean;
  write: (s: string) => void;
  writeErr: (s: string) => void;
  /** The language and zone every text is written in (default en on UTC); `data` never depends on it. */
  locale?: Locale;
  /** Who reads the file: `auto` (a second thread for a large file on a multi-core machine), `inline` or `worker`; the output is the same. */
  reader?: FastReadOptions['reader'];
}

/** ReplayResult is what a replay saw and produced. */
export interface ReplayResult {
  stats: ReadStats;
  alerts: AlertEvent[];
  summary: Summary;
  /** The summary as printed, in the replay's language and zone. */
  summaryText: string;
  /** How a two-thread read spent its time (null: read on one thread). */
  split: ReadSplit | null;
}

/** alertJson is the replay's JSON line for an alert (DESIGN §3), without internal fields. */
export function alertJson(a: AlertEvent): string {
  return JSON.stringify({ type: 'alert', kind: a.kind, severity: a.severity, symbol: a.symbol, ts: a.ts, title: a.title, text: a.text, data: a.data });
}

/** runReplay feeds FILE through the engine, printing every alert in order, then the summary, in `o.locale`. */
export function runReplay(o: ReplayOptions): ReplayResult {
  const locale = o.locale ?? DEFAULT_LOCALE;
  const sameLocale = locale.lang === DEFAULT_LOCALE.lang && locale.tz === DEFAULT_LOCALE.tz;
  // The reader thread (a large file) boots while the engine is built.
  const read = startFastRead(o.file, { reuseEvents: true, reader: o.reader }); // the engine copies what it keeps
  let engine: Engine;
  try {
    engine = new Engine(o.rules);
  } catch (err) {
    read.cancel();
    throw err;
  }
  const paint = painter(o.color);
  const alerts: AlertEvent[] = [];
  let reported = 0;
  // Alerts go out in batches of about OUT_BATCH_CHARS (one write per alert cost more than the rules on a busy day);
  // the batch is flushed before anything else is written and at the end, so the order is the same.
  let pending = '';
  const flush = () => {
    if (pending.length > 0) o.write(pending);
    pending = '';
  };
  // Apart from the per-event callback (which the engine is inlined into): the alert lists it reads come in several shapes.
  const emit = (fired: AlertEvent[]) => {
    for (const a of fired) {
      alerts.push(a);
      // Written as it fires: a cascade's trigger list keeps growing afterwards. In English on UTC the engine
      // has just written these words (withTexts, from the same data): only another locale renders again.
      const shown = sameLocale ? a : { ...a, ...renderAlert(a, locale) };
      pending += o.json ? alertJson(shown) + '\n' : formatAlertHuman(shown, locale, paint) + '\n';
      if (pending.length >= OUT_BATCH_CHARS) flush();
    }
  };
  let stats: FastReadStats;
  try {
    stats = read.run(
      (ev) => {
        const fired = engine.ingest(ev);
        if (fired !== NO_ALERTS) emit(fired);
      },
      (r) => {
        if (reported++ < MAX_REJECTION_REPORTS) {
          flush();
          o.writeErr(`${o.shownAs ?? o.file}:${r.line}: rejected: ${r.reason}\n`);
        }
      },
    );
  } finally {
    flush();
  }
  if (reported > MAX_REJECTION_REPORTS) o.writeErr(`… ${reported - MAX_REJECTION_REPORTS} more rejected lines not shown\n`);
  const h = engine.history;
  const from = Number.isNaN(h.firstTs) ? 0 : h.firstTs;
  const to = engine.market.clock;
  const summary = buildSummary(engine, from, to);
  const doc = localSummaryDoc(summary.data, locale);
  const text = summaryText(doc);
  if (o.json) o.write(JSON.stringify({ type: 'summary', ts: summary.ts, title: doc.title, text, data: summary.data }) + '\n');
  else o.write(`${alerts.length === 0 ? `${noAlertsLine(locale)}\n` : ''}\n${formatSummaryHuman(text, paint)}\n`);
  o.writeErr(`rejected ${stats.rejected} lines\n`);
  const { split, ...counts } = stats;
  return { stats: counts, alerts, summary, summaryText: text, split };
}
