import type { MarketEvent, PositionEvent } from '../../market/types.js';
import { SourceError, SourceUnavailable } from '../errors.js';
import { requestJson, type HttpClient, type HttpOpts } from '../http.js';
import type { SourceOutlet } from '../outlet.js';
import type { ParseResult } from '../types.js';
import { parseClearinghouseState, parseLiquidationFills } from './accounts-parse.js';
import { infoWeight, type WeightBudget } from './budget.js';
import { infoRequest, sendTaken } from './info-client.js';
import type { HyperliquidPlan } from './planner.js';
import { PositionBook } from './position-book.js';

function isState(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && Array.isArray((payload as { assetPositions?: unknown }).assetPositions);
}

/** CONFIRM_LOOKBACK_MS: a confirmation asks for fills since the previous snapshot, less this margin for clock skew. */
export const CONFIRM_LOOKBACK_MS = 60_000;

/** WhalePollerOpts are the whale poller's endpoint, budget and seams. */
export interface WhalePollerOpts {
  base: string;
  budget: WeightBudget;
  now: () => number;
  http?: HttpClient;
  httpOpts?: HttpOpts;
}

/**
 * WhalePoller reads tracked accounts' positions (`clearinghouseState`, weight 2) at the plan's cadence,
 * staggered over the period, never past the plan's ceiling of the shared weight budget; a position that
 * vanishes or shrinks is confirmed with the account's fills since the last snapshot (`userFillsByTime`,
 * weight 20+), which turns a liquidation into a `liquidation` event carrying `account`. A 429 blocks the
 * whole budget (see sendTaken). Driven by `tick()`; nothing it does throws.
 */
export class WhalePoller {
  readonly book = new PositionBook();
  private plan: HyperliquidPlan | null = null;
  private readonly due = new Map<string, number>();
  private readonly lastPolled = new Map<string, number>();
  private readonly confirms = new Map<string, number>();
  private readonly urgent = new Set<string>();
  private readonly busy = new Set<string>();

  constructor(private readonly outlet: SourceOutlet, private readonly opts: WhalePollerOpts) {}

  /** setPlan adopts a plan: new accounts are spread over one cadence from now, dropped ones are forgotten. */
  setPlan(plan: HyperliquidPlan): void {
    const now = this.opts.now();
    const keep = new Set(plan.polled);
    for (const a of [...this.due.keys()]) if (!keep.has(a)) (this.due.delete(a), this.book.forget(a));
    const fresh = plan.polled.filter((a) => !this.due.has(a));
    fresh.forEach((a, i) => this.due.set(a, now + Math.floor(((plan.cadenceMs ?? 0) * i) / Math.max(1, fresh.length))));
    this.plan = plan;
  }

  /** pollNow moves an account to the front (a real-time fill said something happened to it). */
  pollNow(account: string): void {
    if (this.due.has(account)) this.urgent.add(account);
  }

  /** positions are the open positions of every polled account, largest first. */
  positions(): PositionEvent[] {
    return this.book.positions();
  }

  /** tick sends every call that is due and fits in the budget; it resolves to the events delivered. */
  async tick(): Promise<MarketEvent[]> {
    const plan = this.plan;
    if (!plan || plan.cadenceMs === null) return [];
    const now = this.opts.now();
    const calls: Array<Promise<MarketEvent[]>> = [];
    for (const [account, since] of this.confirms) {
      if (this.busy.has(account)) continue;
      if (!this.take(infoWeight('userFillsByTime') + 1, plan.usablePerMin)) break;
      this.confirms.delete(account);
      calls.push(this.guard(account, () => this.confirm(account, since)));
    }
    for (const account of this.dueAccounts(now)) {
      if (!this.take(infoWeight('clearinghouseState'), plan.whaleCeilingPerMin)) break;
      const at = this.due.get(account)!;
      this.due.set(account, at + plan.cadenceMs > now ? at + plan.cadenceMs : now + plan.cadenceMs);
      this.urgent.delete(account);
      calls.push(this.guard(account, () => this.poll(account)));
    }
    return (await Promise.all(calls)).flat();
  }

  private dueAccounts(now: number): string[] {
    const due = [...this.due].filter(([a, at]) => !this.busy.has(a) && (at <= now || this.urgent.has(a)));
    return due.sort((x, y) => Number(this.urgent.has(y[0])) - Number(this.urgent.has(x[0])) || x[1] - y[1]).map(([a]) => a);
  }

  private take(weight: number, ceiling: number): boolean {
    return this.opts.budget.tryTake(weight, this.opts.now(), this.opts.budget.limit - ceiling);
  }

  private async guard(account: string, fn: () => Promise<MarketEvent[]>): Promise<MarketEvent[]> {
    this.busy.add(account);
    try {
      return await fn();
    } finally {
      this.busy.delete(account);
    }
  }

  private async call(body: Record<string, unknown>): Promise<unknown> {
    return sendTaken(this.opts.budget, this.opts.http ?? requestJson, this.outlet.source, infoRequest(this.opts.base, body), { ...this.opts.httpOpts, now: this.opts.now });
  }

  private async poll(account: string): Promise<MarketEvent[]> {
    let payload: unknown;
    try {
      payload = await this.call({ type: 'clearinghouseState', user: account });
    } catch (err) {
      return this.fault(err, account);
    }
    const now = this.opts.now();
    const result = parseClearinghouseState(payload, { now, account });
    if (!isState(payload)) return this.outlet.deliver(result, 'position');
    // A refused row (a liquidation price on the wrong side, …) keeps its last good state: no close is inferred.
    const { closes, shrunk } = this.book.apply(account, result.events as PositionEvent[], now, result.rejected.length === 0);
    if (shrunk.length > 0) this.confirms.set(account, (this.lastPolled.get(account) ?? now) - CONFIRM_LOOKBACK_MS);
    this.lastPolled.set(account, now);
    const out: ParseResult = { events: [...result.events, ...closes], rejected: result.rejected };
    return this.outlet.deliver(out, 'position');
  }

  private async confirm(account: string, since: number): Promise<MarketEvent[]> {
    let payload: unknown;
    try {
      payload = await this.call({ type: 'userFillsByTime', user: account, startTime: since, aggregateByTime: true });
    } catch (err) {
      this.confirms.set(account, since);
      return this.fault(err, account);
    }
    return this.outlet.deliver(parseLiquidationFills(payload, { now: this.opts.now(), account, maxAgeMs: this.opts.now() - since + CONFIRM_LOOKBACK_MS }), 'liquidation');
  }

  private fault(err: unknown, account: string): MarketEvent[] {
    const e = err instanceof SourceError ? err : new SourceUnavailable(this.outlet.source, 'network', 'call failed', { cause: err });
    const blocked = this.opts.budget.blockedUntil > this.opts.now() ? `; every Hyperliquid call waits until ${new Date(this.opts.budget.blockedUntil).toISOString()}` : '';
    this.outlet.reject({ reason: e.reason, field: 'account', detail: `${account}${blocked}`, ...(e.status !== undefined ? { status: e.status } : {}) });
    return [];
  }
}
