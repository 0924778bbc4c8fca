import { binancePriceCalls, binanceWs } from './binance/feeds.js';
import { bybitPriceCalls, bybitWs } from './bybit/feeds.js';
import { BYBIT_OI_NOTE } from './bybit/positioning-parse.js';
import { coinbasePriceCalls } from './coinbase/feeds.js';
import { hyperliquidPriceCalls } from './hyperliquid/feeds.js';
import { HYPERLIQUID_LIQUIDATION_COVERAGE } from './hyperliquid/liquidations.js';
import { HYPERLIQUID_OI_NOTE } from './hyperliquid/positioning-parse.js';
import { okxPriceCalls, okxWs } from './okx/feeds.js';
import type { OkxContract } from './okx/parse.js';
import type { RestCall } from './poller.js';
import type { FeedKind, SourceId } from './types.js';
import type { WsVenue } from './ws-venue.js';
import { BINANCE_LISTING, BYBIT_LISTING, type ListingSpec } from './listing.js';
import { YAHOO_INDICES } from './yahoo/feeds.js';

/**
 * SOURCE_URL_DEFAULTS is every venue base URL, REST and WebSocket, by the environment variable that
 * overrides it, with the real default (market-data-apis.md §1, §2.1, §4, §5, §6, §7, §8, §10). One table;
 * the config layer reads the variables.
 */
export const SOURCE_URL_DEFAULTS = {
  BINANCE_REST_URL: 'https://fapi.binance.com',
  BINANCE_WS_URL: 'wss://fstream.binance.com',
  BYBIT_REST_URL: 'https://api.bybit.com',
  BYBIT_WS_URL: 'wss://stream.bybit.com',
  OKX_REST_URL: 'https://www.okx.com',
  OKX_WS_URL: 'wss://ws.okx.com:8443',
  HYPERLIQUID_REST_URL: 'https://api.hyperliquid.xyz',
  HYPERLIQUID_WS_URL: 'wss://api.hyperliquid.xyz',
  COINBASE_REST_URL: 'https://api.exchange.coinbase.com',
  YAHOO_REST_URL: 'https://query1.finance.yahoo.com',
  COINGLASS_REST_URL: 'https://open-api-v4.coinglass.com',
} as const;

/** UrlVar is the name of a base-URL variable. */
export type UrlVar = keyof typeof SOURCE_URL_DEFAULTS;

/** COINGLASS_KEY_VAR is the secret that turns CoinGlass on (sent as the `CG-API-KEY` header, never logged). */
export const COINGLASS_KEY_VAR = 'COINGLASS_API_KEY';

/** DEFAULT_SYMBOLS are the base assets followed when none are configured. */
export const DEFAULT_SYMBOLS: readonly string[] = ['BTC', 'ETH', 'SOL'];
/** DEFAULT_INDICES are the cross-market keys polled from Yahoo. */
export const DEFAULT_INDICES: readonly string[] = Object.keys(YAHOO_INDICES);

/** StreamDeps is what a stream factory may need from the runtime (OKX: its contract table). */
export interface StreamDeps {
  okxContracts: () => ReadonlyMap<string, OkxContract>;
  /** The venue's contract base name for a followed asset (1000PEPE for PEPE), from its listing. */
  contractName: (symbol: string) => string;
}

/** CoverageNotes say how complete a venue's figures are, per kind of figure (market-data-apis.md §0, §12.4; positioning-and-whales.md §1.4, §2.2). */
export type CoverageNotes = Partial<Record<'price' | 'liquidation' | 'index' | 'open_interest' | 'funding' | 'position', string>>;

/** SourceDef declares one venue: its name, its URLs, its feeds and their coverage, and how to build its calls and its stream. */
export interface SourceDef {
  id: SourceId;
  /** The name a reader sees ("Binance"): summaries, /status, /price. */
  name: string;
  restUrl: UrlVar;
  wsUrl?: UrlVar;
  feeds: FeedKind[];
  /** What a summary says about the completeness of each figure this venue supplies. */
  coverage: CoverageNotes;
  /** The price calls; `name` gives the venue's contract base for an asset (from `listing`, else the asset itself). */
  prices?: (base: string, symbols: readonly string[], name: (symbol: string) => string) => RestCall[];
  stream?: (deps: StreamDeps) => WsVenue;
  /** Where the venue lists its contracts, when an asset's contract may be named per 1,000 units (1000PEPEUSDT). */
  listing?: ListingSpec;
  /** A secret variable without which the source stays off. */
  requires?: typeof COINGLASS_KEY_VAR;
}

