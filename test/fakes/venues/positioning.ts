import {
  binanceBasis, binanceFundingInfo, binanceOpenInterest, binancePremiumIndex, binanceTopLongShort, bybitLinearTickers,
  hlClearinghouseState, hlMetaAndAssetCtxs, okxFundingRate, okxOpenInterest, type FakePosition, type LeverageRow,
} from './positioning-formats.js';

/** LeverageVenue is a venue with leverage routes on the fake. */
export type LeverageVenue = 'binance' | 'bybit' | 'okx' | 'hyperliquid';

/** PositioningRoute names each leverage route the fake serves (Hyperliquid's info types share `hyperliquid.info`). */
export type PositioningRoute =
  | 'binance.openInterest' | 'binance.premiumIndex' | 'binance.fundingInfo' | 'binance.basis' | 'binance.longShort'
  | 'bybit.linear' | 'okx.openInterest' | 'okx.funding';

/** FakeLeverage is an asset's leverage on one fake venue, in our terms: open interest in base units, funding per 8 h. */
export interface FakeLeverage {
  oi: number;
  funding8h: number;
  intervalH?: number;
}

/** OKX_POSITIONING_CT_VAL: contract values of the fake's SWAPs (BTC-USDT-SWAP is 0.01 BTC; market-data-apis.md §5.5). */
const OKX_CT_VAL: Record<string, number> = { BTC: 0.01, ETH: 0.1, SOL: 1, PEPE: 10_000_000 };
const PEPE_PRICE = 0.00001;

/**
 * FakePositioning is the leverage and account state of the fake venues: per venue and asset, open
 * interest and funding; per Hyperliquid account, positions (or `null`: the account answers null) and
 * fills. `units` makes Bybit answer open interest in contracts (its USD value no longer matches) and OKX
 * answer `oi` (contracts) without `oiCcy` (coins).
 */
export class FakePositioning {
  readonly leverage = new Map<LeverageVenue, Map<string, FakeLeverage>>();
  units: Partial<Record<'bybit' | 'okx', 'contracts'>> = {};
  readonly accounts = new Map<string, FakePosition[] | null>();
  readonly fills = new Map<string, object[]>();

  constructor(private readonly prices: Map<string, number>) {
    const base: Record<string, FakeLeverage> = { BTC: { oi: 80_000, funding8h: 0.0001 }, ETH: { oi: 1_900_000, funding8h: 0.00008 }, SOL: { oi: 9_000_000, funding8h: 0.0002, intervalH: 4 }, PEPE: { oi: 400_000_000_000, funding8h: 0.0003 } };
    for (const v of ['binance', 'bybit', 'okx', 'hyperliquid'] as const) this.leverage.set(v, new Map(Object.entries(base).map(([s, l]) => [s, { ...l }])));
  }

  /** set changes one venue's open interest (base units) and funding (per 8 h) for an asset. */
  set(venue: LeverageVenue, symbol: string, l: Partial<FakeLeverage>): void {
    const m = this.leverage.get(venue)!;
    m.set(symbol, { ...(m.get(symbol) ?? { oi: 1, funding8h: 0 }), ...l });
  }

  /** rows are a venue's assets in its own contract names (Hyperliquid funds hourly; 1000PEPE / kPEPE). */
  rows(venue: LeverageVenue): LeverageRow[] {
    return [...this.leverage.get(venue)!].map(([symbol, l]) => {
      const multiplier = symbol === 'PEPE' && venue !== 'okx' ? 1_000 : 1;
      const contract = multiplier === 1 ? symbol : venue === 'hyperliquid' ? `k${symbol}` : `1000${symbol}`;
      return { symbol, contract, multiplier, price: this.prices.get(symbol) ?? PEPE_PRICE, oi: l.oi, funding8h: l.funding8h, intervalH: venue === 'hyperliquid' ? 1 : (l.intervalH ?? 8) };
    });
  }

