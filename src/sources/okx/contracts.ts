import { SourceError } from '../errors.js';
import { requestJson, type HttpClient, type HttpOpts } from '../http.js';
import type { SourceOutlet } from '../outlet.js';
import { OKX_CONTRACTS_REFRESH_MS, okxInstrumentsRequest } from './feeds.js';
import { parseOkxInstruments, type OkxContract } from './parse.js';

/** OKX_CONTRACTS_RETRY_MS: how soon a failed contract-table load is retried. */
export const OKX_CONTRACTS_RETRY_MS = 60_000;

/**
 * OkxContracts keeps the SWAP contract table (ctVal, ctMult) that converts OKX liquidation sizes from
 * contracts to coins. Until it loads, OKX liquidations are rejected as `unknown_contract`, never guessed.
 */
export class OkxContracts {
  /** table maps instId (BTC-USDT-SWAP) to its contract. */
  table: ReadonlyMap<string, OkxContract> = new Map();
  private loadedAt = 0;
  private nextTryAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly base: string,
    private readonly outlet: SourceOutlet,
    private readonly opts: { http?: HttpClient; httpOpts?: HttpOpts; now: () => number; refreshMs?: number; retryMs?: number },
  ) {}

  /** refresh loads the table now; failures are reported through the outlet and retried later. */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** refreshIfDue reloads daily, or retries a failed first load. */
  refreshIfDue(): Promise<void> {
    const now = this.opts.now();
    const due = this.table.size > 0 ? this.loadedAt + (this.opts.refreshMs ?? OKX_CONTRACTS_REFRESH_MS) : this.nextTryAt;
    return now >= due ? this.refresh() : Promise.resolve();
  }

  private async load(): Promise<void> {
    try {
      const payload = await (this.opts.http ?? requestJson)('okx', okxInstrumentsRequest(this.base), { ...this.opts.httpOpts, now: this.opts.now });
      const { contracts, rejected } = parseOkxInstruments(payload);
      for (const r of rejected) this.outlet.reject(r);
      if (contracts.size === 0) throw new SourceError('okx', 'bad_shape', 'okx: instruments list is empty');
      this.table = contracts;
      this.loadedAt = this.opts.now();
      this.outlet.info({ contracts: contracts.size }, `loaded ${contracts.size} SWAP contract sizes`);
    } catch (err) {
      this.nextTryAt = this.opts.now() + (this.opts.retryMs ?? OKX_CONTRACTS_RETRY_MS);
      const e = err instanceof SourceError ? err : null;
      this.outlet.reject({ reason: e?.reason ?? 'network', field: 'instruments', detail: 'contract table not loaded; liquidations wait for it', ...(e?.status !== undefined ? { status: e.status } : {}) });
    }
  }
}
