import { AlertLog } from '../alerts/log.js';
import { NO_ALERTS, type AlertEvent } from '../alerts/types.js';
import { MIN_LEVEL_STEP_FRACTION, type RulesConfig } from '../config/rules-schema.js';
import type { History } from '../market/history.js';
import { MarketMemory, type MarketAsset } from '../market/memory.js';
import type { WindowSums } from '../market/rolling.js';
import { MarketState } from '../market/state.js';
import { LeverageState } from '../market/leverage.js';
import type { TrackedAccount } from '../market/positions.js';
import type { LiquidationEvent, MarketEvent, PositionEvent } from '../market/types.js';
import { cascadeIdle, evaluateCascade, newCascadeState, type CascadeState } from './cascade.js';
import { evaluateCrossMarket, newCrossMarketState, type CrossMarketState } from './cross-market.js';
import { evaluateLevels, levelBreakAlert, levelQuietBand, newLevelState, type Crossing, type LevelState } from './level-break.js';
import { evaluateLiqBars, largeLiquidationAlert, type LiqBarState } from './liquidations.js';
import { evaluateLeverageFlush, type FlushState } from './leverage-flush.js';
import { compileThresholds, evaluatePctMoves, pctMoveAlert, pctQuiet, pctQuietRatios, type Move, type PctMoveState, type PctThreshold } from './pct-move.js';
import { evaluateLiquidation, evaluatePosition, newWhaleState, type WhaleState } from './whale.js';

/** PriceRules is the compiled rule state of an asset the price rules watch. */
interface PriceRules {
  step: number | undefined;
  levels: number[];
  level: LevelState;
  pct: PctMoveState;
  /**
   * Where the price rules cannot change their minds, as the last full judgement left them: composites inside
   * (lo, hi) cross no level, and ratios to the windows' references inside `ratios` fire or re-arm no
   * threshold. A tick inside both only moves the level memory's last price (NaN: judge in full).
   */
  quiet: { lo: number; hi: number; ratios: Float64Array };
}

/** deploymentAccounts are the rules file's tracked accounts (alerts follow the usual routing). */
function deploymentAccounts(rules: RulesConfig): Map<string, TrackedAccount> {
  return new Map(rules.whales.accounts.map((a) => [a.address, { label: a.label ?? null, deployment: true, chats: [] }]));
}

/** marketStateFor builds the windowed state a rule set needs: its move windows, its liquidation windows, its composite age. */
export function marketStateFor(rules: RulesConfig, pctWindows: readonly number[]): MarketState {
  const liqWindows = [...rules.liquidations.bars.map((b) => b.windowMs), rules.cascade.windowMs];
  return new MarketState(pctWindows, liqWindows, rules.composite.maxAgeMs);
}

/**
 * Engine is the functional core every input feeds (replay, live collectors, tests): `ingest` folds one
 * MarketEvent into the windowed state, evaluates the rules that event can affect, and returns the
 * alerts that fire, in order. Time is event time: the clock is the largest `ts` seen and never goes back.
 */
export class Engine {
  /** memory is the market as the engine has seen it: windowed state and per-minute history. */
  readonly memory: MarketMemory<PriceRules>;
  /** alerts is every alert fired so far (bounded), for `/alerts` and the summaries' counts. */
  readonly alerts = new AlertLog();
  /** notices are configuration problems found on live data (a level step too small for the price); the app logs and clears them. */
  readonly notices: string[] = [];
  private readonly thresholds: PctThreshold[];
  private readonly liqBars: LiqBarState;
  private readonly cross: CrossMarketState = newCrossMarketState();
  private readonly cascade: CascadeState = newCascadeState();
  private readonly flush: FlushState = new Map();
  private readonly whales: WhaleState = newWhaleState();
  private readonly extraLevels = new Map<string, number[]>();
  private readonly refs: Float64Array;
  private readonly barSums: WindowSums[];
  private readonly hour: WindowSums;

  constructor(readonly rules: RulesConfig) {
    const { windows, thresholds } = compileThresholds(rules);
    this.thresholds = thresholds;
    this.memory = new MarketMemory(marketStateFor(rules, windows), new LeverageState(rules.leverageFlush.windowMs, rules.leverageFlush.maxAgeMs));
    this.memory.positions.setTracked(deploymentAccounts(rules), true);
    this.liqBars = rules.liquidations.bars.map(() => true);
    this.refs = new Float64Array(windows.length).fill(NaN); // typed: a double stored in a plain array of NaN is boxed
    // The rolling window objects are stable: resolve them once, not per event.
    this.barSums = rules.liquidations.bars.map((b) => this.market.liquidations.window(b.windowMs));
    this.hour = this.market.liquidations.window(rules.cascade.windowMs);
    for (const symbol of Object.keys(rules.assets)) this.track(symbol);
  }

