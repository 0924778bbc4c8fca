import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { Rng } from '../../src/demo/random.js';
import { evaluateLevels, levelQuietBand, newLevelState, type LevelState } from '../../src/rules/level-break.js';
import { compileThresholds, evaluatePctMoves, pctQuiet, pctQuietRatios, type PctThreshold } from '../../src/rules/pct-move.js';

// The engine skips the price rules for a composite inside the quiet band the last full judgement drew. These
// check the promise it relies on: inside the band the rules would have done nothing (and the band is not empty
// where they would do nothing, or the engine would judge every tick in full).

const BAND = { hysteresisPct: 0.5 };

function copyLevels(s: LevelState): LevelState {
  return { ...s, fired: new Map([...s.fired].map(([k, v]) => [k, { ...v }])) };
}

describe('levelQuietBand', () => {
  const cases = [
    { name: 'BTC step 5000', step: 5000, explicit: [] as number[], base: 85_000 },
    { name: 'a step of 0.4', step: 0.4, explicit: [], base: 21.5 },
    { name: 'a fine step 0.000002', step: 0.000002, explicit: [], base: 0.00012 },
    { name: 'explicit levels only', step: undefined, explicit: [84_321, 86_000.5, 83_999.99], base: 85_000 },
    { name: 'step and explicit levels', step: 100, explicit: [2_950.5, 3_010], base: 3_000 },
  ];
  it.each(cases)('$name: no price inside the band crosses a level from any other', ({ step, explicit, base }) => {
    const rng = new Rng(7);
    const state = newLevelState();
    let inside = 0;
    let p = base;
    for (let i = 0; i < 3000; i++) {
      p = Math.max(base * 0.5, p * (1 + (rng.next() - 0.5) * 0.01));
      evaluateLevels(state, step, explicit, { composite: p }, BAND);
      const band = { lo: NaN, hi: NaN };
      levelQuietBand(band, state, step, explicit, { composite: p });
      if (!(p > band.lo && p < band.hi)) continue;
      inside++;
      // From p to prices across the band, and between two of them: never a crossing, the memory unchanged but for prev.
      const probes = [band.lo + (band.hi - band.lo) * rng.next(), band.lo + (band.hi - band.lo) * rng.next(), nextUp(band.lo), nextDown(band.hi)].filter((x) => x > band.lo && x < band.hi);
      const s = copyLevels(state);
      for (const q of probes) {
        expect(evaluateLevels(s, step, explicit, { composite: q }, BAND), `${p} → ${q} in (${band.lo}, ${band.hi})`).toEqual([]);
        expect([...s.fired]).toEqual([...state.fired]);
      }
    }
    expect(inside).toBeGreaterThan(2000);
  });

  it('ends at the levels either side: a price on the band edge crosses one', () => {
    const state = newLevelState();
    evaluateLevels(state, 100, [], { composite: 3_050 }, BAND);
    const band = { lo: NaN, hi: NaN };
    levelQuietBand(band, state, 100, [], { composite: 3_050 });
    expect(band).toEqual({ lo: 3_000, hi: 3_100 });
    expect(evaluateLevels(copyLevels(state), 100, [], { composite: 3_100 }, BAND)).toEqual([{ level: 3_100, direction: 'up' }]);
    expect(evaluateLevels(copyLevels(state), 100, [], { composite: 2_999.99 }, BAND)).toEqual([{ level: 3_000, direction: 'down' }]);
  });

  it('a fired level narrows the band to its flip bound', () => {
    const state = newLevelState();
    evaluateLevels(state, 100, [], { composite: 3_050 }, BAND);
    evaluateLevels(state, 100, [], { composite: 2_990 }, BAND); // 3,000 fired down: it flips back up at 3,015
    expect(evaluateLevels(state, 100, [], { composite: 3_005 }, BAND)).toEqual([]); // back above 3,000, inside its band
    const band = { lo: NaN, hi: NaN };
    levelQuietBand(band, state, 100, [], { composite: 3_005 });
    expect(band).toEqual({ lo: 3_000, hi: 3_000 * 1.005 });
    expect(evaluateLevels(copyLevels(state), 100, [], { composite: band.hi }, BAND)).toEqual([{ level: 3_000, direction: 'up' }]);
  });

  it('draws no band for a step too fine to tell levels apart', () => {
    const band = { lo: 0, hi: 0 };
    levelQuietBand(band, newLevelState(), 1e-9, [], { composite: 0.00001 });
    expect(band.lo).toBeNaN();
  });
});

