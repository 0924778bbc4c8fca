import type { Engine } from 'json-rules-engine';
import type { Direction } from './cascade.js';

/** MAX_STEP_LEVELS caps the step levels one move can cross, as src/rules/level-break.ts does. */
const MAX_STEP_LEVELS = 1000;

/** LevelBook is one asset's level memory: the previous composite and the side of each level that fired. */
export interface LevelBook {
  step: number | undefined;
  explicit: readonly number[];
  prev: number;
  fired: Map<number, { above: boolean }>;
}

/** newLevelBook starts an asset with no composite seen (the first one is learned silently). */
export function newLevelBook(step: number | undefined, explicit: readonly number[]): LevelBook {
  return { step, explicit, prev: NaN, fired: new Map() };
}

/** Flip is one level json-rules-engine says breaks, and in which direction. */
export interface Flip {
  level: number;
  direction: Direction;
}

/** unfiredBetween lists the never-fired candidate levels L with lo < L <= hi: step multiples, then explicit levels. */
export function unfiredBetween(book: LevelBook, lo: number, hi: number): number[] {
  const out: number[] = [];
  const step = book.step;
  if (step !== undefined && step > 0) {
    const last = Math.floor(hi / step);
    for (let k = Math.floor(lo / step) + 1; k <= last && out.length < MAX_STEP_LEVELS; k++) out.push(Math.round(k * step * 1e8) / 1e8);
  }
  for (const l of book.explicit) if (l > lo && l <= hi && !out.includes(l)) out.push(l);
  return out.filter((l) => !book.fired.has(l));
}

/**
 * runLevels asks json-rules-engine, for every fired level and every never-fired level between the
 * previous and the current composite, whether it breaks; then updates the memory (a fresh break is
 * remembered on its new side, a fired level flips) and returns the breaks in the order of the move.
 */
export async function runLevels(engine: Engine, book: LevelBook, price: number, bandPct: number): Promise<Flip[]> {
  const prev = book.prev;
  book.prev = price;
  if (Number.isNaN(prev) || prev === price) return [];
  const band = bandPct / 100;
  const flips: Flip[] = [];
  const ask = async (level: number, mem: { above: boolean } | undefined) => {
    const facts = { price, prev, level, fired: mem !== undefined, firedAbove: mem?.above ?? false, flipDownBelow: level * (1 - band), flipUpAt: level * (1 + band) };
    const { events } = await engine.run(facts);
    if (events.length > 0) flips.push({ level, direction: events[0].params!.direction as Direction });
  };
  for (const [level, mem] of book.fired) await ask(level, mem);
  const fresh = unfiredBetween(book, Math.min(prev, price), Math.max(prev, price));
  for (const level of fresh) await ask(level, undefined);
  for (const f of flips) {
    const mem = book.fired.get(f.level);
    if (mem) mem.above = f.direction === 'up';
    else book.fired.set(f.level, { above: f.direction === 'up' });
  }
  const falling = price < prev;
  return flips.sort((a, b) => (falling ? b.level - a.level : a.level - b.level));
}
