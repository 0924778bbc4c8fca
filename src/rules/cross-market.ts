import { withTexts } from './texts.js';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import type { IndexQuote } from '../market/records.js';

/**
 * CrossMarketState remembers the US session (its New York calendar date) that last fired, and whether
 * the rule has re-armed within it.
 */
export interface CrossMarketState {
  session: string;
  armed: boolean;
}

/** newCrossMarketState starts armed, with no session fired. */
export function newCrossMarketState(): CrossMarketState {
  return { session: '', armed: true };
}

const NY_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

// The date of the last minutes asked for (New York's offsets are whole hours, so a minute has one date): the
// rule asks for the clock's and each quote's date on every index event, and Intl formatting is slow.
const nyMinutes = [NaN, NaN];
const nyDates = ['', ''];
let nyNext = 0;

/** newYorkDate is the New York calendar date of `ts` ("2026-01-29"): the US trading session a quote belongs to. */
export function newYorkDate(ts: number): string {
  const minute = Math.floor(ts / 60_000);
  if (nyMinutes[0] === minute) return nyDates[0];
  if (nyMinutes[1] === minute) return nyDates[1];
  const date = NY_DATE.format(ts);
  nyMinutes[nyNext] = minute;
  nyDates[nyNext] = date;
  nyNext ^= 1;
  return date;
}

/**
 * evaluateCrossMarket fires when a configured index is at or below its threshold on the day, once per US
 * trading session (DESIGN §4): the session is the New York date of the quote's own `ts`. Only quotes of the
 * session under way (the New York date of `now`) count, so Friday's close re-checked on Saturday, or after
 * 00:00 UTC, never fires; a session that fired fires again only after every configured index of it has
 * retraced to `rearmFraction` of its threshold; a new session arms it afresh.
 */
export function evaluateCrossMarket(state: CrossMarketState, rules: RulesConfig, quotes: ReadonlyMap<string, IndexQuote>, now: number): AlertEvent | null {
  const cfg = rules.crossMarket;
  const today = newYorkDate(now);
  if (state.session !== today) state.armed = true;
  const breached: string[] = [];
  let allRetraced = true;
  for (const [sym, threshold] of Object.entries(cfg.thresholds)) {
    const q = quotes.get(sym);
    if (!q || newYorkDate(q.ts) !== today) continue;
    if (q.changePct <= threshold) breached.push(sym);
    if (q.changePct <= threshold * cfg.rearmFraction) allRetraced = false;
  }
  if (!state.armed) {
    if (allRetraced) state.armed = true;
    return null;
  }
  if (breached.length === 0) return null;
  state.armed = false;
  state.session = today;
  return crossMarketAlert(rules, quotes, breached, now);
}

function crossMarketAlert(rules: RulesConfig, quotes: ReadonlyMap<string, IndexQuote>, breached: string[], now: number): AlertEvent {
  const changes: Record<string, number> = {};
  const closes: Record<string, { price: number; prevClose: number; ts: number; marketState?: string }> = {};
  for (const [sym, q] of [...quotes].sort(([a], [b]) => a.localeCompare(b))) {
    changes[sym] = Math.round(q.changePct * 100) / 100;
    closes[sym] = { price: q.price, prevClose: q.prevClose, ts: q.ts, ...(q.marketState ? { marketState: q.marketState } : {}) };
  }
  return withTexts({
    id: `cross_market:${breached.join('+')}:${now}`,
    kind: 'cross_market',
    severity: rules.crossMarket.severity,
    symbol: null,
    ts: now,
    data: { changes, breached, session: newYorkDate(now), quotes: closes },
  });
}
