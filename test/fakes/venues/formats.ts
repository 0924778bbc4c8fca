/**
 * Venue wire formats for the fake venues, in the real shapes of ../../../../shared/reference/market-data-apis.md:
 * REST bodies per route and WebSocket frames per channel. Numbers are strings where the venue sends strings.
 */

/** FakeLiq is a liquidation the fake pushes, in our terms (side = the POSITION liquidated, qty in coins). */
export interface FakeLiq {
  symbol: string;
  side: 'long' | 'short';
  price: number;
  qty: number;
  ts: number;
}

/** FakeIndex is a cross-market instrument's state on the fake Yahoo. */
export interface FakeIndex {
  price: number;
  prevClose: number;
  /** A close from a week ago: what `chartPreviousClose` holds with range=5d (the classic bug reads it as yesterday's). */
  weekAgoClose: number;
  state: 'regular' | 'closed';
  /** When the last regular-session price was set, ms. */
  asOf: number;
  /** Whether `meta.previousClose` is present (Yahoo gives it only for some ranges). */
  withPreviousClose: boolean;
}

/** PayloadFault changes a value in a venue record: NaN, junk digits, seconds for ms, or a future time. */
export type PayloadFault = 'nan' | 'junk' | 'seconds' | 'future' | null;

/** OKX_CT_VAL is the fake's contract value per SWAP instrument (BTC-USDT-SWAP is 0.01 BTC, market-data-apis.md §5.5). */
export const OKX_CT_VAL: Record<string, number> = { BTC: 0.01, ETH: 0.1, SOL: 1 };

/** Two hours ahead: still "future" for an hour-aligned bucket (CoinGlass) late in the hour. */
const FUTURE_MS = 2 * 3_600_000;

/** priceStr renders a price as the venue would, or as the fault says. */
export function priceStr(p: number, fault: PayloadFault): string {
  return fault === 'nan' ? 'NaN' : fault === 'junk' ? `${p}abc` : String(p);
}

/** tsMs renders a ms timestamp, or as the fault says (seconds, 10 min ahead). */
export function tsMs(ms: number, fault: PayloadFault): number {
  return fault === 'seconds' ? Math.floor(ms / 1000) : fault === 'future' ? ms + FUTURE_MS : ms;
}

/** binanceTicker is a USD-M `ticker/24hr` object. */
export function binanceTicker(symbol: string, price: number, now: number, f: PayloadFault): object {
  const p = priceStr(price, f);
  return { symbol: `${symbol}USDT`, priceChange: '-12.5', priceChangePercent: '-0.015', weightedAvgPrice: p, lastPrice: p, lastQty: '0.010', openPrice: String(price * 1.01), highPrice: String(price * 1.02), lowPrice: String(price * 0.98), volume: '8913.3', quoteVolume: '15.3', openTime: now - 86_400_000, closeTime: tsMs(now, f), firstId: 28385, lastId: 28460, count: 76 };
}

/** bybitTickers is a v5 tickers envelope for one linear symbol. */
export function bybitTickers(symbol: string, price: number, now: number, f: PayloadFault): object {
  const p = priceStr(price, f);
  const item = { symbol: `${symbol}USDT`, lastPrice: p, indexPrice: p, markPrice: p, prevPrice24h: String(price), price24hPcnt: '0.008047', highPrice24h: p, lowPrice24h: p, prevPrice1h: p, openInterest: '373504107', turnover24h: '2352.9', volume24h: '49337318', fundingRate: '-0.001034', nextFundingTime: '1672387200000', bid1Price: p, ask1Price: p, bid1Size: '1', ask1Size: '1' };
  return { retCode: 0, retMsg: 'OK', result: { category: 'linear', list: [item] }, retExtInfo: {}, time: tsMs(now, f) };
}

