import type { MarketEvent } from '../market/types.js';
import type { BackoffOpts } from './backoff.js';
import { CoinglassAccumulator, coinglassCalls, COINGLASS_WINDOW_MS } from './coinglass/feeds.js';
import { SourceHealth } from './health.js';
import type { HttpClient, HttpOpts } from './http.js';
import { ContractListing } from './listing.js';
import { OkxContracts } from './okx/contracts.js';
import { SourceOutlet } from './outlet.js';
import { RestPoller, type RestPollerOpts } from './poller.js';
import { enabledSources, type SourceConfig, type SourceDef } from './registry.js';
import type { AggregatorLiquidations, Gap, SessionQuote, SourceLogger, SourceSink, SourceStatus } from './types.js';
import { WsCollector, type WsCollectorOpts } from './ws-collector.js';
import { YAHOO_MAX_AGE_MS, yahooIndexCalls } from './yahoo/feeds.js';

/** DEFAULT_WS_FRESHNESS_MS: a stream whose canary is 1 s is stale after 15 s of nothing (reliability §6.3 F2: max(3 × interval, 5 s), plus a reconnect). */
export const DEFAULT_WS_FRESHNESS_MS = 15_000;
/** REST_FRESHNESS_POLLS: a polled feed is stale after this many poll intervals without data (F2 says 2; one more absorbs jitter). */
export const REST_FRESHNESS_POLLS = 3;

/** SourcesOpts wires the sources to the app: config, sink, logger, and the seams tests use. */
export interface SourcesOpts {
  config: SourceConfig;
  sink: SourceSink;
  log: SourceLogger;
  now?: () => number;
  http?: HttpClient;
  httpOpts?: HttpOpts;
  backoff?: BackoffOpts;
  /** Collector tunables (ping, silence, rotation age, …) applied to every stream. */
  ws?: Partial<Omit<WsCollectorOpts, 'venue' | 'baseUrl' | 'symbols' | 'now'>>;
  pricePollMs?: number;
  indexPollMs?: number;
  aggregatorPollMs?: number;
  wsFreshnessMs?: number;
  /** How often freshness is checked and the OKX contract table refreshed when due. */
  tickMs?: number;
  /** The process's health ledger (one per process: a replayed feed writes to it too); a new one if left out. */
  health?: SourceHealth;
  /** httpFor gives a venue its own HTTP client (Hyperliquid: the one weight budget every call of the process shares). */
  httpFor?: (source: string) => HttpClient | undefined;
}

/**
 * Sources runs every enabled venue from the registry: stream collectors (started by `start`) and REST
 * pollers (driven by the scheduled jobs through `pull`), one health view for `/status`, the gaps for
 * summaries, the latest index quotes and the aggregator total. Events go to the sink only.
 */
