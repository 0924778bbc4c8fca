import { asRecord, excerpt, PRICE_MAX, pushChecked, Reader, shapeError, toNumber } from '../normalize.js';
import type { SessionQuote, SessionState, ParseCtx, ParseResult } from '../types.js';

/** YahooResult is a chart parse: the index event plus the quote with its market state. */
export interface YahooResult extends ParseResult {
  quotes: SessionQuote[];
}

type Rec = Record<string, unknown>;

/**
 * marketStateAt reads `meta.currentTradingPeriod` (unix seconds) at `now`: inside `regular` is a live
 * session; weekends and holidays point the periods at the next session, so they read as closed.
 */
export function marketStateAt(meta: Rec, now: number): SessionState {
  const period = asRecord(meta.currentTradingPeriod);
  const inside = (name: string) => {
    const p = asRecord(period?.[name]);
    const start = toNumber(p?.start);
    const end = toNumber(p?.end);
    return start !== null && end !== null && now >= start * 1000 && now < end * 1000;
  };
  if (inside('regular')) return 'regular';
  if (inside('pre')) return 'pre';
  if (inside('post')) return 'post';
  return 'closed';
}

/**
 * previousSessionClose is the TRUE previous session close: `meta.previousClose` when Yahoo gives it, else
 * the last non-null daily close before the bar of the session that set the price. `chartPreviousClose`
 * is the close before the requested range (a week ago with range=5d), so it is used only with range=1d
 * (market-data-apis.md §10.3).
 */
export function previousSessionClose(result: Rec, meta: Rec, asOfMs: number): number | null {
  const given = toNumber(meta.previousClose);
  if (given !== null && given > 0) return given;
  const stamps = Array.isArray(result.timestamp) ? result.timestamp : [];
  const quote = asRecord((asRecord(result.indicators)?.quote as unknown[] | undefined)?.[0]);
  const closes = Array.isArray(quote?.close) ? quote.close : [];
  let session = -1;
  for (let i = 0; i < stamps.length; i++) if ((toNumber(stamps[i]) ?? Infinity) * 1000 <= asOfMs) session = i;
  for (let i = Math.min(session, closes.length) - 1; i >= 0; i--) {
    const c = toNumber(closes[i]);
    if (c !== null && c > 0) return c;
  }
  const chartPrev = toNumber(meta.chartPreviousClose);
  return meta.range === '1d' && chartPrev !== null && chartPrev > 0 ? chartPrev : null;
}

/**
 * parseYahooChart reads `GET /v8/finance/chart/{symbol}?range=5d&interval=1d` into an index event for
 * `key` (NASDAQ, SP500, …): the regular-session price at `regularMarketTime` (unix SECONDS), against the
 * previous session's close, plus the market state so a weekend Nasdaq reads "closed", not "−0%, live".
 *
 * ```json
 * {"chart":{"result":[{"meta":{"currency":"USD","symbol":"NVDA","regularMarketTime":1705957200,
 *   "regularMarketPrice":596.54,"chartPreviousClose":547.1,"range":"5d","dataGranularity":"1d",
 *   "currentTradingPeriod":{"pre":{"start":1706000400,"end":1706020200},"regular":{"start":1706020200,"end":1706043600},
 *    "post":{"start":1706043600,"end":1706058000}}},
 *  "timestamp":[1705415400,1705501800,1705588200,1705674600,1705933800],
 *  "indicators":{"quote":[{"close":[563.82,560.53,571.07,594.91,596.54]}]}}],"error":null}}
 * ```
 */
export function parseYahooChart(payload: unknown, ctx: ParseCtx, key: string): YahooResult {
  const chart = asRecord(asRecord(payload)?.chart);
  if (!chart) return { ...shapeError('chart', `not a chart: ${excerpt(payload)}`), quotes: [] };
  const error = asRecord(chart.error);
  if (error) return { events: [], rejected: [{ reason: 'venue_error', field: 'chart.error', detail: `${excerpt(error.code)} ${excerpt(error.description)}` }], quotes: [] };
  const result = asRecord(Array.isArray(chart.result) ? chart.result[0] : undefined);
  const meta = asRecord(result?.meta);
  if (!result || !meta) return { ...shapeError('chart.result', excerpt(chart.result)), quotes: [] };
  const out: YahooResult = { events: [], rejected: [], quotes: [] };
  const r = new Reader(ctx, 'meta.');
  const price = r.positive(meta, 'regularMarketPrice', PRICE_MAX);
  const ts = r.seconds(meta, 'regularMarketTime');
  const prevClose = Number.isNaN(ts) ? NaN : previousSessionClose(result, meta, ts) ?? r.fail('missing_field', 'previousClose', 'no previous session close');
  if (!r.rejection && !(prevClose > 0 && prevClose < PRICE_MAX)) r.fail('out_of_range', 'previousClose', `${prevClose}`);
  pushChecked(out, r, { kind: 'index', ts, source: 'yahoo', symbol: key, price, prevClose });
  const ev = out.events[0];
  if (ev?.kind === 'index') {
    // The session state travels with the event to the engine and /markets (a closed market never reads as live).
    ev.marketState = marketStateAt(meta, ctx.now);
    out.quotes.push({ source: 'yahoo', symbol: key, price, prevClose, changePct: (price / prevClose - 1) * 100, marketState: ev.marketState, asOf: ts });
  }
  return out;
}
