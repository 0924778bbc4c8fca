import type { PositionEvent } from '../../market/types.js';

/** BookUpdate is what one account snapshot changed: closes to emit (size 0) and the symbols whose position fell. */
export interface BookUpdate {
  closes: PositionEvent[];
  /** Symbols whose position vanished, shrank or flipped: a liquidation may have happened (confirm with fills). */
  shrunk: string[];
}

/**
 * PositionBook remembers each tracked account's open positions between snapshots. A snapshot only lists
 * open positions, so a position that disappears is announced as closed (size 0, DESIGN §4: it ends its
 * episodes) with its last entry and mark. Pure: no clock, no I/O.
 */
export class PositionBook {
  private readonly open = new Map<string, Map<string, PositionEvent>>();

  /**
   * apply records one account's snapshot (its open positions at `ts`) and says what changed. An incomplete
   * snapshot (some rows refused) only updates the positions it has: nothing is inferred closed from it.
   */
  apply(account: string, snapshot: readonly PositionEvent[], ts: number, complete = true): BookUpdate {
    const before = this.open.get(account) ?? new Map<string, PositionEvent>();
    const after = new Map(complete ? [] : before);
    for (const p of snapshot) after.set(p.symbol, p);
    const closes: PositionEvent[] = [];
    const shrunk: string[] = [];
    for (const [symbol, prev] of before) {
      const now = after.get(symbol);
      if (now === prev) continue;
      if (!now) {
        closes.push({ ...prev, ts: Math.max(ts, prev.ts), size: 0, liquidationPrice: null, unrealizedPnlUsd: 0 });
        shrunk.push(symbol);
      } else if (Math.sign(now.size) !== Math.sign(prev.size) || Math.abs(now.size) < Math.abs(prev.size)) {
        shrunk.push(symbol);
      }
    }
    this.open.set(account, after);
    return { closes, shrunk };
  }

  /** positions lists every open position, largest notional first (for `/whales`). */
  positions(): PositionEvent[] {
    const all = [...this.open.values()].flatMap((m) => [...m.values()]);
    return all.sort((a, b) => Math.abs(b.size * b.markPrice) - Math.abs(a.size * a.markPrice));
  }

  /** forget drops an account that is no longer tracked. */
  forget(account: string): void {
    this.open.delete(account);
  }
}