export class Sources {
  readonly health: SourceHealth;
  private readonly outlets = new Map<string, SourceOutlet>();
  private readonly prices: RestPoller[] = [];
  private readonly indexPollers: RestPoller[] = [];
  private readonly collectors: WsCollector[] = [];
  private readonly quotes = new Map<string, SessionQuote>();
  private readonly okx: OkxContracts | null = null;
  private readonly listings = new Map<string, ContractListing>();
  private coinglass: { poller: RestPoller; acc: CoinglassAccumulator } | null = null;
  private latestAggregate: AggregatorLiquidations | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: SourcesOpts) {
    this.now = opts.now ?? Date.now;
    this.health = opts.health ?? new SourceHealth();
    const defs = enabledSources(opts.config);
    if (defs.some((d) => d.id === 'okx')) this.okx = new OkxContracts(opts.config.urls.OKX_REST_URL, this.outlet('okx'), { http: opts.http, httpOpts: opts.httpOpts, now: this.now });
    for (const def of defs) this.build(def);
  }

  /** start loads what streams need (the OKX contract table), opens every stream and starts the freshness clock. */
  async start(): Promise<void> {
    await Promise.all([this.okx?.refresh(), ...[...this.listings.values()].map((l) => l.refreshIfDue())]);
    for (const c of this.collectors) c.start();
    this.ticker = setInterval(() => this.tick(), this.opts.tickMs ?? 1_000);
  }

  /** stop closes every stream and timer. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await Promise.all(this.collectors.map((c) => c.stop()));
  }

  /** pull are the REST polls, one method per scheduled job; their events already went to the sink (do not ingest them again). */
  readonly pull = {
    prices: (): Promise<MarketEvent[]> => Promise.all(this.prices.map((p) => p.poll())).then((r) => r.flat()),
    indices: (): Promise<MarketEvent[]> => Promise.all(this.indexPollers.map((p) => p.poll())).then((r) => r.flat()),
    aggregator: (): Promise<AggregatorLiquidations | null> => this.pollAggregator(),
  };

  /** status is every venue's health for `/status`, after checking freshness at `now`. */
  status(): SourceStatus[] {
    this.tick();
    return this.health.status();
  }

  /** gaps lists the stream gaps ending at or after `sinceTs` ("data incomplete: 7 s gap on Bybit"). */
  gaps(sinceTs = 0): Gap[] {
    return this.health.gaps(sinceTs);
  }

  /** indexQuotes are the latest cross-market quotes, each with its market state. */
  indexQuotes(): SessionQuote[] {
    return [...this.quotes.values()];
  }

  /**
   * aggregator is the latest aggregator total (CoinGlass), or null when none is configured, it failed, or it
   * expired: a total older than its own window, or than three polls, no longer describes the window it names.
   */
  aggregator(): AggregatorLiquidations | null {
    const a = this.latestAggregate;
    const maxAge = Math.min(a?.windowMs ?? 0, REST_FRESHNESS_POLLS * (this.opts.aggregatorPollMs ?? 300_000));
    return a && this.now() - a.ts <= maxAge ? a : null;
  }

  /** collector returns a venue's stream collector (for tests and `/status` details). */
  collector(source: string): WsCollector | undefined {
    return this.collectors.find((c) => c.source === source);
  }

  private outlet(source: string): SourceOutlet {
    let o = this.outlets.get(source);
    if (!o) this.outlets.set(source, (o = new SourceOutlet(source, { sink: this.opts.sink, log: this.opts.log, health: this.health, now: this.now, symbols: new Set(this.opts.config.symbols) })));
    return o;
  }

  private poller(def: SourceDef, feed: 'price' | 'index' | 'aggregate', calls: RestPollerOpts['calls'], maxAgeMs?: number): RestPoller {
    const o = this.outlet(def.id);
    return new RestPoller(o, { feed, calls, http: this.opts.httpFor?.(def.id) ?? this.opts.http, httpOpts: this.opts.httpOpts, backoff: this.opts.backoff, now: this.now, maxAgeMs });
  }

  private build(def: SourceDef): void {
    const { urls, symbols } = this.opts.config;
    const base = urls[def.restUrl];
    const o = this.outlet(def.id);
    const listing = def.listing ? new ContractListing(base, def.listing, o, { http: this.opts.http, httpOpts: this.opts.httpOpts, now: this.now }) : null;
    if (listing) this.listings.set(def.id, listing);
    const name = (s: string) => listing?.name(s) ?? s;
    if (def.prices) {
      this.prices.push(this.poller(def, 'price', () => def.prices!(base, symbols, name)));
      o.watch('price', REST_FRESHNESS_POLLS * (this.opts.pricePollMs ?? 5_000));
    }
    if (def.stream && def.wsUrl) {
      const venue = def.stream({ okxContracts: () => this.okx?.table ?? new Map(), contractName: name });
      this.collectors.push(new WsCollector(o, { ...this.opts.ws, backoff: this.opts.ws?.backoff ?? this.opts.backoff, venue, baseUrl: urls[def.wsUrl], symbols, now: this.now }));
      o.watch('liquidation', this.opts.wsFreshnessMs ?? DEFAULT_WS_FRESHNESS_MS);
    }
    if (def.id === 'yahoo') {
      this.indexPollers.push(this.poller(def, 'index', () => yahooIndexCalls(base, this.opts.config.indices, (q) => this.quotes.set(q.symbol, q)), YAHOO_MAX_AGE_MS));
      o.watch('index', REST_FRESHNESS_POLLS * (this.opts.indexPollMs ?? 60_000));
    }
    if (def.id === 'coinglass' && this.opts.config.coinglassApiKey) {
      const acc = new CoinglassAccumulator();
      const key = this.opts.config.coinglassApiKey;
      const calls = () => {
        acc.begin(symbols.length);
        return coinglassCalls(base, key, symbols, COINGLASS_WINDOW_MS, acc);
      };
      this.coinglass = { poller: this.poller(def, 'aggregate', calls), acc };
      o.watch('aggregate', REST_FRESHNESS_POLLS * (this.opts.aggregatorPollMs ?? 300_000));
    }
  }

  private async pollAggregator(): Promise<AggregatorLiquidations | null> {
    if (!this.coinglass) return null;
    const { poller, acc } = this.coinglass;
    if (this.now() < poller.backingOffUntil) return this.aggregator();
    await poller.poll();
    const total = acc.total(COINGLASS_WINDOW_MS, this.now());
    if (total) {
      this.latestAggregate = total;
      this.outlet('coinglass').alive('aggregate');
    }
    return this.aggregator();
  }

  private tick(): void {
    const now = this.now();
    for (const t of this.health.tracker.check(now)) this.outlet(t.source).transition(t);
    void this.okx?.refreshIfDue();
    for (const l of this.listings.values()) void l.refreshIfDue();
  }
}