/** SOURCE_MAP is the one registry of venues (cryptofeed's EXCHANGE_MAP): the runtime builds every collector from it. */
export const SOURCE_MAP: Readonly<Record<SourceId, SourceDef>> = {
  binance: {
    id: 'binance', name: 'Binance', restUrl: 'BINANCE_REST_URL', wsUrl: 'BINANCE_WS_URL', feeds: ['price', 'liquidation', 'leverage'], prices: binancePriceCalls, stream: () => binanceWs, listing: BINANCE_LISTING,
    coverage: { liquidation: 'Binance liquidation feed is sampled (at most one per symbol per second): a floor' },
  },
  bybit: {
    id: 'bybit', name: 'Bybit', restUrl: 'BYBIT_REST_URL', wsUrl: 'BYBIT_WS_URL', feeds: ['price', 'liquidation', 'leverage'], prices: bybitPriceCalls, stream: (d) => bybitWs(d.contractName), listing: BYBIT_LISTING,
    coverage: { liquidation: 'Bybit allLiquidation pushes every liquidation (500 ms batches) of its USDT perpetuals; USDC and inverse contracts are not counted', open_interest: BYBIT_OI_NOTE },
  },
  okx: {
    id: 'okx', name: 'OKX', restUrl: 'OKX_REST_URL', wsUrl: 'OKX_WS_URL', feeds: ['price', 'liquidation', 'leverage'], prices: okxPriceCalls, stream: (d) => okxWs(d.okxContracts),
    coverage: { liquidation: 'OKX liquidation-orders channel is not the full total: a floor' },
  },
  hyperliquid: {
    // Its streams (trades through the liquidator vaults, userFills of tracked accounts) are run by Positioning, inside the one weight budget.
    id: 'hyperliquid', name: 'Hyperliquid', restUrl: 'HYPERLIQUID_REST_URL', wsUrl: 'HYPERLIQUID_WS_URL', feeds: ['price', 'liquidation', 'leverage', 'position'], prices: (base) => hyperliquidPriceCalls(base),
    coverage: {
      liquidation: HYPERLIQUID_LIQUIDATION_COVERAGE,
      open_interest: HYPERLIQUID_OI_NOTE,
      funding: 'Hyperliquid pays funding hourly: shown per 8h (×8)',
      position: 'Hyperliquid positions of tracked accounts only',
    },
  },
  coinbase: { id: 'coinbase', name: 'Coinbase', restUrl: 'COINBASE_REST_URL', feeds: ['price'], prices: coinbasePriceCalls, coverage: { price: 'Coinbase spot prices' } },
  yahoo: {
    id: 'yahoo', name: 'Yahoo Finance', restUrl: 'YAHOO_REST_URL', feeds: ['index'],
    coverage: { index: 'Yahoo chart API: regular-session prices vs the previous session close' },
  },
  coinglass: {
    id: 'coinglass', name: 'CoinGlass', restUrl: 'COINGLASS_REST_URL', feeds: ['aggregate'], requires: COINGLASS_KEY_VAR,
    coverage: {
      liquidation: 'CoinGlass aggregates liquidations across venues',
      position: 'CoinGlass Hyperliquid whale positions over $1M (Startup plan or above): accounts nobody configured, shown, never alerted on',
    },
  },
};

/** sourceName is a venue's display name ("binance" → "Binance"); an unknown source keeps its id. */
export function sourceName(source: string): string {
  return SOURCE_MAP[source as SourceId]?.name ?? source;
}

/** coverageNotes lists the notes that apply to a venue for the figures it supplied. */
export function coverageNotes(source: string, feeds: Iterable<string>): string[] {
  const coverage: CoverageNotes = SOURCE_MAP[source as SourceId]?.coverage ?? {};
  const notes: string[] = [];
  for (const f of feeds) {
    const note = coverage[f as keyof CoverageNotes];
    if (note) notes.push(note);
    else if (f === 'liquidation') notes.push(`${sourceName(source)} liquidations as observed: completeness unknown`);
  }
  return notes;
}

/** INDEX_KEYS are the cross-market instruments in the order boards and summaries list them. */
export const INDEX_KEYS: readonly string[] = Object.keys(YAHOO_INDICES);

/** indexName is an index's display name ("SP500" → "S&P 500"); an unknown key keeps its key. */
export function indexName(key: string): string {
  return YAHOO_INDICES[key]?.name ?? key;
}

/** SourceConfig is the resolved configuration of the sources: URLs, followed symbols and indices, the optional key. */
export interface SourceConfig {
  urls: Record<UrlVar, string>;
  symbols: readonly string[];
  indices: readonly string[];
  coinglassApiKey?: string;
  /** Venues to run (default: every venue; CoinGlass only with a key). */
  enabled?: readonly SourceId[];
}

/** sourceConfig resolves a SourceConfig from variables (already validated by the config layer), falling back to the defaults. */
export function sourceConfig(vars: Partial<Record<UrlVar | typeof COINGLASS_KEY_VAR, string | undefined>> = {}, symbols: readonly string[] = DEFAULT_SYMBOLS): SourceConfig {
  const urls = { ...SOURCE_URL_DEFAULTS } as Record<UrlVar, string>;
  for (const k of Object.keys(urls) as UrlVar[]) {
    const v = vars[k];
    if (v) urls[k] = v.replace(/\/+$/, '');
  }
  const key = vars[COINGLASS_KEY_VAR];
  return { urls, symbols, indices: DEFAULT_INDICES, ...(key ? { coinglassApiKey: key } : {}) };
}

/** enabledSources lists the venues a config runs: every registered one (or the configured subset), CoinGlass only with its key. */
export function enabledSources(cfg: SourceConfig): SourceDef[] {
  const ids = cfg.enabled ?? (Object.keys(SOURCE_MAP) as SourceId[]);
  return ids.map((id) => SOURCE_MAP[id]).filter((d) => d.requires !== COINGLASS_KEY_VAR || Boolean(cfg.coinglassApiKey));
}
