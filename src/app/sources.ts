import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import type { MarketEvent } from '../market/types.js';
import type { Metrics } from '../ops/metrics.js';
import type { SourceHealth } from '../sources/health.js';
import type { BudgetStatus } from '../sources/hyperliquid/plan-text.js';
import type { TrackedAccount } from '../sources/hyperliquid/planner.js';
import { Positioning } from '../sources/positioning.js';
import { positioningConfig } from '../sources/positioning-config.js';
import { SOURCE_MAP, SOURCE_URL_DEFAULTS, sourceConfig, type UrlVar } from '../sources/registry.js';
import type { AggregatorLiquidations, SourceId, SourceSink } from '../sources/types.js';
import { Sources } from '../sources/runtime.js';
import { catchUpPrices } from '../sources/candles.js';
import type { SummaryExtras } from '../summary/build.js';
import { staleNotice, type OperatorNotice } from './operator.js';
import type { Pipeline } from './pipeline.js';

/** RunningSources are the live collectors and the REST pulls the scheduled jobs call. */
export interface RunningSources {
  stop(): Promise<void>;
  /** The collectors' gaps, and the aggregator's total when its window is [from, to] (within a minute). */
  extras(from: number, to: number): SummaryExtras;
  pull?: { prices(): Promise<MarketEvent[]>; indices(): Promise<MarketEvent[]>; aggregator(): Promise<void>; leverage(): Promise<MarketEvent[]>; leverageSummary(): Promise<void> };
  /** setAccounts re-plans the tracked Hyperliquid accounts (rules file and `/watch`) inside the weight budget. */
  setAccounts?(accounts: readonly TrackedAccount[]): void;
  /** hyperliquidBudget is the weight plan and spend, for /status. */
  hyperliquidBudget?(): BudgetStatus | null;
}

/** AGGREGATE_WINDOW_SLACK_MS: an aggregator total is shown next to a window of its own length, give or take a minute. */
export const AGGREGATE_WINDOW_SLACK_MS = 60_000;

/** aggregateFor is the aggregator's total as a summary extra, only for a window [from, to] of its own length (a 24 h total never sits under "1h"). */
export function aggregateFor(agg: AggregatorLiquidations | null, from: number, to: number): Pick<SummaryExtras, 'aggregator'> {
  if (!agg || Math.abs(to - from + 1 - agg.windowMs) > AGGREGATE_WINDOW_SLACK_MS) return {};
  return { aggregator: { source: agg.source, totalUsd: agg.totalUsd, longUsd: agg.longUsd, shortUsd: agg.shortUsd } };
}

const NONE: RunningSources = { stop: async () => {}, extras: () => ({}) };

/**
 * startSources starts the venue collectors feeding the pipeline (none when replaying a file or SOURCES=none);
 * they write `health`. The leverage and whale feeds (Positioning) share the sink and the health ledger, and
 * every Hyperliquid REST call of the process goes through Positioning's one weight budget.
 */
