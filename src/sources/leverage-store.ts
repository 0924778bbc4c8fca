import type { HttpRequest } from './http.js';
import type { BasisPoint, LeverageReading, LongShortRatio, PositioningCtx, PositioningResult, SummaryResult } from './leverage.js';
import type { RestCall } from './poller.js';
import type { ParseCtx, ParseResult } from './types.js';

/**
 * LeverageStore keeps the latest leverage reading per venue and asset (open interest and funding merged,
 * each with when it was read), and the latest summary-only figures: term structure and top-trader ratio.
 * What `/leverage` and the summary's coverage lines read; the MarketEvents go to the engine separately.
 */
export class LeverageStore {
  private readonly latest = new Map<string, LeverageReading>();
  private readonly basisPoints = new Map<string, BasisPoint>();
  private readonly ratioPoints = new Map<string, LongShortRatio>();

  /** record merges readings into the latest per venue and asset. */
  record(readings: readonly LeverageReading[]): void {
    for (const r of readings) {
      const key = `${r.source}|${r.symbol}`;
      this.latest.set(key, { ...this.latest.get(key), ...r });
    }
  }

  /** recordBasis keeps the newest point per venue, asset and contract type. */
  recordBasis(points: readonly BasisPoint[]): void {
    for (const p of points) {
      const key = `${p.source}|${p.symbol}|${p.contractType}`;
      if ((this.basisPoints.get(key)?.ts ?? -1) <= p.ts) this.basisPoints.set(key, p);
    }
  }

  /** recordRatios keeps the newest long/short ratio per venue and asset. */
  recordRatios(points: readonly LongShortRatio[]): void {
    for (const p of points) {
      const key = `${p.source}|${p.symbol}`;
      if ((this.ratioPoints.get(key)?.ts ?? -1) <= p.ts) this.ratioPoints.set(key, p);
    }
  }

  /** readings are the latest per venue and asset, sorted by asset then venue. */
  readings(): LeverageReading[] {
    return [...this.latest.values()].sort((a, b) => a.symbol.localeCompare(b.symbol) || a.source.localeCompare(b.source));
  }

  /** basis is the latest term structure, sorted by asset then contract. */
  basis(): BasisPoint[] {
    return [...this.basisPoints.values()].sort((a, b) => a.symbol.localeCompare(b.symbol) || a.contractType.localeCompare(b.contractType));
  }

  /** longShort is the latest top-trader ratio per venue and asset. */
  longShort(): LongShortRatio[] {
    return [...this.ratioPoints.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }
}

/** leverageCall wraps a leverage parser as a poller call: its events go on, its readings into the store. */
export function leverageCall(req: HttpRequest, parse: (payload: unknown, ctx: PositioningCtx) => PositioningResult, store: LeverageStore, symbols?: ReadonlySet<string>): RestCall {
  return {
    req,
    parse: (payload: unknown, ctx: ParseCtx): ParseResult => {
      const r = parse(payload, { ...ctx, symbols });
      store.record(r.readings);
      return { events: r.events, rejected: r.rejected };
    },
  };
}

/** summaryCall wraps a summary-only parser as a poller call: no events, its items go to `keep`. */
export function summaryCall<T>(req: HttpRequest, parse: (payload: unknown, ctx: PositioningCtx) => SummaryResult<T>, keep: (items: T[]) => void): RestCall {
  return {
    req,
    parse: (payload: unknown, ctx: ParseCtx): ParseResult => {
      const r = parse(payload, ctx);
      keep(r.items);
      return { events: [], rejected: r.rejected };
    },
  };
}
