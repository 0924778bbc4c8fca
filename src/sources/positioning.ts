import type { MarketEvent, PositionEvent } from '../market/types.js';
import type { BackoffOpts } from './backoff.js';
import { BinanceLeverage } from './binance/positioning.js';
import { bybitLeverageCalls } from './bybit/positioning.js';
import { coinglassWhaleCalls } from './coinglass/whales.js';
import { resolveContract } from './contract-units.js';
import type { SourceHealth } from './health.js';
import type { HttpClient, HttpOpts } from './http.js';
import { WeightBudget } from './hyperliquid/budget.js';
import { budgetedHttp } from './hyperliquid/info-client.js';
import { HYPERLIQUID_LIQUIDATOR_VAULTS } from './hyperliquid/liquidations.js';
import { planHyperliquid, type HyperliquidPlan, type PlanOpts, type TrackedAccount } from './hyperliquid/planner.js';
import { hyperliquidLeverageCalls } from './hyperliquid/positioning.js';
import { hyperliquidTradesWs, hyperliquidUserFillsWs } from './hyperliquid/streams.js';
import { WhalePoller } from './hyperliquid/whales.js';
import { LeverageStore } from './leverage-store.js';
import { okxLeverageCalls } from './okx/positioning.js';
import { SourceOutlet } from './outlet.js';
import { RestPoller, type RestCall } from './poller.js';
import type { SourceLogger, SourceSink } from './types.js';
import { WsCollector, type WsCollectorOpts } from './ws-collector.js';

/** DEFAULT_LEVERAGE_POLL_MS: open interest and funding once a minute per venue (leverage_flush wants each value ≤ 10 min old). */
export const DEFAULT_LEVERAGE_POLL_MS = 60_000;
/** DEFAULT_SUMMARY_POLL_MS: basis and top-trader ratio are 5-minute bars. */
export const DEFAULT_SUMMARY_POLL_MS = 300_000;
/** DEFAULT_WHALE_TICK_MS: how often the whale poller looks for due accounts. */
export const DEFAULT_WHALE_TICK_MS = 1_000;
/** LEVERAGE_FRESHNESS_POLLS: a leverage or position feed is stale after this many periods without data. */
export const LEVERAGE_FRESHNESS_POLLS = 3;
/** HYPERLIQUID_STREAM_FRESHNESS_MS: the trades stream's bbo canary pushes several times a second; 15 s of nothing is stale (as the other streams). */
export const HYPERLIQUID_STREAM_FRESHNESS_MS = 15_000;

async function runChain(chain: readonly RestPoller[]): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for (const p of chain) out.push(...(await p.poll()));
  return out;
}

/** PositioningVenue is a venue with leverage feeds. */
export type PositioningVenue = 'binance' | 'bybit' | 'okx' | 'hyperliquid';

/** PositioningConfig is the resolved configuration of the leverage and whale feeds. */
export interface PositioningConfig {
  urls: { BINANCE_REST_URL: string; BYBIT_REST_URL: string; OKX_REST_URL: string; HYPERLIQUID_REST_URL: string; HYPERLIQUID_WS_URL: string };
  symbols: readonly string[];
  enabled: readonly PositioningVenue[];
  accounts: readonly TrackedAccount[];
  vaults?: ReadonlySet<string>;
  leveragePollMs?: number;
  summaryPollMs?: number;
  /** The Hyperliquid calls that share the budget (allMids price period, …) and the planner's tunables. */
  plan?: PlanOpts;
  /** With a CoinGlass key (Startup plan or above): its Hyperliquid whale positions over $1M, polled with the summary figures. */
  coinglass?: { base: string; key: string };
}

/** PositioningDeps are the shared parts of the sources (sink, logger, health) and the seams tests use. */
export interface PositioningDeps {
  sink: SourceSink;
  log: SourceLogger;
  health: SourceHealth;
  now?: () => number;
  http?: HttpClient;
  httpOpts?: HttpOpts;
  backoff?: BackoffOpts;
  ws?: Partial<Omit<WsCollectorOpts, 'venue' | 'baseUrl' | 'symbols' | 'now'>>;
  whaleTickMs?: number;
}

