import {
  emptyPositioning, follows, FUNDING_DEFAULT_INTERVAL_H, intervalFromTimes, readFunding8h, readOpenInterest,
  type PositioningCtx, type PositioningResult,
} from '../leverage.js';
import { asRecord, excerpt, pushChecked, Reader, toNumber } from '../normalize.js';
import { okxBase } from './parse.js';

const SOURCE = 'okx';

function envelope(payload: unknown): Record<string, unknown>[] | PositioningResult {
  const env = asRecord(payload);
  if (!env) return emptyPositioning([{ reason: 'bad_shape', field: 'code', detail: `envelope is ${excerpt(payload)}` }]);
  if (env.code !== '0') return emptyPositioning([{ reason: 'venue_error', field: 'code', detail: `${excerpt(env.code)} ${excerpt(env.msg)}` }]);
  if (!Array.isArray(env.data)) return emptyPositioning([{ reason: 'bad_shape', field: 'data', detail: excerpt(env.data) }]);
  return env.data.map((d) => asRecord(d) ?? {});
}

/** okxUsdtSwapBase is the base asset of a USDT-margined perpetual (BTC-USDT-SWAP → BTC), or null for other instruments. */
export function okxUsdtSwapBase(instId: unknown): string | null {
  return typeof instId === 'string' && instId.endsWith('-USDT-SWAP') ? okxBase(instId) : null;
}

/**
 * parseOkxOpenInterest reads v5 `GET /api/v5/public/open-interest?instType=SWAP[&instId=]`. Only `oiCcy`
 * ("open interest in number of coin") is used: `oi` is in CONTRACTS (BTC-USDT-SWAP: 0.01 BTC each), so a
 * row with `oi` but no `oiCcy` is refused as the wrong unit, never converted by guess.
 *
 * ```json
 * {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"5000","oiCcy":"555.55",
 *  "oiUsd":"50000","ts":"1597026383085"}]}
 * ```
 */
export function parseOkxOpenInterest(payload: unknown, ctx: PositioningCtx): PositioningResult {
  const rows = envelope(payload);
  if (!Array.isArray(rows)) return rows;
  const out = emptyPositioning();
  for (const o of rows) {
    const base = okxUsdtSwapBase(o.instId);
    if (!base || !follows(ctx, base)) continue;
    const r = new Reader(ctx, 'data.');
    const symbol = r.symbol(base, 'instId');
    if ((o.oiCcy === undefined || o.oiCcy === '') && o.oi !== undefined) r.fail('wrong_unit', 'oi', `${excerpt(o.oi)} is in contracts and oiCcy (coins) is missing`);
    const oi = readOpenInterest(r, o, 'oiCcy', 1);
    const ts = r.ms(o, 'ts');
    pushChecked(out, r, { kind: 'open_interest', ts, source: SOURCE, symbol, oi });
    if (!r.rejection) out.readings.push({ source: SOURCE, symbol, oi, multiplier: 1, venueTs: ts, readAt: ctx.now });
  }
  return out;
}

/** okxFundingInterval is the settlement interval in hours: nextFundingTime − fundingTime, else fundingTime − prevFundingTime, else 8. */
export function okxFundingInterval(o: Record<string, unknown>): number | null {
  const at = toNumber(o.fundingTime);
  const next = toNumber(o.nextFundingTime);
  const prev = toNumber(o.prevFundingTime);
  if (at !== null && next !== null) return intervalFromTimes(at, next);
  if (at !== null && prev !== null) return intervalFromTimes(prev, at);
  return FUNDING_DEFAULT_INTERVAL_H;
}

/**
 * parseOkxFunding reads v5 `GET /api/v5/public/funding-rate?instId=`: `fundingRate` is the rate of the
 * period settling at `fundingTime`; the interval ("8 hours, may be adjusted to 6, 4, 2 or 1") is
 * `nextFundingTime − fundingTime`. Normalised to 8 h, at `ts`.
 *
 * ```json
 * {"code":"0","data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","fundingRate":"0.0001000000000000",
 *  "fundingTime":"1787184000000","nextFundingRate":"","nextFundingTime":"1787212800000","prevFundingTime":"1787155200000",
 *  "settFundingRate":"0.0000467644705158","settState":"settled","method":"current_period","formulaType":"withRate",
 *  "interestRate":"0.0001000000000000","impactValue":"20000","minFundingRate":"-0.00375","maxFundingRate":"0.00375",
 *  "premium":"-0.0002490087536155","ts":"1787160689190"}],"msg":""}
 * ```
 */
export function parseOkxFunding(payload: unknown, ctx: PositioningCtx): PositioningResult {
  const rows = envelope(payload);
  if (!Array.isArray(rows)) return rows;
  const out = emptyPositioning();
  for (const o of rows) {
    const base = okxUsdtSwapBase(o.instId);
    if (!base || !follows(ctx, base)) continue;
    const r = new Reader(ctx, 'data.');
    const symbol = r.symbol(base, 'instId');
    const interval = okxFundingInterval(o);
    const intervalHours = interval ?? r.fail('bad_shape', 'nextFundingTime', `${excerpt(o.fundingTime)} → ${excerpt(o.nextFundingTime)} is not a settlement interval`);
    const rate = readFunding8h(r, o, 'fundingRate', intervalHours);
    const ts = r.ms(o, 'ts');
    pushChecked(out, r, { kind: 'funding', ts, source: SOURCE, symbol, rate });
    if (!r.rejection) out.readings.push({ source: SOURCE, symbol, rate8h: rate, rawRate: (rate * intervalHours) / 8, intervalHours, multiplier: 1, venueTs: ts, readAt: ctx.now });
  }
  return out;
}
