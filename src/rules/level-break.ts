import { withTexts } from './texts.js';
import type { AlertEvent } from '../alerts/types.js';
import type { RulesConfig } from '../config/rules-schema.js';

/** LevelMemory is a level that has fired: the side it was last reported on. */
interface LevelMemory {
  above: boolean;
}

/**
 * LevelState is one asset's level memory. Levels that never fired share the side of the previous
 * composite (learned silently from the first one); levels that fired keep their own side and need the
 * composite to clear them by the hysteresis band before they flip again (DESIGN §4).
 */
export interface LevelState {
  prev: number;
  fired: Map<number, LevelMemory>;
  /** A fired level flips only when the price goes below `flipDownBelow` or to `flipUpAt` or above. */
  flipDownBelow: number;
  flipUpAt: number;
}

/** newLevelState starts an asset with no composite seen yet. */
export function newLevelState(): LevelState {
  return { prev: NaN, fired: new Map(), flipDownBelow: -Infinity, flipUpAt: Infinity };
}

function updateFlipBounds(state: LevelState, band: number): void {
  let down = -Infinity;
  let up = Infinity;
  for (const [level, mem] of state.fired) {
    if (mem.above) down = Math.max(down, level * (1 - band));
    else up = Math.min(up, level * (1 + band));
  }
  state.flipDownBelow = down;
  state.flipUpAt = up;
}

/** levelsBetween lists the configured levels L with lo < L <= hi: step multiples plus explicit levels. */
export function levelsBetween(step: number | undefined, explicit: readonly number[], lo: number, hi: number): number[] {
  const out: number[] = [];
  if (step !== undefined && step > 0) {
    const first = Math.floor(lo / step); // one step wider each side: the filter below decides
    const last = Math.floor(hi / step) + 1;
    for (let k = first; k <= last && out.length < 1000; k++) {
      const level = roundLevel(k * step);
      if (level > lo && level <= hi) out.push(level); // rounding (step 0.1) must not bend the bounds
    }
  }
  for (const l of explicit) if (l > lo && l <= hi && !out.includes(l)) out.push(l);
  return out;
}

/**
 * levelQuietBand writes into `band` the open range of prices around `at.composite` inside which evaluateLevels
 * finds no crossing from any price of it to any other: between the nearest levels either side and within the
 * fired levels' flip bounds. It holds until the level state, the step or the levels change. No band (NaN) for
 * a step too fine for roundLevel to tell its multiples apart.
 */
export function levelQuietBand(band: { lo: number; hi: number }, state: LevelState, step: number | undefined, explicit: readonly number[], at: PriceAt): void {
  const price = at.composite;
  let lo = state.flipDownBelow, hi = state.flipUpAt;
  if (step !== undefined && step > 0) {
    if (!(step >= MIN_BAND_STEP)) {
      band.lo = band.hi = NaN;
      return;
    }
    // The multiples next below and above the price are among these four (levelsBetween rounds them the same way).
    const k = Math.floor(price / step);
    for (let j = k - 1; j <= k + 2; j++) {
      const level = roundLevel(j * step);
      if (level <= price) lo = Math.max(lo, level);
      else hi = Math.min(hi, level);
    }
  }
  for (const level of explicit) {
    if (level <= price) lo = Math.max(lo, level);
    else hi = Math.min(hi, level);
  }
  band.lo = lo;
  band.hi = hi;
}

/** Below this step, roundLevel's 1e-8 grid merges neighbouring multiples: no quiet band is drawn. */
const MIN_BAND_STEP = 1e-6;

function roundLevel(v: number): number {
  return Math.round(v * 1e8) / 1e8;
}

const NO_CROSSINGS: Crossing[] = [];

/** Crossing is one level flip decided by evaluateLevels. */
export interface Crossing {
  level: number;
  direction: 'down' | 'up';
}

/** PriceAt holds the composite being judged (the engine's asset state): a number passed to a call is boxed, once per tick. */
export interface PriceAt {
  readonly composite: number;
}

/** LevelBand is the rules' level_break section, or as much of it as the test needs. */
export type LevelBand = Pick<RulesConfig['levelBreak'], 'hysteresisPct'>;

/**
 * evaluateLevels decides which levels flip when the composite moves from state.prev to `at.composite`:
 * a never-fired level fires as soon as it is crossed; a fired level flips only past the hysteresis band.
 * Mutates `state`; returns the flips in the order of the move (highest first when falling).
 */
export function evaluateLevels(state: LevelState, step: number | undefined, explicit: readonly number[], at: PriceAt, cfg: LevelBand): Crossing[] {
  const price = at.composite;
  const prev = state.prev;
  state.prev = price;
  // The per-tick test, written out here (no fired level to flip, no step or explicit level between the two
  // prices): a helper taking the two prices would box both on every tick.
  if (Number.isNaN(prev) || prev === price) return NO_CROSSINGS;
  if (price >= state.flipDownBelow && price < state.flipUpAt) {
    const falling = price < prev;
    const lo = falling ? price : prev, hi = falling ? prev : price;
    let clear = step === undefined || !(step > 0) || Math.floor(hi / step) * step <= lo;
    for (let i = 0; clear && i < explicit.length; i++) if (explicit[i] > lo && explicit[i] <= hi) clear = false;
    if (clear) return NO_CROSSINGS;
  }
  return flips(state, step, explicit, prev, price, cfg.hysteresisPct);
}

/** flips is evaluateLevels past its per-tick test (kept apart so that test inlines into the engine's loop). */
function flips(state: LevelState, step: number | undefined, explicit: readonly number[], prev: number, price: number, hysteresisPct: number): Crossing[] {
  const out: Crossing[] = [];
  const band = hysteresisPct / 100;
  // Fired levels: flip only when cleared by the band on the other side (none can inside the flip bounds).
  if (price < state.flipDownBelow || price >= state.flipUpAt) {
    for (const [level, mem] of state.fired) {
      if (mem.above && price < level * (1 - band)) {
        mem.above = false;
        out.push({ level, direction: 'down' });
      } else if (!mem.above && price >= level * (1 + band)) {
        mem.above = true;
        out.push({ level, direction: 'up' });
      }
    }
  }
  // Never-fired levels between the two composites (lo < L <= hi, since a price exactly on a level
  // counts as above it): the side they shared with prev just changed.
  const falling = price < prev;
  const crossed = falling ? levelsBetween(step, explicit, price, prev) : levelsBetween(step, explicit, prev, price);
  for (const level of crossed) {
    if (state.fired.has(level)) continue;
    state.fired.set(level, { above: !falling });
    out.push({ level, direction: falling ? 'down' : 'up' });
  }
  if (out.length === 0) return NO_CROSSINGS;
  updateFlipBounds(state, band);
  out.sort((a, b) => (falling ? b.level - a.level : a.level - b.level));
  return out;
}

/** levelBreakAlert builds the level_break alert for one crossing. */
export function levelBreakAlert(symbol: string, c: Crossing, price: number, sources: number, now: number, rules: RulesConfig): AlertEvent {
  const down = c.direction === 'down';
  return withTexts({
    id: `level_break:${symbol}:${c.level}:${c.direction}:${now}`,
    kind: 'level_break',
    severity: down ? rules.levelBreak.downSeverity : rules.levelBreak.upSeverity,
    symbol,
    ts: now,
    data: { level: c.level, direction: c.direction, price, venues: sources },
  });
}
