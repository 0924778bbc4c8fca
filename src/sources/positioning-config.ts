import { z } from 'zod';
import { HYPERLIQUID_LIQUIDATOR_VAULTS } from './hyperliquid/liquidations.js';
import { HYPERLIQUID_MAX_WS_USERS, type TrackedAccount } from './hyperliquid/planner.js';
import { DEFAULT_LEVERAGE_POLL_MS, DEFAULT_SUMMARY_POLL_MS, type PositioningConfig, type PositioningVenue } from './positioning.js';

const ADDRESS_LIST = /^0x[0-9a-fA-F]{40}(\s*,\s*0x[0-9a-fA-F]{40})*$/;

/** DEFAULT_WATCH_PER_CHAT: accounts one chat may `/watch` (hyperliquiddatabot's documented cap is 10 too, positioning-and-whales.md §4). */
export const DEFAULT_WATCH_PER_CHAT = 10;
/** DEFAULT_WATCH_TOTAL: accounts all chats together may `/watch`: 100 fit a 15 s cadence in the weight budget (README, Live data). */
export const DEFAULT_WATCH_TOTAL = 100;

/**
 * POSITIONING_ENV is the environment of the leverage and whale feeds, as a zod shape to spread into the
 * one ENV_SCHEMA (its defaults are the defaults; .env.example lists them). HYPERLIQUID_WS_URL is a venue URL
 * of SOURCE_URL_DEFAULTS.
 */
export const POSITIONING_ENV = {
  /** Open interest and funding poll period per venue. */
  LEVERAGE_POLL_MS: z.coerce.number().int().min(10_000).default(DEFAULT_LEVERAGE_POLL_MS),
  /** Basis and top-trader ratio poll period (5-minute bars). */
  LEVERAGE_SUMMARY_POLL_MS: z.coerce.number().int().min(60_000).default(DEFAULT_SUMMARY_POLL_MS),
  /** Liquidator vaults whose trades are backstop liquidations (comma-separated addresses). */
  HYPERLIQUID_LIQUIDATOR_VAULTS: z.string().regex(ADDRESS_LIST, 'comma-separated 0x + 40 hex addresses').default(HYPERLIQUID_LIQUIDATOR_VAULTS.join(',')),
  /** Accounts with real-time userFills (Hyperliquid allows 10 unique users per IP). */
  HYPERLIQUID_REALTIME_ACCOUNTS: z.coerce.number().int().min(0).max(HYPERLIQUID_MAX_WS_USERS).default(HYPERLIQUID_MAX_WS_USERS),
  /** `/watch` caps: accounts per chat, and distinct accounts across every chat of the deployment. */
  WATCH_MAX_PER_CHAT: z.coerce.number().int().min(0).max(100).default(DEFAULT_WATCH_PER_CHAT),
  WATCH_MAX_ACCOUNTS: z.coerce.number().int().min(0).max(2_000).default(DEFAULT_WATCH_TOTAL),
};

/** PositioningEnv is the validated environment of POSITIONING_ENV plus the variables it shares with the sources. */
export interface PositioningEnv {
  BINANCE_REST_URL: string;
  BYBIT_REST_URL: string;
  OKX_REST_URL: string;
  HYPERLIQUID_REST_URL: string;
  HYPERLIQUID_WS_URL: string;
  PRICE_POLL_MS: number;
  LEVERAGE_POLL_MS: number;
  LEVERAGE_SUMMARY_POLL_MS: number;
  HYPERLIQUID_LIQUIDATOR_VAULTS: string;
  HYPERLIQUID_REALTIME_ACCOUNTS: number;
  COINGLASS_REST_URL?: string;
  COINGLASS_API_KEY?: string;
}

const VENUES: readonly PositioningVenue[] = ['binance', 'bybit', 'okx', 'hyperliquid'];

/**
 * positioningConfig resolves the feeds' configuration: the enabled venues among SOURCES, the followed
 * symbols, the tracked accounts (rules file and `/watch`), and the other Hyperliquid calls the plan must
 * leave room for (the allMids price poll at PRICE_POLL_MS when Hyperliquid prices are on).
 */
export function positioningConfig(env: PositioningEnv, symbols: readonly string[], sources: 'all' | readonly string[], accounts: readonly TrackedAccount[]): PositioningConfig {
  const strip = (u: string) => u.replace(/\/+$/, '');
  const enabled = VENUES.filter((v) => sources === 'all' || sources.includes(v));
  return {
    urls: {
      BINANCE_REST_URL: strip(env.BINANCE_REST_URL), BYBIT_REST_URL: strip(env.BYBIT_REST_URL), OKX_REST_URL: strip(env.OKX_REST_URL),
      HYPERLIQUID_REST_URL: strip(env.HYPERLIQUID_REST_URL), HYPERLIQUID_WS_URL: strip(env.HYPERLIQUID_WS_URL),
    },
    symbols,
    enabled,
    accounts,
    vaults: new Set(env.HYPERLIQUID_LIQUIDATOR_VAULTS.split(',').map((a) => a.trim().toLowerCase())),
    leveragePollMs: env.LEVERAGE_POLL_MS,
    summaryPollMs: env.LEVERAGE_SUMMARY_POLL_MS,
    plan: { pricePollMs: enabled.includes('hyperliquid') ? env.PRICE_POLL_MS : 0, maxRealtime: env.HYPERLIQUID_REALTIME_ACCOUNTS },
    ...(env.COINGLASS_API_KEY && env.COINGLASS_REST_URL && (sources === 'all' || sources.includes('coinglass'))
      ? { coinglass: { base: strip(env.COINGLASS_REST_URL), key: env.COINGLASS_API_KEY } }
      : {}),
  };
}
