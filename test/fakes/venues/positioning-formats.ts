/**
 * Leverage and account wire formats for the fake venues, field for field as the recorded payloads in
 * ../../fixtures/positioning.ts (the venues' docs and recorded answers): numbers are strings where the
 * venue sends strings. Inputs are in our terms (open interest in BASE units, funding per 8 h); each
 * function writes what the venue would (contracts of 1,000 for 1000PEPEUSDT and kPEPE, the venue's interval).
 */

/** LeverageRow is one asset's leverage on a fake venue, in our terms. */
export interface LeverageRow {
  symbol: string;
  /** The venue's contract name for it: BTC, 1000PEPE, kPEPE. */
  contract: string;
  multiplier: number;
  price: number;
  oi: number;
  funding8h: number;
  intervalH: number;
}

const str = (n: number) => String(Number(n.toPrecision(12)));
const perInterval = (r: LeverageRow) => (r.funding8h * r.intervalH) / 8;

/** binanceOpenInterest is `GET /fapi/v1/openInterest` (base units of the contract: 1000PEPE for 1000PEPEUSDT). */
export function binanceOpenInterest(r: LeverageRow, now: number): object {
  return { openInterest: str(r.oi / r.multiplier), symbol: `${r.contract}USDT`, time: now };
}

/** binancePremiumIndex is `GET /fapi/v1/premiumIndex` without a symbol: every contract, a dated one included. */
export function binancePremiumIndex(rows: readonly LeverageRow[], now: number): object[] {
  const one = (symbol: string, mark: number, rate: string) => ({ symbol, markPrice: str(mark), indexPrice: str(mark * 0.9999), estimatedSettlePrice: str(mark), lastFundingRate: rate, interestRate: '0.00010000', nextFundingTime: now + 3_600_000, time: now });
  return [...rows.map((r) => one(`${r.contract}USDT`, r.price * r.multiplier, str(perInterval(r)))), one('BTCUSDT_260327', 66_000, ''), one('BTCUSDC', 65_010, '0.00005')];
}

/** binanceFundingInfo is `GET /fapi/v1/fundingInfo`: only the symbols whose interval was adjusted. */
export function binanceFundingInfo(rows: readonly LeverageRow[]): object[] {
  return rows.filter((r) => r.intervalH !== 8).map((r) => ({ symbol: `${r.contract}USDT`, adjustedFundingRateCap: '0.02000000', adjustedFundingRateFloor: '-0.02000000', fundingIntervalHours: r.intervalH, disclaimer: false }));
}

/** binanceBasis is `GET /futures/data/basis`: the latest 5-minute bar of one contract type. */
export function binanceBasis(pair: string, contractType: string, price: number, now: number): object[] {
  const premium = contractType === 'PERPETUAL' ? 0.0004 : contractType === 'CURRENT_QUARTER' ? 0.012 : 0.025;
  const futures = price * (1 + premium);
  const bar = Math.floor(now / 300_000) * 300_000;
  return [{ indexPrice: str(price), contractType, basisRate: str(premium), futuresPrice: str(futures), annualizedBasisRate: contractType === 'PERPETUAL' ? '' : str(premium * 4), basis: str(futures - price), pair, timestamp: bar }];
}

/** binanceTopLongShort is `GET /futures/data/topLongShortPositionRatio` (timestamp as a string, as documented). */
export function binanceTopLongShort(pair: string, now: number): object[] {
  return [{ symbol: pair, longShortRatio: '1.4342', longAccount: '0.5891', shortAccount: '0.4108', timestamp: String(Math.floor(now / 300_000) * 300_000) }];
}

/** bybitLinearTickers is v5 `tickers?category=linear` for every contract (a USDC perp included, as Bybit lists it). */
export function bybitLinearTickers(rows: readonly LeverageRow[], now: number, contracts = false): object {
  const list = rows.map((r) => {
    const mark = r.price * r.multiplier;
    const oi = r.oi / r.multiplier;
    return {
      symbol: `${r.contract}USDT`, lastPrice: str(mark), indexPrice: str(mark), markPrice: str(mark), prevPrice24h: str(mark), price24hPcnt: '-0.024155', highPrice24h: str(mark), lowPrice24h: str(mark),
      prevPrice1h: str(mark), openInterest: str(contracts ? oi * 100 : oi), openInterestValue: str(oi * mark), turnover24h: '10983940889.6900', volume24h: '102583.4090',
      fundingRate: str(perInterval(r)), nextFundingTime: String(now + 3_600_000), predictedDeliveryPrice: '', basisRate: '', deliveryFeeRate: '', deliveryTime: '0', ask1Size: '0.012',
      bid1Price: str(mark), ask1Price: str(mark), bid1Size: '2.529', basis: '', preOpenPrice: '', preQty: '', curPreListingPhase: '', fundingIntervalHour: String(r.intervalH), basisRateYear: '', fundingCap: '0.005',
    };
  });
  if (list.length > 0) list.push({ ...list[0], symbol: 'BTCPERP' });
  return { retCode: 0, retMsg: 'OK', result: { category: 'linear', list }, retExtInfo: {}, time: now };
}

/** okxOpenInterest is v5 `public/open-interest` for one SWAP: `oi` in contracts of `ctVal` coins, `oiCcy` in coins. */
export function okxOpenInterest(r: LeverageRow, ctVal: number, now: number, withoutCcy = false): object {
  const row: Record<string, string> = { instType: 'SWAP', instId: `${r.symbol}-USDT-SWAP`, oi: str(r.oi / ctVal), oiCcy: str(r.oi), oiUsd: str(r.oi * r.price), ts: String(now) };
  if (withoutCcy) delete row.oiCcy;
  return { code: '0', msg: '', data: [row] };
}