/** okxTicker is a v5 market/ticker envelope for a SWAP. */
export function okxTicker(symbol: string, price: number, now: number, f: PayloadFault): object {
  const p = priceStr(price, f);
  return { code: '0', msg: '', data: [{ instType: 'SWAP', instId: `${symbol}-USDT-SWAP`, last: p, lastSz: '3', askPx: p, askSz: '10', bidPx: p, bidSz: '45', open24h: p, high24h: p, low24h: p, volCcy24h: '81137.755', vol24h: '46258703', ts: String(tsMs(now, f)), sodUtc0: p, sodUtc8: p }] };
}

/** okxInstruments is the SWAP instrument list with contract values. */
export function okxInstruments(): object {
  const linear = Object.entries(OKX_CT_VAL).map(([s, ct]) => ({ instType: 'SWAP', instId: `${s}-USDT-SWAP`, ctVal: String(ct), ctMult: '1', ctValCcy: s, ctType: 'linear', settleCcy: 'USDT', lotSz: '0.01', tickSz: '0.1' }));
  const inverse = { instType: 'SWAP', instId: 'BTC-USD-SWAP', ctVal: '100', ctMult: '1', ctValCcy: 'USD', ctType: 'inverse', settleCcy: 'BTC', lotSz: '1', tickSz: '0.1' };
  return { code: '0', msg: '', data: [...linear, inverse] };
}

/** hyperliquidMids is the allMids map, with a spot key and a HIP-3 key that must be skipped. */
export function hyperliquidMids(prices: Map<string, number>, f: PayloadFault, multiplied: ReadonlyMap<string, number> = new Map()): object {
  const out: Record<string, string> = { '@107': '38.2', 'PURR/USDC': '0.21' };
  // Hyperliquid names 1,000-unit contracts with a lower-case k (kPEPE), priced per 1,000.
  for (const [s, p] of prices) if (multiplied.has(s)) out[`k${s}`] = priceStr(p * 1_000, f);
  else out[s] = priceStr(p, f);
  return out;
}

/** coinbaseTicker is an Exchange products/{id}/ticker body with a nanosecond ISO time. */
export function coinbaseTicker(price: number, now: number, f: PayloadFault): object {
  const ms = f === 'seconds' ? Math.floor(now / 1000) : tsMs(now, f);
  const time = new Date(ms).toISOString().replace('Z', '274911Z');
  return { ask: String(price), bid: String(price), volume: '4916.94797396', trade_id: 1040406588, price: priceStr(price, f), size: '0.00782662', time, rfq_volume: '31.625279' };
}

/** yahooChart is a v8 chart body (range=5d, interval=1d) for one instrument. */
export function yahooChart(ticker: string, x: FakeIndex, now: number, f: PayloadFault): object {
  const asOfS = Math.floor(x.asOf / 1000);
  const day = 86_400;
  const lastOpen = asOfS - 6.5 * 3600;
  const timestamp = [4, 3, 2, 1, 0].map((d) => lastOpen - d * day);
  // A bar with no trades is null (market-data-apis.md §10.2); the session before the last one closed at prevClose.
  const close = [x.weekAgoClose, (x.weekAgoClose + x.prevClose) / 2, null, x.prevClose, x.price];
  const nowS = Math.floor(now / 1000);
  const regular = x.state === 'regular' ? { start: nowS - 3 * 3600, end: nowS + 3 * 3600 } : { start: nowS + day, end: nowS + day + 6.5 * 3600 };
  const price: unknown = f === 'nan' ? 'NaN' : f === 'junk' ? `${x.price}abc` : x.price;
  const rmt = f === 'seconds' ? x.asOf : f === 'future' ? asOfS + FUTURE_MS / 1000 : asOfS;
  const meta: Record<string, unknown> = {
    currency: 'USD', symbol: ticker, exchangeName: 'NIM', instrumentType: 'INDEX', regularMarketTime: rmt, gmtoffset: -18000, timezone: 'EST',
    exchangeTimezoneName: 'America/New_York', regularMarketPrice: price, chartPreviousClose: x.weekAgoClose, priceHint: 2,
    currentTradingPeriod: { pre: { start: regular.start - 5.5 * 3600, end: regular.start }, regular, post: { start: regular.end, end: regular.end + 4 * 3600 } },
    dataGranularity: '1d', range: '5d',
  };
  if (x.withPreviousClose) meta.previousClose = x.prevClose;
  return { chart: { result: [{ meta, timestamp, indicators: { quote: [{ close, open: close, high: close, low: close, volume: [1, 1, 1, 1, 1] }], adjclose: [{ adjclose: close }] } }], error: null } };
}