  /** market is the windowed state (clock, composites, liquidation sums). */
  get market(): MarketState {
    return this.memory.state;
  }

  /** history is the per-minute record summaries and charts read. */
  get history(): History {
    return this.memory.history;
  }

  /** ingest processes one validated event and returns the alerts it fires (often none). */
  ingest(ev: MarketEvent): AlertEvent[] {
    const moved = this.memory.remember(ev);
    const now = this.memory.state.clock;
    let fired = NO_ALERTS;
    if (moved) fired = this.onComposite(moved);
    else if (ev.kind === 'liquidation') fired = this.onLiquidation(ev, now);
    else if (ev.kind === 'index') fired = this.onIndex(now);
    else if (ev.kind === 'open_interest') fired = this.onOpenInterest(ev.symbol, now);
    else if (ev.kind === 'position') fired = this.onPosition(ev);
    if ((fired !== NO_ALERTS && fired.length > 0) || !cascadeIdle(this.cascade)) fired = this.afterRules(fired);
    return fired;
  }

  /** afterRules adds the cascade alerts an event's alerts (or a deadline passing) make, and notes them all; NO_ALERTS if there are none. */
  private afterRules(fired: AlertEvent[]): AlertEvent[] {
    const cascades = evaluateCascade(this.cascade, this.rules, fired, this.hour, this.memory.state);
    if (cascades.length > 0) fired = fired.concat(cascades);
    if (fired.length === 0) return NO_ALERTS;
    for (const a of fired) this.note(a);
    return fired;
  }

  /** forgetBefore drops the history and the alert log older than `ts` (a live process keeps both bounded). */
  forgetBefore(ts: number): void {
    this.memory.history.dropBefore(ts);
    this.alerts.dropBefore(ts);
  }

  /** setExtraLevels adds levels for an asset beyond its configuration (chats' custom levels). */
  setExtraLevels(symbol: string, levels: readonly number[]): void {
    this.extraLevels.set(symbol, [...levels]);
    const t = this.memory.asset(symbol).rules ?? this.track(symbol);
    t.levels = [...new Set([...(this.rules.assets[symbol]?.levels ?? []), ...levels])];
    t.quiet.lo = NaN;
  }

  /**
   * setTrackedAccounts says which accounts a live engine watches: the rules file's plus the chats' `/watch`
   * lists (with who watches each, for routing). From then on only these are tracked (no replay-style auto-tracking).
   */
  setTrackedAccounts(accounts: ReadonlyMap<string, TrackedAccount>): void {
    const all = deploymentAccounts(this.rules);
    for (const [a, t] of accounts) {
      const dep = all.get(a);
      all.set(a, dep ? { ...dep, label: dep.label ?? t.label, chats: t.chats } : t);
    }
    this.memory.positions.setTracked(all, false);
  }

  /** accountInfo says who a tracked account is for summaries: its label, and whether every chat may see it (null: not tracked). */
  accountInfo(account: string): { label: string | null; public: boolean } | null {
    const t = this.memory.positions.tracked.get(account);
    return t ? { label: t.label, public: t.deployment && !t.discovered } : null;
  }

  /** activeCascadeIds lists the cascade episodes under way (delivery folds their alerts in). */
  activeCascadeIds(): string[] {
    return [this.cascade.active.down?.id, this.cascade.active.up?.id].filter((x): x is string => !!x);
  }

  /** restored fills in rule state a snapshot written before it existed lacks: quiet bands, first judged in full. */
  restored(): void {
    for (const a of this.memory.assets.values()) if (a.rules && !a.rules.quiet) a.rules.quiet = this.newQuiet();
  }

  private newQuiet(): PriceRules['quiet'] {
    return { lo: NaN, hi: NaN, ratios: new Float64Array(2 * this.refs.length) };
  }

  /** isCustomLevel: a level only chats asked for (routed to those chats alone), not a round or configured one. */
  private isCustomLevel(symbol: string, t: PriceRules, level: number): boolean {
    if (t.step && Math.abs(level / t.step - Math.round(level / t.step)) < 1e-9) return false;
    if (this.rules.assets[symbol]?.levels?.includes(level)) return false;
    return this.extraLevels.get(symbol)?.includes(level) ?? false;
  }

  /** note records a fired alert, and a broken level in the history (the summary's list, the chart's marks). */
  private note(a: AlertEvent): void {
    this.alerts.note(a);
    if (a.kind === 'level_break') this.memory.history.noteLevel({ symbol: a.symbol!, level: a.data.level as number, direction: a.data.direction as 'down' | 'up', ts: a.ts });
  }

