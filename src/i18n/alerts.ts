/**
 * Alert titles and texts written from an alert's facts alone (kind, symbol, ts, severity, data: DESIGN §3)
 * in a chat's language and zone. In English on UTC they are, byte for byte, what the rules wrote before
 * languages existed (test/i18n/alerts.test.ts replays the demo day to prove it).
 */

import type { Severity } from '../chat/severity.js';
import { indexName, textsFor, type Texts } from './catalogue.js';
import type { Locale } from './locale.js';

/** AlertFacts is what renderAlert reads: an AlertEvent minus its texts (any kind of DESIGN §3, including the coming ones). */
export interface AlertFacts {
  kind: string;
  symbol: string | null;
  ts: number;
  severity: Severity;
  data: Record<string, unknown>;
}

/** AlertText is an alert's title and text in one locale. */
export interface AlertText {
  title: string;
  text: string;
}

/** UnknownAlertKindError is an alert kind no renderer knows (a new rule without its texts: a bug). */
export class UnknownAlertKindError extends Error {
  constructor(kind: string) {
    super(`no texts for alert kind "${kind.slice(0, 40)}"`);
    this.name = 'UnknownAlertKindError';
  }
}

/** num reads a finite number from data (NaN otherwise, which formatters write as "—"). */
export function num(d: Record<string, unknown>, k: string): number {
  const v = d[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

function str(d: Record<string, unknown>, k: string, fallback = ''): string {
  const v = d[k];
  return typeof v === 'string' ? v : fallback;
}

type Renderer = (a: AlertFacts, x: Texts) => AlertText;

const levelBreak: Renderer = (a, x) => {
  const args = { symbol: a.symbol ?? '', direction: str(a.data, 'direction'), level: x.fmt.price(num(a.data, 'level')) };
  return {
    title: x.t('alert.level_break.title', args),
    text: x.t('alert.level_break.text', { ...args, time: x.fmt.dateTime(a.ts), price: x.fmt.price(num(a.data, 'price')), venues: num(a.data, 'venues') }),
  };
};

/** exactPct is the unrounded change the rule saw, from the prices it compared, in its arithmetic (data's changePct keeps 2 decimals). */
function exactPct(from: number, to: number, rounded: number): number {
  return from > 0 && Number.isFinite(to) ? (to / from - 1) * 100 : rounded;
}

const pctMove: Renderer = (a, x) => {
  const change = exactPct(num(a.data, 'from'), num(a.data, 'to'), num(a.data, 'changePct'));
  const args = { symbol: a.symbol ?? '', direction: change < 0 ? 'down' : 'up', change: x.fmt.pct(change), window: x.fmt.duration(num(a.data, 'windowMs')) };
  return {
    title: x.t('alert.pct_move.title', args),
    text: x.t('alert.pct_move.text', { ...args, from: x.fmt.price(num(a.data, 'from')), to: x.fmt.price(num(a.data, 'to')), threshold: x.fmt.pct(num(a.data, 'threshold'), 0) }),
  };
};

const liquidations: Renderer = (a, x) => {
  const dominant = str(a.data, 'dominant', 'mixed');
  const longShare = num(a.data, 'longShare');
  const total = x.fmt.usd(num(a.data, 'totalUsd'));
  const window = x.fmt.duration(num(a.data, 'windowMs'));
  return {
    title: x.t('alert.liquidations.title', { total, window, dominant, share: x.fmt.share(dominant === 'short' ? 1 - longShare : longShare) }),
    text: x.t('alert.liquidations.text', { total, window, count: num(a.data, 'count'), long: x.fmt.usd(num(a.data, 'longUsd')), short: x.fmt.usd(num(a.data, 'shortUsd')) }),
  };
};

const largeLiquidation: Renderer = (a, x) => {
  const source = str(a.data, 'source');
  const venueKey = x.key(`venueAlert.${source}`);
  const args = { usd: x.fmt.usd(num(a.data, 'notionalUsd')), symbol: a.symbol ?? '', side: str(a.data, 'side'), venue: venueKey ? x.t(venueKey) : source };
  return { title: x.t('alert.large_liquidation.title', args), text: x.t('alert.large_liquidation.text', { ...args, price: x.fmt.price(num(a.data, 'price')) }) };
};

const crossMarket: Renderer = (a, x) => {
  const changes = (a.data.changes ?? {}) as Record<string, unknown>;
  const quotes = (a.data.quotes ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const change = (s: string): number => {
    const q = quotes[s];
    const [price, prev] = [num(q ?? {}, 'price'), num(q ?? {}, 'prevClose')];
    return prev > 0 && Number.isFinite(price) ? ((price - prev) / prev) * 100 : num(changes, s); // as src/summary/history.ts computes it
  };
  const breached = Array.isArray(a.data.breached) ? (a.data.breached as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const item = (s: string) => x.t('alert.cross_market.item', { index: indexName(x, s, 'short'), change: x.fmt.pct(change(s)) });
  const all = Object.keys(changes).sort((p, q) => p.localeCompare(q));
  return { title: x.t('alert.cross_market.title', { breached: x.list(breached.map(item)) }), text: x.t('alert.cross_market.text', { changes: x.list(all.map(item)) }) };
};

/** TriggerFacts is one entry of a cascade's `data.triggers` (its `data` present when the rule carries it). */
interface TriggerFacts {
  kind: string;
  symbol: string | null;
  ts: number;
  severity: Severity;
  title?: string;
  data?: Record<string, unknown>;
}

/** triggerTitle writes one cascade trigger's title: from its data when it has some, else its stored English title or a generic line. */
export function triggerTitle(t: TriggerFacts, x: Texts): string {
  if (t.data && typeof t.data === 'object' && RENDERERS[t.kind]) return RENDERERS[t.kind]({ ...t, data: t.data }, x).title;
  if (x.locale.lang === 'en' && typeof t.title === 'string') return t.title;
  return x.t('alert.cascade.trigger', { kind: t.kind, symbol: t.symbol ?? '' });
}

/** triggersOf reads a cascade's triggers, skipping malformed entries. */
export function triggersOf(a: Pick<AlertFacts, 'data'>): TriggerFacts[] {
  const list = Array.isArray(a.data.triggers) ? (a.data.triggers as unknown[]) : [];
  return list.filter((t): t is TriggerFacts => !!t && typeof t === 'object' && typeof (t as TriggerFacts).kind === 'string' && typeof (t as TriggerFacts).ts === 'number');
}

const cascade: Renderer = (a, x) => {
  const direction = str(a.data, 'direction') === 'up' ? 'up' : 'down';
  const longShare = num(a.data, 'longShare');
  const args = {
    direction,
    total: x.fmt.usd(num(a.data, 'liquidationsUsd')),
    window: x.fmt.duration(num(a.data, 'windowMs')),
    share: x.fmt.share(direction === 'down' ? longShare : 1 - longShare),
  };
  const moves = triggersOf(a).filter((t) => t.kind === 'level_break' || t.kind === 'pct_move').slice(-4).map((t) => triggerTitle(t, x));
  return { title: x.t('alert.cascade.title', args), text: x.t('alert.cascade.text', { ...args, moves: x.clauses(moves) }) };
};

const leverageFlush: Renderer = (a, x) => {
  const change = num(a.data, 'changePct');
  const sources = a.data.sources;
  const venues = Array.isArray(sources) ? sources.length : num(a.data, 'sources');
  const args = { symbol: a.symbol ?? '', direction: change < 0 ? 'down' : 'up', change: x.fmt.pct(change), window: x.fmt.duration(num(a.data, 'windowMs')) };
  return {
    title: x.t('alert.leverage_flush.title', args),
    text: x.t('alert.leverage_flush.text', { ...args, from: x.fmt.priceBare(num(a.data, 'oiFrom')), to: x.fmt.priceBare(num(a.data, 'oiTo')), venues }),
  };
};

/** shortAccount writes an address as traders quote it: 0x1234…abcd. */
export function shortAccount(account: string): string {
  return /^0x[0-9a-f]{40}$/i.test(account) ? `${account.slice(0, 6)}…${account.slice(-4)}` : account;
}

const whale: Renderer = (a, x) => {
  const size = num(a.data, 'size');
  const mark = num(a.data, 'markPrice');
  const liq = num(a.data, 'liquidationPrice');
  const account = str(a.data, 'account');
  const label = str(a.data, 'label');
  const event = str(a.data, 'event');
  const args = {
    who: label || shortAccount(account),
    account: shortAccount(account),
    symbol: a.symbol ?? '',
    side: x.t('alert.whale.side', { side: size > 0 ? 'long' : size < 0 ? 'short' : 'none' }),
    size: x.fmt.priceBare(Math.abs(size)),
    mark: x.fmt.price(mark),
    liquidation: x.fmt.price(liq),
    pnl: x.fmt.usd(num(a.data, 'unrealizedPnlUsd')),
    hasPnl: Number.isFinite(num(a.data, 'unrealizedPnlUsd')) ? 'yes' : 'no',
    usd: x.fmt.usd(num(a.data, 'notionalUsd')),
    distance: x.fmt.pctAbs((Math.abs(mark - liq) / mark) * 100),
  };
  if (event === 'liquidated') return { title: x.t('alert.whale.liquidated.title', args), text: x.t('alert.whale.liquidated.text', args) };
  if (event === 'loss') return { title: x.t('alert.whale.loss.title', args), text: x.t('alert.whale.loss.text', args) };
  return { title: x.t('alert.whale.near_liquidation.title', args), text: x.t('alert.whale.near_liquidation.text', args) };
};

const RENDERERS: Record<string, Renderer> = {
  level_break: levelBreak,
  pct_move: pctMove,
  liquidations,
  large_liquidation: largeLiquidation,
  cross_market: crossMarket,
  cascade,
  leverage_flush: leverageFlush,
  whale,
};

/** ALERT_TEXT_KINDS lists every alert kind renderAlert writes. */
export const ALERT_TEXT_KINDS: readonly string[] = Object.keys(RENDERERS);

/** renderAlert writes an alert's title and text in `locale` from its facts; an unknown kind throws UnknownAlertKindError. */
export function renderAlert(a: AlertFacts, locale: Locale): AlertText {
  const r = Object.hasOwn(RENDERERS, a.kind) ? RENDERERS[a.kind] : undefined;
  if (!r) throw new UnknownAlertKindError(a.kind);
  return r(a, textsFor(locale));
}
