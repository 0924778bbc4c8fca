import type { MarketEvent } from '../market/types.js';
import { DedupWindow, eventKey } from './dedup.js';
import type { SourceHealth } from './health.js';
import { describeGap, describeReject, describeTransition } from './report.js';
import type { FeedKind, Gap, ParseResult, RejectReason, Rejection, SourceLogger, SourceSink, Transition } from './types.js';

/** LOG_LINES_PER_MINUTE caps the log lines per source and reason in a minute; every rejection is still counted. */
export const LOG_LINES_PER_MINUTE = 50;
/**
 * OUTAGE_REASONS are the faults that repeat on every retry while a venue is out of reach (no network, DNS,
 * a refused or dropped connection, a 5xx): the first one is logged with what happens next, the rest are
 * counted, and one line says when the venue delivers again (issue 11: not 80 warning lines in 25 s).
 */
const OUTAGE_REASONS: ReadonlySet<RejectReason> = new Set(['network', 'timeout', 'http_5xx', 'ws_closed', 'ws_not_ready', 'ws_silent']);

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** OutletDeps are what every collector of one process shares. */
export interface OutletDeps {
  sink: SourceSink;
  log: SourceLogger;
  health: SourceHealth;
  now: () => number;
  /** Base assets to follow; price and liquidation events for others are skipped (indices always pass). */
  symbols?: ReadonlySet<string>;
}

/**
 * SourceOutlet is the one door from a venue into the app: it drops duplicates, keeps followed symbols,
 * counts and logs every rejection with one clear line, records gaps and freshness, and never lets a
 * throwing sink escape.
 */
export class SourceOutlet {
  private readonly dedup = new DedupWindow();
  private readonly logBudget = new Map<string, { minute: number; lines: number }>();

  constructor(readonly source: string, private readonly deps: OutletDeps) {}

  /** watch starts the freshness clock for one of this source's feeds. */
  watch(feed: FeedKind, budgetMs: number): void {
    this.deps.health.tracker.watch(this.source, feed, budgetMs, this.deps.now());
  }

  /** deliver reports a parse result: rejections are counted and logged, new events go to the sink and are returned. */
  deliver(result: ParseResult, feed: FeedKind): MarketEvent[] {
    for (const r of result.rejected) this.reject(r);
    if (result.events.length > 0) this.alive(feed);
    const delivered: MarketEvent[] = [];
    const now = this.deps.now();
    for (const ev of result.events) {
      if (!this.follows(ev) || !this.dedup.firstSeen(eventKey(ev), now)) continue;
      delivered.push(ev);
      this.call('onEvent', () => this.deps.sink.onEvent(ev));
    }
    return delivered;
  }

  /** alive marks a feed as delivering (valid data or a canary frame), emitting `recovered` when it was stale. */
  alive(feed: FeedKind): void {
    const t = this.deps.health.tracker.seen(this.source, feed, this.deps.now());
    const o = this.deps.health.outageOver(this.source, feed === 'liquidation' ? 'stream' : 'rest');
    if (o) {
      this.deps.log.info({ source: this.source, failures: o.failures }, `${this.source}: reachable again after ${o.failures} failed attempt${o.failures === 1 ? '' : 's'} over ${duration(this.deps.now() - o.since)}`);
    }
    if (t) this.transition(t);
  }

  /** reject counts, logs and forwards one rejection or fault of this source. */
  reject(r: Rejection): void {
    const rej = { source: this.source, ...r };
    this.deps.health.countReject(rej);
    if (OUTAGE_REASONS.has(r.reason)) this.outageLine(rej);
    else if (this.mayLog(r.reason)) {
      const line = describeReject(rej);
      const level = r.reason === 'http_451' || r.reason === 'http_418' ? 'error' : 'warn';
      this.deps.log[level]({ ...rej }, line);
    }
    this.call('onReject', () => this.deps.sink.onReject(rej));
  }

  /** gap records and reports a span with no data from this source. */
  gap(fromTs: number, toTs: number): void {
    const g: Gap = { source: this.source, fromTs, toTs };
    this.deps.health.addGap(g);
    this.deps.log.warn({ ...g, gapMs: toTs - fromTs }, describeGap(g));
    this.call('onGap', () => this.deps.sink.onGap(g));
  }

  /** transition logs and forwards a freshness change. */
  transition(t: Transition): void {
    this.deps.log[t.kind === 'stale' ? 'warn' : 'info']({ ...t }, describeTransition(t));
    this.call('onTransition', () => this.deps.sink.onTransition?.(t));
  }

  /** info logs a lifecycle line (connected, rotated, ...) for this source. */
  info(obj: object, msg: string): void {
    this.deps.log.info({ source: this.source, ...obj }, `${this.source}: ${msg}`);
  }

  private follows(ev: MarketEvent): boolean {
    // A tracked account is followed in every asset it trades (issue 13: /whales shows all its positions).
    if (ev.kind === 'index' || ev.kind === 'position' || (ev.kind === 'liquidation' && ev.account !== undefined)) return true;
    return !this.deps.symbols || this.deps.symbols.has(ev.symbol);
  }

  /** outageLine logs the first failure of an outage (with what happens next); later ones are counted only. */
  private outageLine(rej: Rejection & { source: string }): void {
    if (!this.deps.health.outageFailure(this.source, rej.reason.startsWith('ws_') ? 'stream' : 'rest', this.deps.now())) return;
    this.deps.log.warn({ ...rej }, `${describeReject(rej)}: retrying with back-off; further failures are counted, not logged, until ${this.source} delivers again`);
  }

  private mayLog(reason: string): boolean {
    const minute = Math.floor(this.deps.now() / 60_000);
    const b = this.logBudget.get(reason);
    if (!b || b.minute !== minute) {
      this.logBudget.set(reason, { minute, lines: 1 });
      return true;
    }
    b.lines++;
    if (b.lines === LOG_LINES_PER_MINUTE + 1) {
      this.deps.log.warn({ source: this.source, reason }, `${this.source}: more ${reason} rejections this minute are counted, not logged`);
    }
    return b.lines <= LOG_LINES_PER_MINUTE;
  }

  private call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log.error({ source: this.source, reason: 'sink_error', err }, `${this.source}: sink ${what} threw; event dropped`);
    }
  }
}
