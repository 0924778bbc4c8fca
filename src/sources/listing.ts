import { resolveContract } from './contract-units.js';
import { SourceError } from './errors.js';
import { requestJson, type HttpClient, type HttpOpts, type HttpRequest } from './http.js';
import { asRecord } from './normalize.js';
import type { SourceOutlet } from './outlet.js';

/** LISTING_REFRESH_MS: venues list new contracts (and re-denominate old ones) rarely; once a day is enough. */
export const LISTING_REFRESH_MS = 86_400_000;
/** LISTING_RETRY_MS: how soon a failed listing load is retried (until then, plain names are asked for). */
export const LISTING_RETRY_MS = 60_000;

/** ListingSpec is where a venue lists its USDT perpetuals and how to read their contract base names from the answer. */
export interface ListingSpec {
  request(base: string): HttpRequest;
  read(payload: unknown): string[];
}

const bases = (list: unknown, ok: (o: Record<string, unknown>) => boolean): string[] =>
  (Array.isArray(list) ? list : []).map(asRecord).filter((o): o is Record<string, unknown> => o !== null && typeof o.symbol === 'string' && ok(o)).map((o) => String(o.symbol).slice(0, -4));

/** BINANCE_LISTING: `GET /fapi/v1/exchangeInfo` (weight 1): USDT perpetuals, e.g. 1000PEPEUSDT (market-data-apis.md §1). */
export const BINANCE_LISTING: ListingSpec = {
  request: (base) => ({ method: 'GET', url: `${base}/fapi/v1/exchangeInfo` }),
  read: (p) => bases(asRecord(p)?.symbols, (o) => o.contractType === 'PERPETUAL' && o.quoteAsset === 'USDT'),
};

/** BYBIT_LISTING: `GET /v5/market/instruments-info?category=linear` (one page of 1,000 holds every USDT perpetual). */
export const BYBIT_LISTING: ListingSpec = {
  request: (base) => ({ method: 'GET', url: `${base}/v5/market/instruments-info?category=linear&limit=1000` }),
  read: (p) => bases(asRecord(asRecord(p)?.result)?.list, (o) => o.quoteCoin === 'USDT' && o.contractType === 'LinearPerpetual'),
};

/**
 * ContractListing knows the contract names a venue lists, so a followed asset is asked for under the name
 * the venue gives it: PEPE as 1000PEPEUSDT on Binance and Bybit (issue 11: contracts per 1,000 units map to
 * their base asset instead of silently dropping out). Until it loads, plain names are used and the failure
 * is counted through the outlet.
 */
export class ContractListing {
  private names: ReadonlySet<string> | null = null;
  private loadedAt = 0;
  private nextTryAt = 0;

  constructor(
    private readonly base: string,
    private readonly spec: ListingSpec,
    private readonly outlet: SourceOutlet,
    private readonly opts: { http?: HttpClient; httpOpts?: HttpOpts; now: () => number },
  ) {}

  /** name is the venue's contract base for `symbol` (1000PEPE for PEPE when that is what it lists), else the plain name. */
  name(symbol: string): string {
    return (this.names && resolveContract(symbol, this.names)) ?? symbol;
  }

  /** refreshIfDue loads the listing when it is a day old, or retries a failed load after a minute. */
  async refreshIfDue(): Promise<void> {
    const now = this.opts.now();
    if (now < (this.names ? this.loadedAt + LISTING_REFRESH_MS : this.nextTryAt)) return;
    this.nextTryAt = now + LISTING_RETRY_MS;
    try {
      const payload = await (this.opts.http ?? requestJson)(this.outlet.source, this.spec.request(this.base), { ...this.opts.httpOpts, now: this.opts.now });
      const names = this.spec.read(payload);
      if (names.length === 0) throw new SourceError(this.outlet.source, 'bad_shape', `${this.outlet.source}: contract listing is empty`);
      this.names = new Set(names);
      this.loadedAt = now;
    } catch (err) {
      const e = err instanceof SourceError ? err : null;
      this.outlet.reject({ reason: e?.reason ?? 'network', field: 'listing', detail: 'contract names not loaded: plain names are used', ...(e?.status !== undefined ? { status: e.status } : {}) });
    }
  }
}