/** okxFundingRate is v5 `public/funding-rate` for one SWAP: the interval is nextFundingTime − fundingTime. */
export function okxFundingRate(r: LeverageRow, now: number): object {
  const interval = r.intervalH * 3_600_000;
  const fundingTime = Math.ceil(now / interval) * interval;
  return {
    code: '0', msg: '',
    data: [{
      formulaType: 'withRate', fundingRate: str(perInterval(r)), fundingTime: String(fundingTime), impactValue: '20000', instId: `${r.symbol}-USDT-SWAP`, instType: 'SWAP',
      interestRate: '0.0001000000000000', maxFundingRate: '0.00375', method: 'current_period', minFundingRate: '-0.00375', nextFundingRate: '', nextFundingTime: String(fundingTime + interval),
      premium: '-0.0002490087536155', prevFundingTime: String(fundingTime - interval), settFundingRate: '0.0000467644705158', settState: 'settled', ts: String(now),
    }],
  };
}

/** hlMetaAndAssetCtxs is `metaAndAssetCtxs`: universe and contexts zipped by index, a delisted asset included. */
export function hlMetaAndAssetCtxs(rows: readonly LeverageRow[]): unknown[] {
  const universe = [...rows.map((r) => ({ szDecimals: 2, name: r.contract, maxLeverage: 40, marginTableId: 56 })), { szDecimals: 1, name: 'LUNA', maxLeverage: 3, marginTableId: 3, isDelisted: true }];
  const ctx = (r: LeverageRow) => {
    const px = str(r.price * r.multiplier);
    return { funding: str(r.funding8h / 8), openInterest: str(r.oi / r.multiplier), prevDayPx: px, dayNtlVlm: '2621135493.3779191971', premium: '-0.0006674644', oraclePx: px, markPx: px, midPx: px, impactPxs: [px, px], dayBaseVlm: '28387.92009' };
  };
  return [{ universe, marginTables: [], collateralToken: 0 }, [...rows.map(ctx), { funding: '0.0', openInterest: '0.0', prevDayPx: '0.1', dayNtlVlm: '0.0', premium: null, oraclePx: '0.1', markPx: '0.1', midPx: null, impactPxs: null, dayBaseVlm: '0.0' }]];
}

/** FakePosition is a tracked account's position on the fake Hyperliquid, in the venue's coin units. */
export interface FakePosition {
  coin: string;
  szi: number;
  entryPx: number;
  markPx: number;
  liquidationPx: number | null;
}

/** hlClearinghouseState is `clearinghouseState` for one account (cross positions; no mark field, as the schema). */
export function hlClearinghouseState(positions: readonly FakePosition[], now: number): object {
  const assetPositions = positions.map((p) => {
    const value = Math.abs(p.szi) * p.markPx;
    return {
      type: 'oneWay',
      position: {
        coin: p.coin, szi: str(p.szi), leverage: { type: 'cross', value: 20 }, entryPx: str(p.entryPx), positionValue: str(value), unrealizedPnl: str(p.szi * (p.markPx - p.entryPx)),
        returnOnEquity: '-0.0026789', liquidationPx: p.liquidationPx === null ? null : str(p.liquidationPx), marginUsed: str(value / 20), maxLeverage: 40, cumFunding: { allTime: '514.085417', sinceOpen: '0.0', sinceChange: '0.0' },
      },
    };
  });
  const ntl = assetPositions.reduce((s, a) => s + Number(a.position.positionValue), 0);
  const summary = { accountValue: '13109.482328', totalNtlPos: str(ntl), totalRawUsd: '13009.454678', totalMarginUsed: str(ntl / 20) };
  return { marginSummary: summary, crossMarginSummary: summary, crossMaintenanceMarginUsed: str(ntl / 40), withdrawable: '13104.514502', assetPositions, time: now };
}

/** hlFill is one `userFills` fill of `owner`; with `liquidated` it carries the documented `liquidation` object. */
export function hlFill(f: { coin: string; px: number; sz: number; side: 'A' | 'B'; startPosition: number; time: number; tid: number; liquidated?: string; markPx?: number; method?: 'market' | 'backstop' }): object {
  const fill: Record<string, unknown> = {
    coin: f.coin, px: str(f.px), sz: str(f.sz), side: f.side, time: f.time, startPosition: str(f.startPosition), dir: f.side === 'A' ? 'Close Long' : 'Close Short',
    closedPnl: '-2988412.5', hash: '0x0000000000000000000000000000000000000000000000000000000000000000', oid: 90542681, crossed: false, fee: '0.0', tid: f.tid, feeToken: 'USDC',
  };
  if (f.liquidated) fill.liquidation = { liquidatedUser: f.liquidated, markPx: str(f.markPx ?? f.px), method: f.method ?? 'backstop' };
  return fill;
}

/** hlTrade is one `trades` element: users is [buyer, seller]; `side` is the aggressor's. */
export function hlTrade(t: { coin: string; side: 'A' | 'B'; px: number; sz: number; time: number; tid: number; buyer: string; seller: string }): object {
  return { coin: t.coin, side: t.side, px: str(t.px), sz: str(t.sz), time: t.time, hash: '0x0000000000000000000000000000000000000000000000000000000000000000', tid: t.tid, users: [t.buyer, t.seller] };
}
