import { HYPERLIQUID_WEIGHT_PER_MIN, infoWeight } from './budget.js';
import { normalizeAccount } from './accounts-parse.js';

/** HYPERLIQUID_MAX_WS_USERS: "Maximum of 10 unique users across user-specific websocket subscriptions" per IP (rate-limits doc, §1.3). */
export const HYPERLIQUID_MAX_WS_USERS = 10;
/** DEFAULT_SAFETY_FRACTION: a tenth of the limit is never planned (fills' after-the-fact weight, another process on the IP, clock drift). */
export const DEFAULT_SAFETY_FRACTION = 0.1;
/** DEFAULT_CONFIRM_RESERVE_PER_MIN: room for three `userFillsByTime` confirmations a minute (20 each) when a tracked position vanishes. */
export const DEFAULT_CONFIRM_RESERVE_PER_MIN = 60;
/** ACCOUNT_CADENCES_MS are the polling periods the planner chooses from, fastest first. */
export const ACCOUNT_CADENCES_MS: readonly number[] = [10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000];

/** TrackedAccount is an account someone wants watched: from the rules file (deployment) or a chat's `/watch`. */
export interface TrackedAccount {
  address: string;
  label?: string | null;
  /** How many chats watch it (deployment accounts: the chats they are routed to). */
  watchers: number;
  deployment?: boolean;
}

/** PlanOpts are the other Hyperliquid calls sharing the budget, and the tunables. */
export interface PlanOpts {
  limitPerMin?: number;
  safetyFraction?: number;
  /** allMids (weight 2) price poll period; 0 when the price poller is off. */
  pricePollMs?: number;
  /** metaAndAssetCtxs (weight 20) open interest and funding poll period; 0 when off. */
  ctxPollMs?: number;
  confirmReservePerMin?: number;
  cadencesMs?: readonly number[];
  maxRealtime?: number;
}

/** FixedCall is a recurring Hyperliquid call the plan makes room for. */
export interface FixedCall {
  call: string;
  weight: number;
  everyMs: number;
  perMin: number;
}

/** HyperliquidPlan says how the 1,200 weight a minute is spent: fixed calls, account polling, and who is real-time. */
export interface HyperliquidPlan {
  limitPerMin: number;
  usablePerMin: number;
  fixed: FixedCall[];
  /** Weight a minute kept for the fixed calls and the confirmation reserve. */
  reservedPerMin: number;
  confirmReservePerMin: number;
  accountBudgetPerMin: number;
  /** The window total up to which account polls may go (usable minus the confirmation reserve). */
  whaleCeilingPerMin: number;
  /** The period every polled account is read at (null when none is tracked or none fits). */
  cadenceMs: number | null;
  polled: string[];
  /** Tracked but over capacity even at the slowest cadence (lowest priority first dropped). */
  unpolled: string[];
  accountPerMin: number;
  totalPerMin: number;
  /** At most 10 accounts with real-time `userFills` subscriptions: the most watched. */
  realtime: string[];
  /** How many accounts fit at each cadence (for the README and `/status`). */
  capacity: Array<{ cadenceMs: number; accounts: number }>;
  rejected: Array<{ address: string; reason: string }>;
}

/** rankAccounts merges duplicates (summing watchers), refuses bad addresses, and orders by watchers, then deployment, then address. */
export function rankAccounts(accounts: readonly TrackedAccount[]): { ranked: TrackedAccount[]; rejected: HyperliquidPlan['rejected'] } {
  const byAddr = new Map<string, TrackedAccount>();
  const rejected: HyperliquidPlan['rejected'] = [];
  for (const a of accounts) {
    const address = normalizeAccount(a.address);
    if (!address) {
      rejected.push({ address: String(a.address).slice(0, 60), reason: 'not 0x + 40 hex' });
      continue;
    }
    const prev = byAddr.get(address);
    byAddr.set(address, { ...a, address, watchers: (prev?.watchers ?? 0) + Math.max(0, a.watchers), deployment: Boolean(prev?.deployment || a.deployment), label: a.label ?? prev?.label ?? null });
  }
  const ranked = [...byAddr.values()].sort((x, y) => y.watchers - x.watchers || Number(Boolean(y.deployment)) - Number(Boolean(x.deployment)) || (x.address < y.address ? -1 : 1));
  return { ranked, rejected };
}

function fixedCalls(o: PlanOpts): FixedCall[] {
  const calls: FixedCall[] = [];
  const add = (call: string, everyMs: number | undefined) => {
    if (!everyMs) return;
    const weight = infoWeight(call);
    calls.push({ call, weight, everyMs, perMin: Math.ceil((weight * 60_000) / everyMs) });
  };
  add('allMids', o.pricePollMs ?? 5_000);
  add('metaAndAssetCtxs', o.ctxPollMs ?? 60_000);
  return calls;
}

/**
 * planHyperliquid is the pure budget plan: the usable weight (limit minus a safety tenth) minus the fixed
 * calls and the confirmation reserve is what account polling (clearinghouseState, weight 2) may spend; the
 * fastest cadence at which every tracked account fits is chosen, and when none does the slowest cadence
 * polls the most watched ones and the rest are listed as unpolled. The ≤ 10 most watched get real time.
 */
export function planHyperliquid(accounts: readonly TrackedAccount[], o: PlanOpts = {}): HyperliquidPlan {
  const limitPerMin = o.limitPerMin ?? HYPERLIQUID_WEIGHT_PER_MIN;
  const usablePerMin = Math.floor(limitPerMin * (1 - (o.safetyFraction ?? DEFAULT_SAFETY_FRACTION)));
  const fixed = fixedCalls(o);
  const confirmReservePerMin = o.confirmReservePerMin ?? DEFAULT_CONFIRM_RESERVE_PER_MIN;
  const reservedPerMin = fixed.reduce((s, c) => s + c.perMin, 0) + confirmReservePerMin;
  const accountBudgetPerMin = Math.max(0, usablePerMin - reservedPerMin);
  const w = infoWeight('clearinghouseState');
  const cadences = o.cadencesMs ?? ACCOUNT_CADENCES_MS;
  const fit = (cadenceMs: number) => Math.floor((accountBudgetPerMin * cadenceMs) / (60_000 * w));
  const capacity = cadences.map((cadenceMs) => ({ cadenceMs, accounts: fit(cadenceMs) }));
  const { ranked, rejected } = rankAccounts(accounts);
  const addrs = ranked.map((a) => a.address);
  const cadenceMs = addrs.length === 0 ? null : (capacity.find((c) => c.accounts >= addrs.length)?.cadenceMs ?? cadences[cadences.length - 1] ?? null);
  const n = cadenceMs === null ? 0 : Math.min(addrs.length, fit(cadenceMs));
  const accountPerMin = cadenceMs === null ? 0 : Math.ceil((n * w * 60_000) / cadenceMs);
  return {
    limitPerMin, usablePerMin, fixed, reservedPerMin, confirmReservePerMin, accountBudgetPerMin, whaleCeilingPerMin: usablePerMin - confirmReservePerMin,
    cadenceMs: n > 0 ? cadenceMs : null, polled: addrs.slice(0, n), unpolled: addrs.slice(n), accountPerMin,
    totalPerMin: reservedPerMin + accountPerMin,
    realtime: addrs.slice(0, Math.min(o.maxRealtime ?? HYPERLIQUID_MAX_WS_USERS, HYPERLIQUID_MAX_WS_USERS)),
    capacity, rejected,
  };
}
