import type { History } from '../market/history.js';
import type { LeverageState } from '../market/leverage.js';
import { MINUTE_MS, type MinuteColumns } from '../market/minute-columns.js';
import type { PositionBook } from '../market/positions.js';
import { OI_MAX_AGE_MIN } from './leverage.js';
import type { LeverageTotal, LeverageView, VenueLeverage, WhaleView } from './market-view.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * pastValue reads a venue's per-minute column at `ts`, carrying its last value at most 10 minutes (NaN when
 * none that recent); before the column's first minute, its oldest value (early on, as pct_move: DESIGN §4).
 */
function pastValue(c: MinuteColumns | undefined, ts: number): number {
  if (!c || c.length === 0) return NaN;
  const minute = Math.floor(ts / MINUTE_MS);
  if (minute < c.start) return c.cols[0].find((v, i) => i < c.length && !Number.isNaN(v)) ?? NaN;
  for (let m = Math.min(minute, c.start + c.length - 1); m >= minute - OI_MAX_AGE_MIN && m >= c.start; m--) {
    const v = c.cols[0][m - c.start];
    if (!Number.isNaN(v)) return v;
  }
  return NaN;
}

function pct(now: number, then: number): number | null {
  return then > 0 && now > 0 ? (now / then - 1) * 100 : null;
}

/** total sums the fresh venues now, and for each window only the venues seen at both ends (as the rule: a venue coming back is not leverage). */
function total(venues: VenueLeverage[], then: (v: VenueLeverage, ms: number) => number): LeverageTotal | null {
  const fresh = venues.filter((v) => v.fresh);
  if (fresh.length === 0) return null;
  const change = (ms: number) => {
    const both = fresh.map((v) => [v.oi, then(v, ms)] as const).filter(([, t]) => t > 0);
    return both.length === 0 ? null : pct(both.reduce((n, [o]) => n + o, 0), both.reduce((n, [, t]) => n + t, 0));
  };
  return { oi: fresh.reduce((n, v) => n + v.oi, 0), sources: fresh.map((v) => v.source), change1hPct: change(HOUR_MS), change24hPct: change(DAY_MS) };
}

/**
 * leverageView is an asset's open interest per venue (latest, 1h and 24h ago from the per-minute history)
 * and in total, and its funding per venue, at the engine's clock `now`; `maxAgeMs` is the rule's freshness.
 */
export function leverageView(state: LeverageState, h: History, symbol: string, now: number, maxAgeMs: number): LeverageView | null {
  const a = state.assets.get(symbol);
  if (!a || (a.oi.size === 0 && a.funding.size === 0)) return null;
  const oiCols = h.leverage.oi.get(symbol);
  const sources = [...new Set([...a.oi.keys(), ...a.funding.keys()])].sort();
  const venues: VenueLeverage[] = sources.map((source) => {
    const s = a.oi.get(source);
    const f = a.funding.get(source);
    const oi = s?.latest ?? NaN;
    const at = (ms: number) => pastValue(oiCols?.get(source), now - ms);
    return {
      source, oi, oiTs: s?.latestTs ?? NaN, fresh: s !== undefined && s.latestTs >= now - maxAgeMs,
      change1hPct: pct(oi, at(HOUR_MS)), change24hPct: pct(oi, at(DAY_MS)), funding: f?.rate ?? null, fundingTs: f?.ts ?? null,
    };
  });
  const rates = venues.map((v) => v.funding).filter((r): r is number => r !== null);
  return {
    symbol, venues,
    total: total(venues, (v, ms) => pastValue(oiCols?.get(v.source), now - ms)),
    fundingMean: rates.length > 0 ? rates.reduce((x, y) => x + y, 0) / rates.length : null,
  };
}

/** DISCOVERED_MAX_AGE_MS: a position CoinGlass listed (polled every 5 minutes) and has not listed again for 30 minutes is no longer shown. */
const DISCOVERED_MAX_AGE_MS = 30 * 60_000;

/** whaleViews are the open positions of tracked accounts (and those CoinGlass listed lately) with who tracks each, largest notional first. */
export function whaleViews(book: PositionBook, now: number): WhaleView[] {
  return book.positions().flatMap((p) => {
    const t = book.tracked.get(p.account);
    if (!t || (t.discovered && p.ts < now - DISCOVERED_MAX_AGE_MS)) return [];
    return [{ ...p, label: t.label, deployment: t.deployment, chats: [...t.chats], discovered: t.discovered === true }];
  });
}
