/**
 * The 2026-01-29 crash, as figures from the seed article (../shared/seed): BTC −5% intraday through
 * $85,000; ETH −7% through $2,800; about $575–665M liquidated, over 90% longs, about 180,000
 * liquidations; the largest single one $31.64M on Hyperliquid BTC; Nasdaq −2%, S&P −1.1%, Dow −0.5%,
 * MSTR −6.88%, COIN −4.37%, gold up. Times are UTC (the article's "evening, UTC+8" is 13:00–15:00 UTC).
 */

/** DEMO_DAY_START is 2026-01-29T00:00:00Z. */
export const DEMO_DAY_START = Date.UTC(2026, 0, 29);

/** Keyframe is [hours since the day's start, price]; the path is linear between keyframes. */
export type Keyframe = readonly [number, number];

const hm = (h: number, m: number): number => h + m / 60;

/** DEMO_PATHS is the composite price path of each asset. */
export const DEMO_PATHS: Record<string, readonly Keyframe[]> = {
  BTC: [[0, 89000], [4, 88600], [8, 89100], [12, 88200], [hm(13, 20), 86700], [hm(13, 25), 84985], [hm(13, 35), 84600], [hm(13, 50), 84350], [hm(14, 10), 84900], [15, 85250], [16, 84800], [18, 85200], [20, 84900], [24, 85150]],
  ETH: [[0, 3005], [4, 2990], [8, 3010], [12, 2965], [hm(13, 20), 2915], [hm(13, 23), 2897], [hm(13, 35), 2850], [hm(13, 50), 2818], [hm(14, 5), 2794], [hm(14, 20), 2802], [15, 2808], [16, 2799], [20, 2810], [24, 2806]],
  SOL: [[0, 124.6], [12, 123.8], [hm(13, 20), 122.2], [hm(13, 30), 119.5], [14, 115.6], [15, 116.8], [24, 116.3]],
  XRP: [[0, 1.92], [hm(13, 20), 1.9], [14, 1.79], [24, 1.81]],
  DOGE: [[0, 0.214], [hm(13, 20), 0.212], [14, 0.197], [24, 0.199]],
};

/** DEMO_PRICE_VENUES are the venues quoting prices, with a small fixed basis each (spot premium etc). */
export const DEMO_PRICE_VENUES: Record<string, number> = { binance: 0.0001, bybit: -0.00005, okx: 0.00003, hyperliquid: -0.0001, coinbase: 0.0002 };

/** LiqHour plans one hour's liquidations: count, USD and long share. */
export interface LiqHour {
  count: number;
  usd: number;
  longShare: number;
}

/** demoLiqPlan returns the liquidation plan of each of the 24 hours. */
export function demoLiqPlan(): LiqHour[] {
  const plan: LiqHour[] = [];
  for (let h = 0; h < 24; h++) {
    if (h < 12) plan.push({ count: 2500, usd: 5e6, longShare: 0.75 });
    else if (h === 12) plan.push({ count: 6000, usd: 25e6, longShare: 0.85 });
    else if (h === 13) plan.push({ count: 60000, usd: 300e6, longShare: 0.97 });
    else if (h === 14) plan.push({ count: 30000, usd: 95e6, longShare: 0.95 });
    else if (h === 15) plan.push({ count: 12000, usd: 35e6, longShare: 0.85 });
    else plan.push({ count: 5250, usd: 8e6, longShare: 0.75 });
  }
  return plan;
}

/** Within the crash hour most liquidations land in the waterfall (13:20–13:50). */
export const CRASH_HOUR_SHAPE: ReadonlyArray<readonly [number, number, number]> = [
  [0, 20, 0.2],
  [20, 50, 0.65],
  [50, 60, 0.15],
];

/** DEMO_LIQ_SYMBOLS and DEMO_LIQ_VENUES split liquidations by asset and venue. */
export const DEMO_LIQ_SYMBOLS: ReadonlyArray<readonly [string, number]> = [['BTC', 0.45], ['ETH', 0.35], ['SOL', 0.12], ['XRP', 0.05], ['DOGE', 0.03]];
export const DEMO_LIQ_VENUES: ReadonlyArray<readonly [string, number]> = [['bybit', 0.35], ['hyperliquid', 0.25], ['okx', 0.2], ['binance', 0.2]];