export async function startSources(cfg: Config, log: Logger, pipeline: Pipeline, metrics: Metrics, notify: OperatorNotice, health: SourceHealth, accounts: readonly TrackedAccount[] = [], catchUpFrom: number | null = null): Promise<RunningSources> {
  if (cfg.REPLAY_FILE || cfg.SOURCES === 'none') return NONE;
  const urls = Object.fromEntries(Object.keys(SOURCE_URL_DEFAULTS).map((k) => [k, cfg[k as UrlVar]])) as Record<UrlVar, string>;
  const config = { ...sourceConfig({ ...urls, COINGLASS_API_KEY: cfg.COINGLASS_API_KEY }, cfg.SYMBOLS.split(',')), ...(cfg.SOURCES === 'all' ? {} : { enabled: cfg.SOURCES.split(',') as SourceId[] }) };
  const slog = log.child({ component: 'sources' });
  const sink = sourceSink(pipeline, metrics, notify, slog);
  const positioning = new Positioning(positioningConfig(cfg, config.symbols, cfg.SOURCES === 'all' ? 'all' : cfg.SOURCES.split(','), accounts), { sink, log: slog, health });
  const sources = new Sources({
    config,
    log: slog,
    pricePollMs: cfg.PRICE_POLL_MS,
    indexPollMs: cfg.INDEX_POLL_MS,
    aggregatorPollMs: cfg.AGGREGATOR_POLL_MS,
    health,
    httpFor: (source) => (source === 'hyperliquid' ? positioning.hyperliquidHttp() : undefined),
    sink,
  });
  pipeline.recentGaps = (since) => sources.gaps(since);
  if (catchUpFrom !== null) await catchUp(cfg, urls, config.symbols, catchUpFrom, pipeline, slog);
  await sources.start();
  await positioning.start();
  log.info({ venues: Object.keys(SOURCE_MAP).filter((id) => cfg.SOURCES === 'all' || cfg.SOURCES.split(',').includes(id)) }, 'collectors started');
  return {
    stop: async () => void (await Promise.all([sources.stop(), positioning.stop()])),
    extras: (from, to) => ({ gaps: sources.gaps(Date.now() - 7 * 86_400_000), ...aggregateFor(sources.aggregator(), from, to) }),
    pull: {
      prices: () => sources.pull.prices(),
      indices: () => sources.pull.indices(),
      aggregator: async () => void (await sources.pull.aggregator()),
      leverage: () => positioning.pull.leverage(),
      leverageSummary: () => positioning.pull.summary(),
    },
    setAccounts: (a) => void positioning.setAccounts(a),
    hyperliquidBudget: () => (config.enabled === undefined || config.enabled.includes('hyperliquid') ? positioning.status() : null),
  };
}

/** catchUp feeds the pipeline the minutes since `fromMs` from the enabled venues' 1-minute candles (a standby taking over; issue 15). */
async function catchUp(cfg: Config, urls: Record<UrlVar, string>, symbols: readonly string[], fromMs: number, pipeline: Pipeline, slog: Logger): Promise<void> {
  const on = (id: string) => cfg.SOURCES === 'all' || cfg.SOURCES.split(',').includes(id);
  const bases = { ...(on('binance') ? { binance: urls.BINANCE_REST_URL } : {}), ...(on('bybit') ? { bybit: urls.BYBIT_REST_URL } : {}), ...(on('okx') ? { okx: urls.OKX_REST_URL } : {}) };
  if (Object.keys(bases).length === 0) return;
  const now = Date.now();
  const r = await catchUpPrices({ bases, symbols, fromMs, toMs: now });
  for (const ev of r.events) pipeline.ingest(ev);
  const minutes = Math.round((now - fromMs) / 60_000);
  slog.info({ fromTs: fromMs, toTs: now, venues: r.venues, events: r.events.length }, `caught up ${minutes} missed minute(s) from the venues' 1-minute candles (${r.events.length} prices; liquidations have no venue history: a gap)`);
}

/** sourceSink hands the collectors' events to the pipeline and their rejects, gaps and freshness changes to metrics, the log and the operator. */
function sourceSink(pipeline: Pipeline, metrics: Metrics, notify: OperatorNotice, slog: Logger): SourceSink {
  return {
    onEvent: (ev) => pipeline.ingest(ev),
    onReject: (r) => metrics.eventsRejected.inc({ source: r.source, reason: r.reason }),
    onGap: (g) => slog.warn({ source: g.source, fromTs: g.fromTs, toTs: g.toTs }, `data incomplete: ${Math.round((g.toTs - g.fromTs) / 1000)} s gap on ${g.source}`),
    onTransition: (t) => {
      const stale = t.kind === 'stale';
      metrics.sourceStale.set({ source: t.source }, stale ? 1 : 0);
      // The outlet has logged the transition: the notice goes to OPS_CHAT only.
      if (stale) notify(staleNotice(t.source, t.feed, t.quietMs), 'warning', { logged: true });
      else notify(`${t.source} ${t.feed} feed recovered: fresh again`, 'info', { logged: true });
    },
  };
}
