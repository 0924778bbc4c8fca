import type { PositionEvent } from './types.js';

/** HeldPosition is a tracked account's latest snapshot of one position (copied: events may be reused by the reader). */
export interface HeldPosition {
  account: string;
  symbol: string;
  source: string;
  ts: number;
  size: number;
  entryPrice: number;
  markPrice: number;
  liquidationPrice: number | null;
  unrealizedPnlUsd: number;
}

/** TrackedAccount is who watches an account: the deployment (rules file), chats (`/watch`), or nobody yet (seen in a replay). */
export interface TrackedAccount {
  label: string | null;
  /** Listed in the rules file: alerts follow the usual routing. */
  deployment: boolean;
  /** Chats that watch it (chat keys); its alerts go only to them unless `deployment`. */
  chats: string[];
  /** Nobody configured it: an aggregator (CoinGlass) listed its large position. Shown by `/whales`, never alerted on. */
  discovered?: boolean;
}

/** DISCOVERY_SOURCES list the sources whose positions are of accounts nobody configured (CoinGlass's whale list). */
export const DISCOVERY_SOURCES: ReadonlySet<string> = new Set(['coinglass']);

/**
 * PositionBook keeps the open positions of tracked accounts (latest snapshot per account and asset) and who
 * tracks each account. A closed position (size 0) leaves the book. In a replay every account that has
 * position events is tracked (`autoTrack`); a live engine tracks only the accounts it is told about.
 */
export class PositionBook {
  readonly open = new Map<string, Map<string, HeldPosition>>();
  readonly tracked = new Map<string, TrackedAccount>();
  autoTrack = true;

  /** isTracked says whether `account` is watched (configured, watched by a chat, or seen with positions in a replay). */
  isTracked(account: string): boolean {
    return this.tracked.has(account);
  }

  /** setTracked replaces who is tracked (rules file plus `/watch`); positions of accounts no longer tracked are forgotten. */
  setTracked(accounts: ReadonlyMap<string, TrackedAccount>, autoTrack: boolean): void {
    this.autoTrack = autoTrack;
    this.tracked.clear();
    const found = [...this.tracked].filter(([a, t]) => t.discovered && !accounts.has(a));
    this.tracked.clear();
    for (const [a, t] of accounts) this.tracked.set(a, { label: t.label, deployment: t.deployment, chats: [...t.chats] });
    for (const [a, t] of found) this.tracked.set(a, t); // accounts CoinGlass listed stay until it stops listing them
    if (!autoTrack) for (const a of [...this.open.keys()]) if (!this.tracked.has(a)) this.open.delete(a);
  }

  /**
   * apply takes a snapshot in; returns the position it replaced (null when new), or undefined when it is
   * ignored: older than the one held, or of an account nobody tracks (a live engine, after `/watch remove`).
   */
  apply(ev: PositionEvent): HeldPosition | null | undefined {
    if (!this.tracked.has(ev.account)) {
      const discovered = DISCOVERY_SOURCES.has(ev.source);
      if (!this.autoTrack && !discovered) return undefined;
      this.tracked.set(ev.account, { label: null, deployment: true, chats: [], ...(discovered ? { discovered } : {}) });
    }
    let mine = this.open.get(ev.account);
    const prev = mine?.get(ev.symbol) ?? null;
    if (prev && ev.ts < prev.ts) return undefined;
    if (ev.size === 0) {
      mine?.delete(ev.symbol);
      return prev;
    }
    if (!mine) this.open.set(ev.account, (mine = new Map()));
    mine.set(ev.symbol, {
      account: ev.account, symbol: ev.symbol, source: ev.source, ts: ev.ts, size: ev.size, entryPrice: ev.entryPrice,
      markPrice: ev.markPrice, liquidationPrice: ev.liquidationPrice, unrealizedPnlUsd: ev.unrealizedPnlUsd,
    });
    return prev;
  }

  /** position is an account's open position in `symbol`, if any. */
  position(account: string, symbol: string): HeldPosition | undefined {
    return this.open.get(account)?.get(symbol);
  }

  /** accountPnl is the unrealized PnL of all of an account's open positions. */
  accountPnl(account: string): number {
    let sum = 0;
    for (const p of this.open.get(account)?.values() ?? []) sum += p.unrealizedPnlUsd;
    return sum;
  }

  /** positions lists every open position, largest notional first. */
  positions(): HeldPosition[] {
    const all = [...this.open.values()].flatMap((m) => [...m.values()]);
    return all.sort((a, b) => Math.abs(b.size) * b.markPrice - Math.abs(a.size) * a.markPrice);
  }

  /** label is an account's label (null when it has none or is not tracked). */
  label(account: string): string | null {
    return this.tracked.get(account)?.label ?? null;
  }
}
