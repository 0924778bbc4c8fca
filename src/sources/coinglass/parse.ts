import { asRecord, excerpt, NOTIONAL_MAX, Reader, shapeError } from '../normalize.js';
import type { ParseCtx, Rejection } from '../types.js';

/** SECONDS_BELOW: an epoch time under 1e11 is in seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

/** CoinglassTotals is one coin's long/short liquidation USD over the window, and the newest bucket's time. */
export interface CoinglassTotals {
  longUsd: number;
  shortUsd: number;
  lastBucketTs: number;
}

/** CoinglassResult is a parse of one aggregated-history answer: the totals (null when unusable) and rejections. */
export interface CoinglassResult {
  totals: CoinglassTotals | null;
  rejected: Rejection[];
}

/**
 * parseCoinglassHistory sums CoinGlass v4 `GET /api/futures/liquidation/aggregated-history` buckets
 * starting inside the window. The sides are already position sides; values are USD numbers; `time` is
 * read in seconds or milliseconds, both of which CoinGlass's own docs show (market-data-apis.md §8.1 says
 * ms; v4 examples also give 10-digit seconds); `code` is a string ("0" = OK). Any bad bucket rejects the
 * whole answer: a partial sum would understate the range.
 *
 * ```json
 * {"code":"0","msg":"success","data":[{"time":1658966400000,"aggregated_long_liquidation_usd":5916885.14234,
 *  "aggregated_short_liquidation_usd":12969583.87632}]}
 * ```
 */
export function parseCoinglassHistory(payload: unknown, ctx: ParseCtx & { windowMs: number }): CoinglassResult {
  const env = asRecord(payload);
  if (!env) return { totals: null, rejected: shapeError('code', `envelope is ${excerpt(payload)}`).rejected };
  if (env.code !== '0') return { totals: null, rejected: [{ reason: 'venue_error', field: 'code', detail: `${excerpt(env.code)} ${excerpt(env.msg)}` }] };
  if (!Array.isArray(env.data)) return { totals: null, rejected: shapeError('data', excerpt(env.data)).rejected };
  const totals: CoinglassTotals = { longUsd: 0, shortUsd: 0, lastBucketTs: 0 };
  // Buckets are as old as the window, so the age check is the window's, not the live-event default.
  const bucketCtx = { now: ctx.now, maxAgeMs: ctx.windowMs + 86_400_000 };
  for (const item of env.data) {
    const o = asRecord(item) ?? {};
    const r = new Reader(bucketCtx, 'data.');
    const ts = typeof o.time === 'number' && o.time > 0 && o.time < SECONDS_BELOW ? r.seconds(o, 'time') : r.ms(o, 'time');
    const long = r.number(o, 'aggregated_long_liquidation_usd');
    const short = r.number(o, 'aggregated_short_liquidation_usd');
    if (!r.rejection && !(long >= 0 && long < NOTIONAL_MAX && short >= 0 && short < NOTIONAL_MAX)) r.fail('out_of_range', 'aggregated_long_liquidation_usd', `${long}/${short}`);
    if (r.rejection) return { totals: null, rejected: [r.rejection] };
    if (ts < ctx.now - ctx.windowMs) continue;
    totals.longUsd += long;
    totals.shortUsd += short;
    totals.lastBucketTs = Math.max(totals.lastBucketTs, ts);
  }
  return { totals, rejected: [] };
}