  private track(symbol: string): PriceRules {
    const cfg = this.rules.assets[symbol] ?? {};
    const t: PriceRules = {
      step: cfg.levelStep,
      levels: [...(cfg.levels ?? []), ...(this.extraLevels.get(symbol) ?? [])],
      level: newLevelState(),
      pct: this.thresholds.map(() => true),
      quiet: this.newQuiet(),
    };
    this.memory.asset(symbol).rules = t;
    return t;
  }

  /** onComposite judges the price rules of an asset whose composite this event moved. */
  private onComposite(a: MarketAsset<PriceRules>): AlertEvent[] {
    const t = a.rules;
    if (!t) return NO_ALERTS;
    const asset = a.state;
    const symbol = asset.symbol;
    const price = asset.composite;
    const market = this.memory.state; // the clock, read here rather than passed: a number argument is boxed per tick
    // Quorum (DESIGN §4): once two venues have priced an asset, one venue alone (the others quiet) moves the
    // composite but not the rules; they judge again, against the last composite they judged, with two fresh.
    const n = asset.book.freshAt(market);
    if (n < 2 && asset.book.quotes.length >= 2) return NO_ALERTS;
    if (t.step !== undefined && t.step < price * MIN_LEVEL_STEP_FRACTION) this.dropStep(symbol, t, price);
    asset.series.referencesInto(this.refs);
    const quiet = t.quiet;
    if (price > quiet.lo && price < quiet.hi && pctQuiet(quiet.ratios, this.refs, asset)) {
      t.level.prev = price; // what evaluateLevels would do here, crossing nothing
      return NO_ALERTS;
    }
    const crossings = evaluateLevels(t.level, t.step, t.levels, asset, this.rules.levelBreak);
    const moves = evaluatePctMoves(t.pct, this.thresholds, this.refs, asset, this.rules.pctMove);
    levelQuietBand(quiet, t.level, t.step, t.levels, asset);
    pctQuietRatios(quiet.ratios, t.pct, this.thresholds, this.rules.pctMove);
    // The alerts are built apart: this method runs on every price tick and stays small enough to optimize whole.
    return crossings.length === 0 && moves.length === 0 ? NO_ALERTS : this.priceAlerts(symbol, t, crossings, moves, price, n, market.clock);
  }

  /** priceAlerts builds the level_break alerts (in the order of the move), then the pct_move ones. */
  private priceAlerts(symbol: string, t: PriceRules, crossings: Crossing[], moves: Move[], price: number, n: number, now: number): AlertEvent[] {
    const out = crossings.map((c) => levelBreakAlert(symbol, c, price, n, now, this.rules));
    for (const alert of out) if (this.isCustomLevel(symbol, t, alert.data.level as number)) alert.data.custom = true;
    for (const m of moves) out.push(pctMoveAlert(symbol, m, price, now));
    return out;
  }

  /** dropStep turns off round levels whose step is too small for the price (every tick would cross one), once, with a notice. */
  private dropStep(symbol: string, t: PriceRules, price: number): void {
    this.notices.push(`rules: assets.${symbol}.levelStep ${t.step} is under ${MIN_LEVEL_STEP_FRACTION * 100}% of the price ${price}: round levels for ${symbol} are off; set a step of about 2% of the price`);
    t.step = undefined;
    t.quiet.lo = NaN;
  }

  private onLiquidation(ev: LiquidationEvent, now: number): AlertEvent[] {
    let out = evaluateLiqBars(this.liqBars, this.rules, this.barSums, now);
    const large = largeLiquidationAlert(ev, this.rules);
    if (large) out = [large, ...out];
    const who = ev.account === undefined ? undefined : this.memory.positions.tracked.get(ev.account);
    if (who && !who.discovered) out = out.concat(evaluateLiquidation(this.whales, this.rules, ev as LiquidationEvent & { account: string }, who));
    return out;
  }

  /** onOpenInterest judges the asset's open interest over the leverage window (summed over the venues seen at both ends). */
  private onOpenInterest(symbol: string, now: number): AlertEvent[] {
    const lev = this.memory.leverage;
    const change = lev.change(lev.asset(symbol), now);
    return change ? evaluateLeverageFlush(this.flush, this.rules, symbol, change, now) : NO_ALERTS;
  }

  /** onPosition judges a tracked account's position snapshot (the memory has taken it, tracking the account in a replay). */
  private onPosition(ev: PositionEvent): AlertEvent[] {
    const who = this.memory.positions.tracked.get(ev.account);
    return who && !who.discovered ? evaluatePosition(this.whales, this.rules, ev, who) : NO_ALERTS;
  }

  private onIndex(now: number): AlertEvent[] {
    const a = evaluateCrossMarket(this.cross, this.rules, this.history.indices, now);
    return a ? [a] : NO_ALERTS;
  }
}
