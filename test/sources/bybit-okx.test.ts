import { describe, expect, it } from 'vitest';
import { classifyBybitFrame } from '../../src/sources/bybit/feeds.js';
import { parseBybitLiquidation, parseBybitTickers } from '../../src/sources/bybit/parse.js';
import { classifyOkxFrame } from '../../src/sources/okx/feeds.js';
import { parseOkxInstruments, parseOkxLiquidations, parseOkxTicker } from '../../src/sources/okx/parse.js';

// Recorded formats from market-data-apis.md §4.1, §4.3, §5.1, §5.3, §5.5.
const BYBIT_LIQ = { topic: 'allLiquidation.ROSEUSDT', type: 'snapshot', ts: 1739502303204, data: [{ T: 1739502302929, s: 'ROSEUSDT', S: 'Sell', v: '20000', p: '0.04499' }] };
const BYBIT_AT = { now: 1739502304000 };
const OKX_LIQ = {
  arg: { channel: 'liquidation-orders', instType: 'SWAP' },
  data: [{ details: [{ bkLoss: '0', bkPx: '0.007831', ccy: '', posSide: 'short', side: 'buy', sz: '13', ts: '1692266434010' }], instFamily: 'IOST-USDT', instId: 'IOST-USDT-SWAP', instType: 'SWAP', uly: 'IOST-USDT' }],
};
const OKX_AT = { now: 1692266435000 };
const INSTRUMENTS = {
  code: '0', msg: '',
  data: [
    { instType: 'SWAP', instId: 'BTC-USDT-SWAP', ctVal: '0.01', ctMult: '1', ctValCcy: 'BTC', ctType: 'linear' },
    { instType: 'SWAP', instId: 'IOST-USDT-SWAP', ctVal: '1000', ctMult: '1', ctValCcy: 'IOST', ctType: 'linear' },
    { instType: 'SWAP', instId: 'BTC-USD-SWAP', ctVal: '100', ctMult: '1', ctValCcy: 'USD', ctType: 'inverse' },
  ],
};
const contracts = parseOkxInstruments(INSTRUMENTS).contracts;
const okxDetail = (instId: string, d: Record<string, unknown>) => ({ ...OKX_LIQ, data: [{ ...OKX_LIQ.data[0], instId, details: [{ ...OKX_LIQ.data[0].details[0], ...d }] }] });

describe('parseBybitLiquidation', () => {
  it('S is the POSITION side: Sell ⇒ a SHORT was liquidated (not inverted like Binance), v × p in USD', () => {
    const { events, rejected } = parseBybitLiquidation(BYBIT_LIQ, BYBIT_AT);
    expect(rejected).toEqual([]);
    expect(events).toEqual([{ kind: 'liquidation', ts: 1739502302929, source: 'bybit', symbol: 'ROSE', side: 'short', price: 0.04499, qty: 20000, notionalUsd: 20000 * 0.04499 }]);
  });

  it('Buy ⇒ a LONG was liquidated', () => {
    const buy = { ...BYBIT_LIQ, data: [{ ...BYBIT_LIQ.data[0], S: 'Buy' }] };
    expect(parseBybitLiquidation(buy, BYBIT_AT).events[0]).toMatchObject({ side: 'long' });
  });

  it('keeps the good records of a batch and rejects the bad one by field', () => {
    const batch = { ...BYBIT_LIQ, data: [BYBIT_LIQ.data[0], { ...BYBIT_LIQ.data[0], p: 'NaN' }, { ...BYBIT_LIQ.data[0], T: 1739502302 }] };
    const { events, rejected } = parseBybitLiquidation(batch, BYBIT_AT);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([expect.objectContaining({ reason: 'not_finite', field: 'data.p' }), expect.objectContaining({ reason: 'ts_seconds', field: 'data.T' })]);
  });
});

describe('parseBybitTickers', () => {
  const env = { retCode: 0, retMsg: 'OK', result: { category: 'linear', list: [{ symbol: 'BTCUSDT', lastPrice: '16597.00', price24hPcnt: '0.008047' }] }, retExtInfo: {}, time: 1672376496682 };

  it('reads lastPrice at the envelope time (ms)', () => {
    expect(parseBybitTickers(env, { now: 1672376497000 }).events).toEqual([{ kind: 'price', ts: 1672376496682, source: 'bybit', symbol: 'BTC', price: 16597 }]);
  });

  it('reports a non-zero retCode as a venue error', () => {
    expect(parseBybitTickers({ retCode: 10001, retMsg: 'params error', result: {}, time: 1 }, { now: 1 }).rejected[0]).toMatchObject({ reason: 'venue_error', field: 'retCode' });
  });
});