describe('pctQuietRatios', () => {
  const { windows, thresholds } = compileThresholds(DEFAULT_RULES);
  const more: PctThreshold[] = [...thresholds, { windowMs: windows[0], windowIdx: 0, pct: 0, severity: 'info' }, { windowMs: windows[1], windowIdx: 1, pct: -150, severity: 'warning' }];
  const cfg = { rearmFraction: 0.5 };

  it.each([
    { name: 'the default thresholds', ts: thresholds },
    { name: 'with a 0% and a −150% threshold', ts: more },
  ])('$name: inside the ranges nothing fires or re-arms; just past an edge the threshold acts', ({ ts }) => {
    const rng = new Rng(11);
    let inside = 0;
    for (let i = 0; i < 4000; i++) {
      const state = ts.map(() => rng.next() < 0.5);
      const refs = windows.map(() => (rng.next() < 0.1 ? NaN : 50 + rng.next() * 100));
      const ratios = new Float64Array(2 * windows.length);
      pctQuietRatios(ratios, state, ts, cfg);
      const price = refs[0] > 0 ? refs[0] * (0.85 + rng.next() * 0.3) : 100;
      const s = [...state];
      const moves = evaluatePctMoves(s, ts, refs, { composite: price }, cfg);
      if (pctQuiet(ratios, refs, { composite: price })) {
        inside++;
        expect(moves, `price ${price} refs ${refs}`).toEqual([]);
        expect(s).toEqual(state);
      }
    }
    expect(inside).toBeGreaterThan(100);
    // Tight: a ratio a millionth past any finite edge makes its threshold act (fire, or re-arm).
    for (let i = 0; i < 200; i++) {
      const state = ts.map(() => rng.next() < 0.5);
      const ratios = new Float64Array(2 * windows.length);
      pctQuietRatios(ratios, state, ts, cfg);
      for (let w = 0; w < windows.length; w++) {
        for (const [edge, past] of [[ratios[2 * w], 1 - 1e-6], [ratios[2 * w + 1], 1 + 1e-6]]) {
          if (!Number.isFinite(edge) || edge <= 0) continue;
          const refs = windows.map(() => 100);
          const s = [...state];
          const moves = evaluatePctMoves(s, ts, refs, { composite: 100 * edge * past }, cfg);
          expect(moves.length > 0 || s.some((x, k) => x !== state[k]), `window ${w} edge ${edge}`).toBe(true);
        }
      }
    }
  });
});

describe('pctQuiet', () => {
  it('judges a price on a threshold\'s edge in full (rounding there may go either way)', () => {
    const { windows, thresholds } = compileThresholds(DEFAULT_RULES);
    const ratios = new Float64Array(2 * windows.length);
    for (const armed of [true, false]) {
      const state = thresholds.map(() => armed);
      pctQuietRatios(ratios, state, thresholds, { rearmFraction: 0.5 });
      for (const t of thresholds) {
        const edge = 1 + (armed ? t.pct : t.pct * 0.5) / 100;
        const refs = windows.map(() => 100);
        expect(pctQuiet(ratios, refs, { composite: 100 * edge }), `${t.windowMs} ${t.pct} armed ${armed}`).toBe(false);
      }
    }
  });
});

function nextUp(x: number): number {
  return x + Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}
function nextDown(x: number): number {
  return x - Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}