/** DEMO_WHALES are the named large liquidations. */
export const DEMO_WHALES = [
  { at: hm(13, 32), source: 'hyperliquid', symbol: 'BTC', side: 'long' as const, notionalUsd: 31_640_000, price: 84720 },
  { at: hm(13, 41), source: 'bybit', symbol: 'ETH', side: 'long' as const, notionalUsd: 14_200_000, price: 2823.4 },
];

/** DEMO_INDICES: previous close and the day's final change, traded 14:30–21:00 UTC. */
export const DEMO_INDICES: Record<string, { prevClose: number; finalPct: number }> = {
  NASDAQ: { prevClose: 23685.1, finalPct: -2.0 },
  SP500: { prevClose: 6978.6, finalPct: -1.1 },
  DOW: { prevClose: 49015.6, finalPct: -0.5 },
  MSTR: { prevClose: 158.4, finalPct: -6.88 },
  COIN: { prevClose: 212.5, finalPct: -4.37 },
  GOLD: { prevClose: 5310, finalPct: 1.2 },
  DXY: { prevClose: 96.8, finalPct: 0.3 },
};
export const US_SESSION = { open: hm(14, 30), close: 21 };

/** A fat-finger print on one venue: the composite (a median) must ignore it. */
export const DEMO_BAD_PRINT = { at: 13, source: 'okx', symbol: 'BTC', price: 8900 };

/**
 * Leverage through the crash (the note: longs "concentratedly washed out", leverage "pulled back from high
 * levels"): open interest in coins per venue at the day's start, and its path as a fraction of that. It
 * builds into the afternoon, falls several percent through the waterfall and comes most of the way back by
 * midnight (the note's "what to watch": leverage usage recovering).
 */
export const DEMO_OI: Record<string, Record<string, number>> = {
  binance: { BTC: 92_000, ETH: 2_150_000, SOL: 9_800_000, XRP: 850_000_000, DOGE: 14_000_000_000 },
  bybit: { BTC: 58_000, ETH: 1_420_000, SOL: 6_100_000, XRP: 610_000_000, DOGE: 9_500_000_000 },
  okx: { BTC: 31_000, ETH: 880_000, SOL: 3_300_000, XRP: 300_000_000, DOGE: 5_200_000_000 },
  hyperliquid: { BTC: 36_000, ETH: 760_000, SOL: 2_900_000, XRP: 190_000_000, DOGE: 2_600_000_000 },
};
export const DEMO_OI_PATHS: Record<string, readonly Keyframe[]> = {
  BTC: [[0, 1], [8, 1.008], [12, 1.018], [hm(13, 12), 1.022], [hm(13, 35), 0.985], [hm(14, 10), 0.94], [15, 0.938], [18, 0.955], [24, 0.99]],
  ETH: [[0, 1], [12, 1.02], [hm(13, 12), 1.026], [hm(13, 40), 0.975], [hm(14, 10), 0.935], [15, 0.93], [24, 0.965]],
  SOL: [[0, 1], [hm(13, 12), 1.01], [14, 0.975], [15, 0.97], [24, 0.985]],
  XRP: [[0, 1], [hm(13, 12), 1.005], [14, 0.975], [24, 0.985]],
  DOGE: [[0, 1], [hm(13, 12), 1.004], [14, 0.98], [24, 0.99]],
};

/** DEMO_FUNDING: each venue's 8h funding rate (a fraction): positive into the crash, about flat or negative after it. */
export const DEMO_FUNDING: Record<string, readonly Keyframe[]> = {
  binance: [[0, 0.0001], [12, 0.00013], [hm(13, 20), 0.00012], [14, 0.00004], [16, 0.00002], [24, 0.00002]],
  bybit: [[0, 0.0001], [12, 0.00012], [hm(13, 20), 0.00011], [14, -0.00002], [16, -0.00005], [24, -0.00004]],
  okx: [[0, 0.0001], [12, 0.00012], [hm(13, 20), 0.0001], [14, -0.00001], [16, -0.00003], [24, -0.00002]],
  hyperliquid: [[0, 0.0001], [12, 0.00014], [hm(13, 20), 0.00012], [14, 0.00002], [16, 0], [24, 0.000005]],
};

/**
 * DEMO_TRACKED_WHALE is the note's tracked whale ("known for shorting on inside information after the 10·11
 * crash", a daily unrealized loss of about $53M), here long BTC on Hyperliquid; a made-up address.
 */
export const DEMO_TRACKED_WHALE = {
  address: '0x1011000000000000000000000000000000c0ffee',
  label: '10/11 insider whale',
  symbol: 'BTC',
  size: 9_900,
  entryPrice: 89_705,
  liquidationPrice: 80_950,
};
