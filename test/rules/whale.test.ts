import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { LiquidationEvent, MarketEvent, PositionEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { buildSummaryData } from '../../src/summary/build.js';

const T0 = Date.UTC(2026, 0, 29, 12);
const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';

function pos(account: string, i: number, size: number, pnl: number, mark = 80_000, liq: number | null = 60_000): PositionEvent {
  return { kind: 'position', ts: T0 + i * 30_000, source: 'hyperliquid', account, symbol: 'BTC', size, entryPrice: 90_000, markPrice: mark, liquidationPrice: liq, unrealizedPnlUsd: pnl };
}
function liq(account: string | undefined, i: number, usd: number, side: 'long' | 'short' = 'long'): LiquidationEvent {
  return { kind: 'liquidation', ts: T0 + i * 30_000, source: 'hyperliquid', symbol: 'BTC', side, price: 80_000, qty: usd / 80_000, notionalUsd: usd, ...(account ? { account } : {}) };
}
function run(events: MarketEvent[], rules: RulesConfig = DEFAULT_RULES, setup?: (e: Engine) => void): { engine: Engine; whales: AlertEvent[] } {
  const engine = new Engine(rules);
  setup?.(engine);
  const out = events.flatMap((e) => engine.ingest(e));
  return { engine, whales: out.filter((a) => a.kind === 'whale') };
}
const brief = (a: AlertEvent[]) => a.map((x) => `${x.data.event}:${x.severity}`);

describe('the whale rule (DESIGN §4)', () => {
  it('in a replay every account with positions is tracked; an account seen only in a liquidation is not', () => {
    const { whales } = run([pos(A, 0, 100, -11e6), liq(B, 1, 20e6)]);
    expect(brief(whales)).toEqual(['loss:warning']);
  });

  it('an account the rules file lists is tracked with its label, even seen only in a liquidation', () => {
    const rules = { ...DEFAULT_RULES, whales: { ...DEFAULT_RULES.whales, accounts: [{ address: B, label: 'Famous trader' }] } };
    const { whales } = run([liq(B, 1, 1.5e6), liq(B, 2, 1e6), liq(B, 3, 8e6)], rules);
    expect(brief(whales)).toEqual(['liquidated:warning', 'liquidated:critical']); // one episode: escalates once past $10M
    expect(whales[1].data).toMatchObject({ label: 'Famous trader', notionalUsd: 10.5e6, size: 131.25, unrealizedPnlUsd: null });
    expect(whales[1].title).toBe('Whale liquidated: Famous trader, BTC long');
  });

  it('liquidations an hour apart are separate episodes', () => {
    const { whales } = run([pos(A, 0, 100, -1e6), liq(A, 1, 1e6), liq(A, 2, 1e6), liq(A, 200, 1e6)]);
    expect(brief(whales)).toEqual(['liquidated:warning', 'liquidated:warning']);
  });

  it('loss re-arms above half its tier; a close ends the episode and a new position starts afresh', () => {
    const path = [-11e6, -12e6, -4e6, -11e6, -60e6, -70e6];
    const events = path.map((p, i) => pos(A, i, 100, p));
    events.push(pos(A, 10, 0, 0), pos(A, 11, 50, -12e6));
    expect(brief(run(events).whales)).toEqual(['loss:warning', 'loss:warning', 'loss:critical', 'loss:warning']);
  });

  it('a flip from long to short is a new position: its episodes start again', () => {
    expect(brief(run([pos(A, 0, 100, -11e6), pos(A, 1, -100, -11e6, 80_000, 95_000)]).whales)).toEqual(['loss:warning', 'loss:warning']);
  });

  it('near_liquidation fires once within 2% and re-arms only beyond 4%', () => {
    const marks = [62_000, 61_100, 61_000, 62_000, 62_400, 62_600, 61_200];
    const { whales } = run(marks.map((m, i) => pos(A, i, 10, -1e5, m, 60_000)));
    expect(brief(whales)).toEqual(['near_liquidation:warning', 'near_liquidation:warning']);
    expect(whales.map((w) => w.data.markPrice)).toEqual([61_100, 61_200]);
  });

  it('a snapshot older than the one held changes nothing', () => {
    const { whales, engine } = run([pos(A, 5, 100, -1e6), pos(A, 1, 100, -30e6)]);
    expect(whales).toEqual([]);
    expect(engine.memory.positions.position(A, 'BTC')?.unrealizedPnlUsd).toBe(-1e6);
  });

  it('an account only chats watch names them in data.chats (delivery routes on it); a rules-file account does not', () => {
    const rules = { ...DEFAULT_RULES, whales: { ...DEFAULT_RULES.whales, accounts: [{ address: A, label: null }] } };
    const { whales } = run([pos(A, 0, 100, -11e6), pos(B, 0, 100, -11e6)], rules, (e) =>
      e.setTrackedAccounts(new Map([
        [A, { label: 'Both', deployment: false, chats: ['telegram:-1'] }],
        [B, { label: 'Ours', deployment: false, chats: ['telegram:-2', 'discord:3'] }],
      ])));
    expect(whales.map((w) => [w.data.account, w.data.label, w.data.chats])).toEqual([[A, 'Both', undefined], [B, 'Ours', ['discord:3', 'telegram:-2']]]);
  });

  it('the summary lists public accounts only, worst first, with their liquidations', () => {
    const { engine } = run([pos(A, 0, 100, -53e6), pos(B, 0, 100, -2e6), liq(B, 1, 6e6)], DEFAULT_RULES, (e) =>
      e.setTrackedAccounts(new Map([[B, { label: 'Ours', deployment: false, chats: ['telegram:-2'] }]])));
    // a live engine: A is not tracked (never configured) and B is a chat's own: neither is public
    expect(buildSummaryData(engine, 0, engine.market.clock).whales).toBeUndefined();
    const replay = run([pos(A, 0, 100, -53e6), pos(B, 0, 100, -2e6), pos(B, 1, 0, 0), liq(B, 2, 6e6)]).engine;
    expect(buildSummaryData(replay, 0, replay.market.clock).whales).toEqual([
      { account: A, label: null, worstUnrealizedPnlUsd: -53e6, liquidated: false, liquidatedUsd: 0 },
      { account: B, label: null, worstUnrealizedPnlUsd: -2e6, liquidated: true, liquidatedUsd: 6e6 },
    ]);
  });
});
