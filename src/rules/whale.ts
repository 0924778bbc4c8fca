import { withTexts } from './texts.js';
import { NO_ALERTS, type AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { SEVERITY_RANK, type Severity } from '../chat/severity.js';
import type { TrackedAccount } from '../market/positions.js';
import type { LiquidationEvent, PositionEvent } from '../market/types.js';

/** Snapshot is what the rule remembers of a position's last snapshot (a liquidation alert reports it). */
interface Snapshot {
  size: number;
  pnl: number;
  mark: number;
  liq: number | null;
}

/** PositionEpisode is one account's position in one asset, from open to close: its loss tiers and near-liquidation arms. */
export interface PositionEpisode {
  ts: number;
  open: boolean;
  loss: boolean[];
  near: boolean;
  last: Snapshot | null;
}

/** LiquidatedEpisode is one position's liquidation run: fills within liquidatedEpisodeMs of each other add up. */
export interface LiquidatedEpisode {
  lastTs: number;
  usd: number;
  qty: number;
  rank: number;
}

/** WhaleState is the whale rule's memory, keyed by "account|symbol". */
export interface WhaleState {
  positions: Map<string, PositionEpisode>;
  liquidated: Map<string, LiquidatedEpisode>;
}

/** newWhaleState starts with no episode. */
export function newWhaleState(): WhaleState {
  return { positions: new Map(), liquidated: new Map() };
}


/**
 * evaluatePosition judges a tracked account's position snapshot (DESIGN §4 whale): `loss` when its unrealized
 * PnL reaches a tier (each tier its own episode, re-armed above `rearmFraction` of it; the most severe of
 * those reached at once fires), `near_liquidation` once when the mark is within nearLiquidationPct of the
 * liquidation price (re-armed beyond nearRearmPct). A close (size 0) or a flip ends the episode.
 */
export function evaluatePosition(state: WhaleState, rules: RulesConfig, ev: PositionEvent, who: TrackedAccount): AlertEvent[] {
  const cfg = rules.whales;
  const key = `${ev.account}|${ev.symbol}`;
  let ep = state.positions.get(key);
  if (ep && ev.ts < ep.ts) return NO_ALERTS;
  const fresh = (): PositionEpisode => ({ ts: ev.ts, open: true, loss: cfg.loss.map(() => true), near: true, last: null });
  if (!ep) state.positions.set(key, (ep = fresh()));
  else if (!ep.open || Math.sign(ev.size) !== Math.sign(ep.last?.size ?? ev.size)) Object.assign(ep, fresh(), { last: ep.last });
  ep.ts = ev.ts;
  if (ev.size === 0) {
    ep.open = false;
    return NO_ALERTS;
  }
  ep.last = { size: ev.size, pnl: ev.unrealizedPnlUsd, mark: ev.markPrice, liq: ev.liquidationPrice };
  const out: AlertEvent[] = [];
  const tier = lossTier(ep, cfg, ev.unrealizedPnlUsd);
  if (tier) out.push(whaleAlert('loss', tier.severity, ev.symbol, ev.account, who, ep.last, ev.ts, { threshold: tier.usd }));
  if (ev.liquidationPrice !== null) {
    const distance = (Math.abs(ev.markPrice - ev.liquidationPrice) / ev.markPrice) * 100;
    if (!ep.near && distance > cfg.nearRearmPct) ep.near = true;
    else if (ep.near && distance <= cfg.nearLiquidationPct) {
      ep.near = false;
      out.push(whaleAlert('near_liquidation', 'warning', ev.symbol, ev.account, who, ep.last, ev.ts, { distancePct: Math.round(distance * 100) / 100 }));
    }
  }
  return out;
}

function lossTier(ep: PositionEpisode, cfg: RulesConfig['whales'], pnl: number): RulesConfig['whales']['loss'][number] | null {
  let best: RulesConfig['whales']['loss'][number] | null = null;
  cfg.loss.forEach((t, i) => {
    if (!ep.loss[i]) {
      if (pnl > t.usd * cfg.rearmFraction) ep.loss[i] = true;
      return;
    }
    if (pnl > t.usd) return;
    ep.loss[i] = false;
    if (!best || SEVERITY_RANK[t.severity] > SEVERITY_RANK[best.severity] || (t.severity === best.severity && t.usd < best.usd)) best = t;
  });
  return best;
}

/**
 * evaluateLiquidation judges a liquidation that names a tracked account (DESIGN §4 whale `liquidated`): fills
 * of one position within liquidatedEpisodeMs of each other are one episode, which fires at the tier its total
 * reaches and again only if a later fill lifts it to a more severe tier.
 */
export function evaluateLiquidation(state: WhaleState, rules: RulesConfig, ev: LiquidationEvent & { account: string }, who: TrackedAccount): AlertEvent[] {
  const cfg = rules.whales;
  const key = `${ev.account}|${ev.symbol}`;
  let ep = state.liquidated.get(key);
  if (!ep || ev.ts - ep.lastTs >= cfg.liquidatedEpisodeMs) state.liquidated.set(key, (ep = { lastTs: ev.ts, usd: 0, qty: 0, rank: -1 }));
  ep.lastTs = Math.max(ep.lastTs, ev.ts);
  ep.usd += ev.notionalUsd;
  ep.qty += ev.qty;
  let severity: Severity | null = null;
  for (const t of cfg.liquidated) if (ep.usd >= t.usd && (!severity || SEVERITY_RANK[t.severity] > SEVERITY_RANK[severity])) severity = t.severity;
  if (!severity || SEVERITY_RANK[severity] <= ep.rank) return NO_ALERTS;
  ep.rank = SEVERITY_RANK[severity];
  const known = state.positions.get(key)?.last;
  const sideSign = ev.side === 'long' ? 1 : -1;
  const snap: Snapshot = known && Math.sign(known.size) === sideSign
    ? { ...known, mark: ev.price }
    : { size: sideSign * ep.qty, pnl: NaN, mark: ev.price, liq: null };
  return [whaleAlert('liquidated', severity, ev.symbol, ev.account, who, snap, ev.ts, { source: ev.source, notionalUsd: ep.usd })];
}

function whaleAlert(event: 'liquidated' | 'loss' | 'near_liquidation', severity: Severity, symbol: string, account: string, who: TrackedAccount, s: Snapshot, ts: number, extra: Record<string, unknown>): AlertEvent {
  return withTexts({
    id: `whale:${account}:${symbol}:${event}:${severity}:${ts}`,
    kind: 'whale',
    severity,
    symbol,
    ts,
    data: {
      account, label: who.label, event, size: s.size, unrealizedPnlUsd: Number.isNaN(s.pnl) ? null : s.pnl, markPrice: s.mark, liquidationPrice: s.liq,
      ...extra,
      // A chat's own watched account alerts only that chat (src/lifecycle/filter.ts routes on it).
      ...(!who.deployment && who.chats.length > 0 ? { chats: [...who.chats].sort() } : {}),
    },
  });
}