  /** answer serves a leverage route; `arg` is the venue symbol (or pair|contractType for basis). */
  answer(route: PositioningRoute, arg: string, now: number): { status: number; body: unknown } {
    const row = (venue: LeverageVenue, pred: (r: LeverageRow) => boolean) => this.rows(venue).find(pred);
    switch (route) {
      case 'binance.openInterest': {
        const r = row('binance', (x) => `${x.contract}USDT` === arg);
        return r ? { status: 200, body: binanceOpenInterest(r, now) } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
      }
      case 'binance.premiumIndex':
        return { status: 200, body: binancePremiumIndex(this.rows('binance'), now) };
      case 'binance.fundingInfo':
        return { status: 200, body: binanceFundingInfo(this.rows('binance')) };
      case 'binance.basis': {
        const [pair, contractType] = arg.split('|');
        const r = row('binance', (x) => `${x.contract}USDT` === pair);
        return r ? { status: 200, body: binanceBasis(pair, contractType, r.price * r.multiplier, now) } : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
      }
      case 'binance.longShort':
        return { status: 200, body: binanceTopLongShort(arg, now) };
      case 'bybit.linear':
        return { status: 200, body: bybitLinearTickers(this.rows('bybit'), now, this.units.bybit === 'contracts') };
      case 'okx.openInterest':
      case 'okx.funding': {
        const r = row('okx', (x) => `${x.symbol}-USDT-SWAP` === arg);
        if (!r) return { status: 200, body: { code: '51001', msg: "Instrument ID doesn't exist.", data: [] } };
        return { status: 200, body: route === 'okx.funding' ? okxFundingRate(r, now) : okxOpenInterest(r, OKX_CT_VAL[r.symbol] ?? 1, now, this.units.okx === 'contracts') };
      }
    }
  }

  /** info serves the Hyperliquid info types of the leverage and whale watch (allMids stays with the price fake). */
  info(body: Record<string, unknown>, now: number): { status: number; body: unknown } | null {
    const user = typeof body.user === 'string' ? body.user.toLowerCase() : '';
    switch (body.type) {
      case 'metaAndAssetCtxs':
        return { status: 200, body: hlMetaAndAssetCtxs(this.rows('hyperliquid')) };
      case 'clearinghouseState': {
        const positions = this.accounts.get(user);
        return { status: 200, body: positions === null ? null : hlClearinghouseState(positions ?? [], now) };
      }
      case 'userFillsByTime':
        return { status: 200, body: (this.fills.get(user) ?? []).filter((f) => (f as { time: number }).time >= Number(body.startTime ?? 0)) };
      default:
        return null;
    }
  }
}

/** positioningRouteOf maps a leverage request to its route and argument, or null when it is not one. */
export function positioningRouteOf(method: string, url: URL): { route: PositioningRoute; arg: string } | null {
  if (method !== 'GET') return null;
  const p = url.pathname;
  const q = url.searchParams;
  if (p === '/fapi/v1/openInterest') return { route: 'binance.openInterest', arg: q.get('symbol') ?? '' };
  if (p === '/fapi/v1/premiumIndex' && !q.has('symbol')) return { route: 'binance.premiumIndex', arg: '' };
  if (p === '/fapi/v1/fundingInfo') return { route: 'binance.fundingInfo', arg: '' };
  if (p === '/futures/data/basis') return { route: 'binance.basis', arg: `${q.get('pair') ?? ''}|${q.get('contractType') ?? ''}` };
  if (p === '/futures/data/topLongShortPositionRatio') return { route: 'binance.longShort', arg: q.get('symbol') ?? '' };
  if (p === '/v5/market/tickers' && q.get('category') === 'linear' && !q.has('symbol')) return { route: 'bybit.linear', arg: '' };
  if (p === '/api/v5/public/open-interest') return { route: 'okx.openInterest', arg: q.get('instId') ?? '' };
  if (p === '/api/v5/public/funding-rate') return { route: 'okx.funding', arg: q.get('instId') ?? '' };
  return null;
}