/**
 * Positioning runs the leverage watch and the Hyperliquid whale watch: open interest and funding pollers
 * for each venue, the summary-only basis and long/short polls, the whale poller inside the shared
 * Hyperliquid weight budget, and the trades (backstop liquidations) and userFills (≤ 10 real-time
 * accounts) streams. Events go to the sink only.
 */
export class Positioning {
  readonly store = new LeverageStore();
  readonly budget = new WeightBudget();
  readonly whales: WhalePoller | null = null;
  private plan: HyperliquidPlan;
  private readonly outlets = new Map<string, SourceOutlet>();
  /** Each venue's leverage pollers, run one after the other (Binance: fundingInfo, premiumIndex, openInterest). */
  private readonly leverage: RestPoller[][] = [];
  private readonly summary: RestPoller[] = [];
  private trades: WsCollector | null = null;
  private userFills: WsCollector | null = null;
  private universe = new Set<string>();
  private ticker: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly cfg: PositioningConfig, private readonly deps: PositioningDeps) {
    this.now = deps.now ?? Date.now;
    this.plan = planHyperliquid(cfg.accounts, { ...this.planOpts(), ...cfg.plan });
    for (const v of cfg.enabled) this.build(v);
    if (cfg.coinglass) this.coinglassWhales(cfg.coinglass);
    if (this.hl) {
      this.whales = new WhalePoller(this.outlet('hyperliquid'), { base: cfg.urls.HYPERLIQUID_REST_URL, budget: this.budget, now: this.now, http: deps.http, httpOpts: deps.httpOpts });
      this.whales.setPlan(this.plan);
      if (this.plan.polled.length > 0) this.outlet('hyperliquid').watch('position', LEVERAGE_FRESHNESS_POLLS * (this.plan.cadenceMs ?? DEFAULT_LEVERAGE_POLL_MS));
    }
  }

  private get hl(): boolean {
    return this.cfg.enabled.includes('hyperliquid');
  }

  /** pull are the polls the scheduled jobs call; their events already went to the sink. */
  readonly pull = {
    leverage: async (): Promise<MarketEvent[]> => (await Promise.all(this.leverage.map((chain) => runChain(chain)))).flat(),
    summary: async (): Promise<void> => void (await Promise.all(this.summary.map((p) => p.poll()))),
    whales: (): Promise<MarketEvent[]> => this.whales?.tick() ?? Promise.resolve([]),
  };

  /** start learns Hyperliquid's coin names (one leverage poll), then opens its streams and starts the whale ticker. */
  async start(): Promise<void> {
    if (!this.hl) return;
    await this.pull.leverage();
    this.outlet('hyperliquid').watch('liquidation', HYPERLIQUID_STREAM_FRESHNESS_MS);
    this.trades = this.collector(hyperliquidTradesWs(() => this.cfg.vaults ?? new Set(HYPERLIQUID_LIQUIDATOR_VAULTS)), this.coins());
    this.trades.start();
    this.restartUserFills();
    this.ticker = setInterval(() => void this.pull.whales(), this.deps.whaleTickMs ?? DEFAULT_WHALE_TICK_MS);
  }

  /** stop closes the streams and the ticker. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await Promise.all([this.trades?.stop(), this.userFills?.stop()]);
  }

  /** setAccounts re-plans the tracked accounts (a `/watch` change); the real-time socket is rebuilt only when its set changed. */
  setAccounts(accounts: readonly TrackedAccount[]): HyperliquidPlan {
    const before = this.plan.realtime.join(',');
    this.plan = planHyperliquid(accounts, { ...this.planOpts(), ...this.cfg.plan });
    this.whales?.setPlan(this.plan);
    if (this.ticker && this.plan.realtime.join(',') !== before) this.restartUserFills();
    return this.plan;
  }

  /** hyperliquidHttp is the budgeted client every other Hyperliquid REST caller (the allMids price poller) must use. */
  hyperliquidHttp(): HttpClient {
    return budgetedHttp(this.budget, this.deps.http);
  }

  /** status is the budget picture for `/status` and the README: the plan and the weight spent in the last minute. */
  status(): { plan: HyperliquidPlan; usedLastMinute: number; blockedUntil: number | null } {
    const now = this.now();
    return { plan: this.plan, usedLastMinute: this.budget.used(now), blockedUntil: this.budget.blockedUntil > now ? this.budget.blockedUntil : null };
  }

  /** positions are the tracked accounts' open positions, largest first (for `/whales`). */
  positions(): PositionEvent[] {
    return this.whales?.positions() ?? [];
  }

  /** stream returns a Hyperliquid stream ('trades' or 'userFills'), for tests and `/status`. */
  stream(which: 'trades' | 'userFills'): WsCollector | null {
    return which === 'trades' ? this.trades : this.userFills;
  }

  private planOpts(): PlanOpts {
    return { ctxPollMs: this.hl ? (this.cfg.leveragePollMs ?? DEFAULT_LEVERAGE_POLL_MS) : 0 };
  }

  private coins(): string[] {
    return this.cfg.symbols.map((s) => resolveContract(s, this.universe) ?? s);
  }

  private restartUserFills(): void {
    const old = this.userFills;
    this.userFills = null;
    // Break before make: two sockets with different user sets could exceed the 10-unique-user cap.
    void (old?.stop() ?? Promise.resolve()).then(() => {
      if (this.plan.realtime.length === 0 || !this.ticker) return;
      this.userFills = this.collector(hyperliquidUserFillsWs((a) => this.whales?.pollNow(a)), this.plan.realtime);
      this.userFills.start();
    });
  }

  private collector(venue: ReturnType<typeof hyperliquidTradesWs>, symbols: readonly string[]): WsCollector {
    return new WsCollector(this.outlet('hyperliquid'), { ...this.deps.ws, backoff: this.deps.ws?.backoff ?? this.deps.backoff, venue, baseUrl: this.cfg.urls.HYPERLIQUID_WS_URL, symbols, now: this.now });
  }

  private outlet(source: string): SourceOutlet {
    let o = this.outlets.get(source);
    if (!o) this.outlets.set(source, (o = new SourceOutlet(source, { sink: this.deps.sink, log: this.deps.log, health: this.deps.health, now: this.now, symbols: new Set(this.cfg.symbols) })));
    return o;
  }

  /** coinglassWhales polls CoinGlass's Hyperliquid whale positions (accounts nobody configured) every summary period. */
  private coinglassWhales(c: { base: string; key: string }): void {
    this.outlet('coinglass').watch('position', LEVERAGE_FRESHNESS_POLLS * (this.cfg.summaryPollMs ?? DEFAULT_SUMMARY_POLL_MS));
    this.summary.push(this.poller('coinglass', () => coinglassWhaleCalls(c.base, c.key), undefined, 'position'));
  }

  private poller(source: string, calls: () => RestCall[], http?: HttpClient, feed: 'leverage' | 'position' = 'leverage'): RestPoller {
    return new RestPoller(this.outlet(source), { feed, calls, http: http ?? this.deps.http, httpOpts: this.deps.httpOpts, backoff: this.deps.backoff, now: this.now });
  }

  private build(v: PositioningVenue): void {
    const { urls, symbols } = this.cfg;
    const every = this.cfg.leveragePollMs ?? DEFAULT_LEVERAGE_POLL_MS;
    this.outlet(v).watch('leverage', LEVERAGE_FRESHNESS_POLLS * every);
    if (v === 'binance') {
      const b = new BinanceLeverage(urls.BINANCE_REST_URL, symbols, this.store, this.now);
      this.leverage.push([this.poller(v, () => b.fundingInfoCalls()), this.poller(v, () => b.premiumCalls()), this.poller(v, () => b.openInterestCalls())]);
      this.summary.push(this.poller(v, () => b.summaryCalls()));
    }
    if (v === 'bybit') this.leverage.push([this.poller(v, () => bybitLeverageCalls(urls.BYBIT_REST_URL, symbols, this.store))]);
    if (v === 'okx') this.leverage.push([this.poller(v, () => okxLeverageCalls(urls.OKX_REST_URL, symbols, this.store))]);
    if (v === 'hyperliquid') {
      const calls = () => hyperliquidLeverageCalls(urls.HYPERLIQUID_REST_URL, symbols, this.store, (names) => (this.universe = new Set(names)));
      this.leverage.push([this.poller(v, calls, this.hyperliquidHttp())]);
    }
  }
}
