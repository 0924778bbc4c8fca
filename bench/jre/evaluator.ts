import { Engine, type RuleProperties } from 'json-rules-engine';
import type { RulesConfig } from '../../src/config/rules-schema.js';
import type { MarketState, AssetState } from '../../src/market/state.js';
import { marketStateFor } from '../../src/rules/engine.js';
import { newYorkDate } from '../../src/rules/cross-market.js';
import type { IndexEvent, LiquidationEvent, MarketEvent, PriceEvent } from '../../src/market/types.js';
import { CascadeBook, type Direction } from './cascade.js';
import { cascadeKey, crossKey, largeKey, levelKey, liqBarKey, pctKey, round2, type FiredAlert } from './fired.js';
import { newLevelBook, runLevels, type LevelBook } from './levels.js';
import { crossFact, crossRules, cascadeRules, levelRules, liqFacts, liquidationRules, pctFacts, pctRules, pctWindows } from './rules.js';
import { SEVERITY_RANK, type Severity } from '../../src/chat/severity.js';

/** JreEvaluator is DESIGN §4's rules written for json-rules-engine, fed one MarketEvent at a time. */
export interface JreEvaluator {
  ingest(ev: MarketEvent): Promise<FiredAlert[]>;
}

/** Out is a fired alert with the price direction the cascade counts (null: not a price move). */
type Out = FiredAlert & { dir: Direction | null };

/** Tracked is the per-asset rule state of an asset the price rules watch. */
interface Tracked {
  levels: LevelBook;
  armed: boolean[];
}

function engineOf(rules: RuleProperties[]): Engine {
  const e = new Engine();
  for (const r of rules) e.addRule(r);
  return e;
}

/**
 * createJreEvaluator builds the json-rules-engine implementation of the rules in `rules`. Facts come from
 * the same MarketState our engine keeps; json-rules-engine decides every threshold comparison; the harness
 * keeps the lifecycle (armed flags, level memory, only the most severe move per tick, cascade episodes).
 */
export function createJreEvaluator(rules: RulesConfig): JreEvaluator {
  return new JreHarness(rules);
}

class JreHarness implements JreEvaluator {
  private readonly market: MarketState;
  private readonly windows: number[];
  private readonly tracked = new Map<string, Tracked>();
  private readonly liqArmed: boolean[];
  private readonly indices = new Map<string, { changePct: number; ts: number }>();
  private readonly cross = { armed: true, session: '' };
  private readonly cascade: CascadeBook;
  private readonly engines: Record<'level' | 'pct' | 'liq' | 'cross' | 'cascade', Engine>;

  constructor(private readonly rules: RulesConfig) {
    this.windows = pctWindows(rules);
    this.market = marketStateFor(rules, this.windows);
    this.liqArmed = rules.liquidations.bars.map(() => true);
    this.cascade = new CascadeBook(rules);
    for (const [symbol, cfg] of Object.entries(rules.assets)) {
      this.tracked.set(symbol, { levels: newLevelBook(cfg.levelStep, cfg.levels ?? []), armed: rules.pctMove.thresholds.map(() => true) });
    }
    this.engines = {
      level: engineOf(levelRules()),
      pct: engineOf(pctRules(rules)),
      liq: engineOf(liquidationRules(rules)),
      cross: engineOf(crossRules(rules)),
      cascade: engineOf(cascadeRules(rules)),
    };
  }

  async ingest(ev: MarketEvent): Promise<FiredAlert[]> {
    const now = this.market.tick(ev.ts);
    let out: Out[];
    if (ev.kind === 'price') out = await this.onPrice(ev, now);
    else if (ev.kind === 'liquidation') out = await this.onLiquidation(ev, now);
    else if (ev.kind === 'index') out = await this.onIndex(ev, now);
    else out = [];
    if (!this.cascade.idle(out.length > 0)) out = out.concat(await this.onCascade(out, now));
    return out.map(({ dir: _dir, ...f }) => f);
  }

  private async onPrice(ev: PriceEvent, now: number): Promise<Out[]> {
    const asset = this.market.asset(ev.symbol);
    asset.book.update(ev.source, ev.price, ev.ts);
    const price = this.market.recompute(asset);
    const t = this.tracked.get(ev.symbol);
    if (Number.isNaN(price) || !t) return [];
    // The quorum (DESIGN §4): with two or more venues seen, the rules judge only while two are fresh.
    if (asset.book.quotes.length >= 2 && asset.book.freshCount(now, this.rules.composite.maxAgeMs) < 2) return [];
    const flips = await runLevels(this.engines.level, t.levels, price, this.rules.levelBreak.hysteresisPct);
    const out: Out[] = flips.map((f) => ({
      kind: 'level_break', severity: f.direction === 'down' ? this.rules.levelBreak.downSeverity : this.rules.levelBreak.upSeverity,
      symbol: ev.symbol, ts: now, key: levelKey(f.level, f.direction), dir: f.direction,
    }));
    return out.concat(await this.pctMoves(ev.symbol, t, asset, price, now));
  }

