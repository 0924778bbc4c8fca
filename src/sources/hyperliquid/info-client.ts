import { SourceUnavailable } from '../errors.js';
import { requestJson, type HttpClient, type HttpOpts, type HttpRequest } from '../http.js';
import { extraWeight, HYPERLIQUID_429_BACKOFF_MS, infoWeight, type WeightBudget } from './budget.js';

/** infoRequest is a `POST {base}/info` with a JSON body (the only REST route Hyperliquid's reads use). */
export function infoRequest(base: string, body: Record<string, unknown>): HttpRequest {
  return { method: 'POST', url: `${base}/info`, body: JSON.stringify(body) };
}

/** infoType is the `type` of an info request's body ("unknown" when it has none: it then weighs 20). */
export function infoType(req: HttpRequest): string {
  try {
    const t = (JSON.parse(req.body ?? '{}') as { type?: unknown }).type;
    return typeof t === 'string' ? t : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * sendTaken makes a call whose weight the caller already took from the budget: it charges the weight the
 * answer adds (items returned) and turns a 429 into a block of the whole budget for the venue's wait
 * (Retry-After, else one window), so no Hyperliquid call of the process goes out until it is over.
 */
export async function sendTaken(budget: WeightBudget, http: HttpClient, source: string, req: HttpRequest, opts: HttpOpts & { now: () => number }): Promise<unknown> {
  try {
    const payload = await http(source, req, opts);
    budget.charge(extraWeight(infoType(req), payload), opts.now());
    return payload;
  } catch (err) {
    if (err instanceof SourceUnavailable && err.reason === 'http_429') budget.block(opts.now() + (err.retryAfterMs ?? HYPERLIQUID_429_BACKOFF_MS));
    throw err;
  }
}

/**
 * budgetedHttp wraps an HttpClient so that every Hyperliquid info call is first taken from the shared
 * budget: a call with no room (or during a 429 block) is not sent and fails as `budget`, retryable after
 * the time the budget names. The price and context pollers use it; the whale poller takes weight itself.
 */
export function budgetedHttp(budget: WeightBudget, inner: HttpClient = requestJson, reserve = 0): HttpClient {
  return async (source, req, opts = {}) => {
    const now = opts.now ?? Date.now;
    const type = infoType(req);
    const weight = infoWeight(type);
    if (!budget.tryTake(weight, now(), reserve)) {
      const wait = Math.max(1_000, budget.nextRoomAt(weight, now(), reserve) - now());
      throw new SourceUnavailable(source, 'budget', `${source}: ${type} not sent, weight budget full (${budget.used(now())}/${budget.limit} this minute)`, { retryAfterMs: Number.isFinite(wait) ? wait : HYPERLIQUID_429_BACKOFF_MS });
    }
    return sendTaken(budget, inner, source, req, { ...opts, now });
  };
}
