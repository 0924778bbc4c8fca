import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';
import type { WindowSums } from '../market/rolling.js';
import { MarketState, type AssetState } from '../market/state.js';
import type { IndexEvent, LiquidationEvent, MarketEvent, PriceEvent } from '../market/types.js';
import { History, type CompositeTrack, type VenueCols } from '../summary/history.js';
import { cascadeIdle, evaluateCascade, newCascadeState, type CascadeState } from './cascade.js';
import { evaluateCrossMarket, newCrossMarketState, type CrossMarketState } from './cross-market.js';
import { evaluateLevels, levelBreakAlert, newLevelState, type LevelState } from './level-break.js';
import { evaluateLiqBars, largeLiquidationAlert, type LiqBarState } from './liquidations.js';
import { compileThresholds, evaluatePctMoves, pctMoveAlert, type PctMoveState, type PctThreshold } from './pct-move.js';

const NONE: AlertEvent[] = [];

/** PriceRules is the compiled rule state of an asset the price rules watch. */
interface PriceRules {
  step: number | undefined;
  levels: number[];
  level: LevelState;
  pct: PctMoveState;
}

/** EngineAsset is everything the engine keeps per asset, found with one lookup per event. */
interface EngineAsset {
  state: AssetState;
  cols: CompositeTrack;
  rules: PriceRules | null;
}

/**
 * Engine is the functional core every input feeds (replay, live collectors, tests): `ingest` folds one
 * MarketEvent into the windowed state, evaluates the rules that event can affect, and returns the
 * alerts that fire, in order. Time is event time: the clock is the largest `ts` seen and never goes back.
 */
export class Engine {
  readonly market: MarketState;
  readonly history = new History();
  private readonly thresholds: PctThreshold[];
  private readonly assets = new Map<string, EngineAsset>();
  private readonly liqBars: LiqBarState;
  private readonly cross: CrossMarketState = newCrossMarketState();
  private readonly cascade: CascadeState = newCascadeState();
  private readonly extraLevels = new Map<string, number[]>();
  private readonly refs: number[];
  private readonly barSums: WindowSums[];
  private readonly hour: WindowSums;

  constructor(readonly rules: RulesConfig) {
    const { windows, thresholds } = compileThresholds(rules);
    this.thresholds = thresholds;
    this.market = new MarketState(rules, windows);
    this.liqBars = rules.liquidations.bars.map(() => true);
    this.refs = windows.map(() => NaN);
    // The rolling window objects are stable: resolve them once, not per event.
    this.barSums = rules.liquidations.bars.map((b) => this.market.liquidations.window(b.windowMs));
    this.hour = this.market.liquidations.window(rules.cascade.windowMs);
    for (const symbol of Object.keys(rules.assets)) this.track(symbol);
  }

  /** ingest processes one validated event and returns the alerts it fires (often none). */
  ingest(ev: MarketEvent): AlertEvent[] {
    const now = this.market.tick(ev.ts);
    let fired: AlertEvent[];
    if (ev.kind === 'price') fired = this.onPrice(ev, now);
    else if (ev.kind === 'liquidation') fired = this.onLiquidation(ev, now);
    else if (ev.kind === 'index') fired = this.onIndex(ev, now);
    else fired = NONE; // open interest, funding and positions: no rule reads them yet
    if (fired.length > 0 || !cascadeIdle(this.cascade)) {
      const cascades = evaluateCascade(this.cascade, this.rules, fired, this.hour, now);
      if (cascades.length > 0) fired = fired.concat(cascades);
    }
    for (const a of fired) this.history.noteAlert(a);
    return fired;
  }

  /** setExtraLevels adds levels for an asset beyond its configuration (chats' custom levels). */
  setExtraLevels(symbol: string, levels: readonly number[]): void {
    this.extraLevels.set(symbol, [...levels]);
    const t = this.asset(symbol).rules ?? this.track(symbol);
    t.levels = [...new Set([...(this.rules.assets[symbol]?.levels ?? []), ...levels])];
  }

  /** activeCascadeIds lists the cascade episodes under way (delivery folds their alerts in). */
  activeCascadeIds(): string[] {
    return [this.cascade.active.down?.id, this.cascade.active.up?.id].filter((x): x is string => !!x);
  }

  /** isCustomLevel: a level only chats asked for (routed to those chats alone), not a round or configured one. */
  private isCustomLevel(symbol: string, t: PriceRules, level: number): boolean {
    if (t.step && Math.abs(level / t.step - Math.round(level / t.step)) < 1e-9) return false;
    if (this.rules.assets[symbol]?.levels?.includes(level)) return false;
    return this.extraLevels.get(symbol)?.includes(level) ?? false;
  }

  private asset(symbol: string): EngineAsset {
    let a = this.assets.get(symbol);
    if (!a) {
      a = { state: this.market.asset(symbol), cols: this.history.compositeCols(symbol), rules: null };
      this.assets.set(symbol, a);
    }
    return a;
  }

  private track(symbol: string): PriceRules {
    const cfg = this.rules.assets[symbol] ?? {};
    const t: PriceRules = {
      step: cfg.levelStep,
      levels: [...(cfg.levels ?? []), ...(this.extraLevels.get(symbol) ?? [])],
      level: newLevelState(),
      pct: this.thresholds.map(() => true),
    };
    this.asset(symbol).rules = t;
    return t;
  }

  private onPrice(ev: PriceEvent, now: number): AlertEvent[] {
    const a = this.assets.get(ev.symbol) ?? this.asset(ev.symbol);
    const asset = a.state;
    const q = asset.book.update(ev.source, ev.price, ev.ts);
    const venue = (q.extra ??= this.history.venueCols(ev.symbol, ev.source)) as VenueCols;
    this.history.notePrice(venue, ev);
    const price = this.market.recompute(asset);
    if (Number.isNaN(price)) return NONE;
    this.history.noteComposite(a.cols, now, price);
    const t = a.rules;
    if (!t) return NONE;
    let out = NONE;
    const crossings = evaluateLevels(t.level, t.step, t.levels, price, this.rules.levelBreak.hysteresisPct);
    if (crossings.length > 0) {
      const n = asset.book.freshCount(now, this.rules.composite.maxAgeMs);
      out = crossings.map((c) => levelBreakAlert(ev.symbol, c, price, n, now, this.rules));
      for (const alert of out) if (this.isCustomLevel(ev.symbol, t, alert.data.level as number)) alert.data.custom = true;
    }
    for (let w = 0; w < this.refs.length; w++) this.refs[w] = asset.series.reference(w);
    const moves = evaluatePctMoves(t.pct, this.thresholds, this.refs, price, this.rules.pctMove.rearmFraction);
    if (moves.length > 0) out = out.concat(moves.map((m) => pctMoveAlert(ev.symbol, m, price, now)));
    return out;
  }

  private onLiquidation(ev: LiquidationEvent, now: number): AlertEvent[] {
    this.history.noteLiquidation(ev);
    this.market.liquidations.add(ev.ts, ev.side === 'long', ev.notionalUsd);
    const out = evaluateLiqBars(this.liqBars, this.rules, this.barSums, now);
    const large = largeLiquidationAlert(ev, this.rules);
    return large ? [large, ...out] : out;
  }

  private onIndex(ev: IndexEvent, now: number): AlertEvent[] {
    this.history.noteIndex(ev);
    const a = evaluateCrossMarket(this.cross, this.rules, this.history.indices, now);
    return a ? [a] : NONE;
  }
}
