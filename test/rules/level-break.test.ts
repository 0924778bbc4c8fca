import { describe, expect, it } from 'vitest';
import { evaluateLevels, levelsBetween, newLevelState } from '../../src/rules/level-break.js';

/** Feed a path of composites through one asset's level state; collect every flip. */
function run(step: number, path: number[], explicit: number[] = [], band = 0.5) {
  const st = newLevelState();
  const flips: string[] = [];
  for (const p of path) for (const c of evaluateLevels(st, step, explicit, { composite: p }, { hysteresisPct: band })) flips.push(`${c.direction}:${c.level}`);
  return flips;
}

describe('levelsBetween', () => {
  it.each([
    { name: 'step multiples in (lo, hi]', step: 5000, lo: 84000, hi: 90000, want: [85000, 90000] },
    { name: 'none inside', step: 5000, lo: 85001, hi: 89999, want: [] },
    { name: 'explicit level added', step: 100, lo: 2790, hi: 2810, explicit: [2805], want: [2800, 2805] },
    { name: 'no step: explicit only', step: undefined, lo: 1, hi: 3, explicit: [2], want: [2] },
    { name: 'fractional step: a level equal to hi is in', step: 0.1, lo: 0.25, hi: 0.3, want: [0.3] },
    { name: 'fractional step: a level equal to lo is out', step: 0.1, lo: 0.3, hi: 0.35, want: [] },
  ])('$name', ({ step, lo, hi, explicit, want }) => {
    expect(levelsBetween(step, explicit ?? [], lo, hi)).toEqual(want);
  });
});

describe('evaluateLevels', () => {
  it.each([
    { name: 'first composite is learned silently', path: [84000], want: [] },
    { name: 'crossing down fires at once', path: [85100, 84990], want: ['down:85000'] },
    { name: 'landing exactly on the level counts as above', path: [85100, 85000], want: [] },
    { name: 'leaving the level from exactly on it fires', path: [85100, 85000, 84999], want: ['down:85000'] },
    { name: 'from exactly on the level upward does not fire', path: [85000, 85100], want: [] },
    { name: 'crossing up fires at once', path: [84900, 85001], want: ['up:85000'] },
    { name: 'hovering at a level fires once', path: [85100, 84990, 85010, 84995, 85020, 84980, 85005], want: ['down:85000'] },
    { name: 'flip back needs the 0.5% band', path: [85100, 84990, 85400, 85425], want: ['down:85000', 'up:85000'] },
    { name: 'after a flip up, down needs the band again', path: [85100, 84990, 85500, 84800, 84575, 84574], want: ['down:85000', 'up:85000', 'down:85000'] },
    { name: 'one jump crossing two levels fires both, highest first', path: [90100, 84900], want: ['down:90000', 'down:85000'] },
    { name: 'a quiet walk between levels fires nothing', path: [86000, 86500, 87000, 86200, 88000, 89999], want: [] },
  ])('$name', ({ path, want }) => {
    expect(run(5000, path)).toEqual(want);
  });

  it('fires custom levels too', () => {
    expect(run(5000, [86000, 85900, 85700], [85800])).toEqual(['down:85800']);
  });

  it('custom levels: quiet between them, back across only past the band, never for one outside the move', () => {
    // 85,800 × 1.005 = 86,229: the way back up fires there, not at 86,000.
    expect(run(5000, [86000, 85900, 85850, 85700, 85750, 86000, 86300], [85800, 87000, 84000])).toEqual(['down:85800', 'up:85800']);
    expect(run(5000, [86100, 86050, 86150, 86020], [85800, 86200])).toEqual([]);
  });
});