  private async pctMoves(symbol: string, t: Tracked, asset: AssetState, price: number, now: number): Promise<Out[]> {
    const facts: Record<string, number | boolean> = {};
    const change = this.windows.map((_, w) => {
      const from = asset.series.reference(w);
      return from > 0 ? (price / from - 1) * 100 : NaN;
    });
    change.forEach((c, w) => (facts[pctFacts.change(w)] = c));
    t.armed.forEach((a, i) => (facts[pctFacts.armed(i)] = a));
    const { events } = await this.engines.pct.run(facts);
    const fired: number[] = [];
    for (const e of events) {
      const i = e.params!.i as number;
      if (e.type === 'pct_rearm') t.armed[i] = true;
      else fired.push(i);
    }
    // Every threshold reached disarms; per direction only the most severe fires (ties: the larger one).
    const best: Record<Direction, number | null> = { down: null, up: null };
    const thresholds = this.rules.pctMove.thresholds;
    for (const i of fired.sort((a, b) => a - b)) {
      t.armed[i] = false;
      const d: Direction = thresholds[i].pct < 0 ? 'down' : 'up';
      const b = best[d];
      if (b === null || beats(thresholds[i], thresholds[b])) best[d] = i;
    }
    return (['down', 'up'] as const).flatMap((d) => {
      const i = best[d];
      if (i === null) return [];
      const th = thresholds[i];
      const c = change[this.windows.indexOf(th.windowMs)];
      return [{ kind: 'pct_move' as const, severity: th.severity, symbol, ts: now, key: pctKey(th.windowMs, th.pct, c), dir: round2(c) < 0 ? 'down' as const : 'up' as const }];
    });
  }

  private async onLiquidation(ev: LiquidationEvent, now: number): Promise<Out[]> {
    this.market.liquidations.add(ev.ts, ev.side === 'long', ev.notionalUsd);
    const bars = this.rules.liquidations.bars;
    const facts: Record<string, number | boolean> = { [liqFacts.notional]: ev.notionalUsd };
    bars.forEach((b, i) => {
      const s = this.market.liquidations.window(b.windowMs);
      facts[liqFacts.sum(i)] = s.longUsd + s.shortUsd;
      facts[liqFacts.armed(i)] = this.liqArmed[i];
    });
    const { events } = await this.engines.liq.run(facts);
    const firedBars: number[] = [];
    let tier = -1;
    const tiers = this.rules.largeLiquidation.tiers;
    for (const e of events) {
      if (e.type === 'liq_rearm') this.liqArmed[e.params!.i as number] = true;
      else if (e.type === 'liquidations') firedBars.push(e.params!.i as number);
      else {
        const j = e.params!.j as number;
        if (tier < 0 || tiers[j].usd > tiers[tier].usd || (tiers[j].usd === tiers[tier].usd && j < tier)) tier = j;
      }
    }
    const out: Out[] = [];
    if (tier >= 0) out.push({ kind: 'large_liquidation', severity: tiers[tier].severity, symbol: ev.symbol, ts: ev.ts, key: largeKey(ev.source, ev.side, ev.notionalUsd), dir: null });
    for (const i of firedBars.sort((a, b) => a - b)) {
      this.liqArmed[i] = false;
      out.push({ kind: 'liquidations', severity: bars[i].severity, symbol: null, ts: now, key: liqBarKey(bars[i].windowMs, bars[i].usd), dir: null });
    }
    return out;
  }

  private async onIndex(ev: IndexEvent, now: number): Promise<Out[]> {
    const cur = this.indices.get(ev.symbol);
    if (!cur || ev.ts >= cur.ts) this.indices.set(ev.symbol, { changePct: ((ev.price - ev.prevClose) / ev.prevClose) * 100, ts: ev.ts });
    const today = newYorkDate(now);
    if (today !== this.cross.session) this.cross.armed = true; // once per US session (its New York date)
    const symbols = Object.keys(this.rules.crossMarket.thresholds);
    const facts: Record<string, number | boolean> = { armed: this.cross.armed };
    for (const s of symbols) {
      const q = this.indices.get(s);
      facts[crossFact(s)] = q && newYorkDate(q.ts) === today ? q.changePct : NaN; // another session's quote counts for nothing
    }
    const { events } = await this.engines.cross.run(facts);
    if (!this.cross.armed) {
      if (!events.some((e) => e.type === 'cross_held')) this.cross.armed = true;
      return [];
    }
    const breached = new Set(events.filter((e) => e.type === 'cross_breach').map((e) => e.params!.symbol as string));
    if (breached.size === 0) return [];
    this.cross.armed = false;
    this.cross.session = today;
    const key = crossKey(symbols.filter((s) => breached.has(s)));
    return [{ kind: 'cross_market', severity: this.rules.crossMarket.severity, symbol: null, ts: now, key, dir: null }];
  }

  private async onCascade(fresh: readonly Out[], now: number): Promise<Out[]> {
    this.cascade.fold(fresh.flatMap((a) => (a.dir ? [a.dir] : [])), now);
    const hour = this.market.liquidations.window(this.rules.cascade.windowMs);
    const { events } = await this.engines.cascade.run(this.cascade.facts(hour, now));
    const cfg = this.rules.cascade;
    return this.cascade.apply(events).map((d) => ({
      kind: 'cascade' as const, severity: d === 'down' ? cfg.downSeverity : cfg.upSeverity, symbol: null, ts: now, key: cascadeKey(d), dir: null,
    }));
  }
}

function beats(a: { severity: Severity; pct: number }, b: { severity: Severity; pct: number }): boolean {
  const ds = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  return ds !== 0 ? ds > 0 : Math.abs(a.pct) > Math.abs(b.pct);
}