describe('classifyBybitFrame', () => {
  it('reads acks, pongs, failed subscribes, data and the canary', () => {
    const at = BYBIT_AT;
    expect(classifyBybitFrame('{"success":true,"ret_msg":"","conn_id":"x","req_id":"","op":"subscribe"}', at).type).toBe('ack');
    expect(classifyBybitFrame('{"success":true,"ret_msg":"pong","conn_id":"x","req_id":"","op":"ping"}', at).type).toBe('pong');
    expect(classifyBybitFrame('{"success":false,"ret_msg":"error:handler not found","op":"subscribe"}', at).type).toBe('error');
    expect(classifyBybitFrame(JSON.stringify(BYBIT_LIQ), at).type).toBe('data');
    expect(classifyBybitFrame('{"topic":"tickers.BTCUSDT","type":"delta","data":{}}', at).type).toBe('canary');
  });
});

describe('parseOkxLiquidations', () => {
  it('converts contracts to coins with ctVal: 13 IOST contracts of 1,000 = 13,000 IOST; posSide short', () => {
    const { events, rejected } = parseOkxLiquidations(OKX_LIQ, { ...OKX_AT, contracts });
    expect(rejected).toEqual([]);
    expect(events).toEqual([{ kind: 'liquidation', ts: 1692266434010, source: 'okx', symbol: 'IOST', side: 'short', price: 0.007831, qty: 13_000, notionalUsd: 13_000 * 0.007831 }]);
  });

  it('3.62 BTC-USDT-SWAP contracts are 0.0362 BTC, not 3.62 BTC', () => {
    const ev = parseOkxLiquidations(okxDetail('BTC-USDT-SWAP', { sz: '3.62', bkPx: '60000', posSide: 'long', side: 'sell' }), { ...OKX_AT, contracts }).events[0];
    expect(ev).toMatchObject({ symbol: 'BTC', side: 'long' });
    expect(ev.kind === 'liquidation' && ev.qty).toBeCloseTo(0.0362, 10);
    expect(ev.kind === 'liquidation' && ev.notionalUsd).toBeCloseTo(2172, 6);
  });

  it('in net mode the order side tells the position: sell closes a long, buy a short', () => {
    const sell = parseOkxLiquidations(okxDetail('BTC-USDT-SWAP', { posSide: 'net', side: 'sell', bkPx: '60000' }), { ...OKX_AT, contracts }).events[0];
    const buy = parseOkxLiquidations(okxDetail('BTC-USDT-SWAP', { posSide: 'net', side: 'buy', bkPx: '60000' }), { ...OKX_AT, contracts }).events[0];
    expect([sell, buy].map((e) => e.kind === 'liquidation' && e.side)).toEqual(['long', 'short']);
  });

  it('an inverse contract is USD: 5 × 100 USD at 50,000 = 0.01 BTC', () => {
    const ev = parseOkxLiquidations(okxDetail('BTC-USD-SWAP', { sz: '5', bkPx: '50000' }), { ...OKX_AT, contracts }).events[0];
    expect(ev).toMatchObject({ notionalUsd: 500, qty: 0.01 });
  });

  it('rejects an instrument whose contract size is unknown instead of counting contracts as coins', () => {
    const { events, rejected } = parseOkxLiquidations(OKX_LIQ, { ...OKX_AT, contracts: new Map() });
    expect(events).toEqual([]);
    expect(rejected).toEqual([expect.objectContaining({ reason: 'unknown_contract', field: 'details.instId' })]);
  });

  it('rejects a ts string in seconds', () => {
    expect(parseOkxLiquidations(okxDetail('IOST-USDT-SWAP', { ts: '1692266434' }), { ...OKX_AT, contracts }).rejected[0]).toMatchObject({ reason: 'ts_seconds', field: 'details.ts' });
  });
});

describe('OKX ticker and frames', () => {
  it('reads last at ts (both strings) and a string error code', () => {
    const ok = { code: '0', msg: '', data: [{ instType: 'SWAP', instId: 'BTC-USD-SWAP', last: '56956.1', ts: '1620289117764' }] };
    expect(parseOkxTicker(ok, { now: 1620289118000 }).events).toEqual([{ kind: 'price', ts: 1620289117764, source: 'okx', symbol: 'BTC', price: 56956.1 }]);
    expect(parseOkxTicker({ code: '51001', msg: "Instrument ID doesn't exist.", data: [] }, { now: 1 }).rejected[0].reason).toBe('venue_error');
  });

  it('reads the text pong, per-channel acks, errors, data and the canary', () => {
    const at = OKX_AT;
    expect(classifyOkxFrame('pong', at, contracts).type).toBe('pong');
    expect(classifyOkxFrame('{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"a"}', at, contracts).type).toBe('ack');
    expect(classifyOkxFrame('{"event":"error","code":"60012","msg":"Invalid request","connId":"a"}', at, contracts)).toMatchObject({ type: 'error' });
    expect(classifyOkxFrame(JSON.stringify(OKX_LIQ), at, contracts).type).toBe('data');
    expect(classifyOkxFrame('{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[]}', at, contracts).type).toBe('canary');
  });
});