/** coinglassHistory is the aggregated-history envelope: hourly buckets of long/short USD. */
export function coinglassHistory(buckets: Array<{ time: number; long: number; short: number }>, f: PayloadFault): object {
  const data = buckets.map((b) => ({ time: tsMs(b.time, f), aggregated_long_liquidation_usd: f === 'nan' ? 'NaN' : b.long, aggregated_short_liquidation_usd: b.short }));
  return { code: '0', msg: 'success', data };
}

/** binanceForceOrder is a combined-stream `!forceOrder@arr` frame (SELL closes a long). */
export function binanceForceOrder(l: FakeLiq): { stream: string; data: { e: string; E: number; o: Record<string, unknown> } } {
  const q = String(l.qty);
  const o = { s: `${l.symbol}USDT`, S: l.side === 'long' ? 'SELL' : 'BUY', o: 'LIMIT', f: 'IOC', q, p: String(l.price * 0.999), ap: String(l.price), X: 'FILLED', l: q, z: q, T: l.ts };
  return { stream: '!forceOrder@arr', data: { e: 'forceOrder', E: l.ts + 5, o } };
}

/** bybitLiquidation is an `allLiquidation.{symbol}` frame (S is the POSITION side: Buy = long liquidated). */
export function bybitLiquidation(l: FakeLiq): { topic: string; type: string; ts: number; data: Array<Record<string, unknown>> } {
  return { topic: `allLiquidation.${l.symbol}USDT`, type: 'snapshot', ts: l.ts + 200, data: [{ T: l.ts, s: `${l.symbol}USDT`, S: l.side === 'long' ? 'Buy' : 'Sell', v: String(l.qty), p: String(l.price) }] };
}

/** okxLiquidation is a `liquidation-orders` frame, size in contracts (net mode: a sell closes a long). */
export function okxLiquidation(l: FakeLiq): { arg: object; data: Array<{ details: Array<Record<string, unknown>>; instId: string; [k: string]: unknown }> } {
  const sz = String(Math.round((l.qty / (OKX_CT_VAL[l.symbol] ?? 1)) * 1e8) / 1e8);
  const details = [{ bkLoss: '0', bkPx: String(l.price), ccy: '', posSide: 'net', side: l.side === 'long' ? 'sell' : 'buy', sz, ts: String(l.ts) }];
  return { arg: { channel: 'liquidation-orders', instType: 'SWAP' }, data: [{ details, instFamily: `${l.symbol}-USDT`, instId: `${l.symbol}-USDT-SWAP`, instType: 'SWAP', uly: `${l.symbol}-USDT` }] };
}

/** canaryFrame is the steady channel of each venue socket: mark price (Binance) or tickers (Bybit, OKX). */
export function canaryFrame(venue: 'binance' | 'bybit' | 'okx', price: number, now: number): object {
  if (venue === 'binance') return { stream: 'btcusdt@markPrice@1s', data: { e: 'markPriceUpdate', E: now, s: 'BTCUSDT', p: String(price), i: String(price), P: String(price), r: '0.0001', T: now + 3_600_000 } };
  if (venue === 'bybit') return { topic: 'tickers.BTCUSDT', type: 'snapshot', data: { symbol: 'BTCUSDT', lastPrice: String(price), markPrice: String(price) }, cs: now, ts: now };
  return { arg: { channel: 'tickers', instId: 'BTC-USDT-SWAP' }, data: [{ instType: 'SWAP', instId: 'BTC-USDT-SWAP', last: String(price), ts: String(now) }] };
}
