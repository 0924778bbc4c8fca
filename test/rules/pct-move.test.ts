import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { compileThresholds, evaluatePctMoves } from '../../src/rules/pct-move.js';

const { windows, thresholds } = compileThresholds(DEFAULT_RULES);
const H = windows.indexOf(3_600_000);
const D = windows.indexOf(86_400_000);

/** Each step gives [1h change %, 24h change %] against a reference of 100. */
function run(steps: Array<[number, number]>) {
  const state = thresholds.map(() => true);
  const fired: string[][] = [];
  for (const [h, d] of steps) {
    const refs: number[] = [];
    // Solve for a price giving the wanted change on the 24h window; set the 1h reference to match.
    const price = 100 * (1 + d / 100);
    refs[D] = 100;
    refs[H] = price / (1 + h / 100);
    fired.push(evaluatePctMoves(state, thresholds, refs, { composite: price }, { rearmFraction: 0.5 }).map((m) => `${m.threshold.windowMs === 3_600_000 ? '1h' : '24h'}${m.threshold.pct}:${m.threshold.severity}`));
  }
  return fired;
}

describe('evaluatePctMoves', () => {
  it.each([
    { name: 'small moves fire nothing', steps: [[-1, -2], [1, 2], [-2.9, -4.9]], want: [[], [], []] },
    { name: '1h −3% warning', steps: [[-3.1, -3.1]], want: [['1h-3:warning']] },
    { name: 'only once per episode', steps: [[-3.1, -3.1], [-3.5, -3.5], [-4, -4]], want: [['1h-3:warning'], [], []] },
    { name: 'warning escalates to critical', steps: [[-1, -5.5], [-1, -10.5]], want: [['24h-5:warning'], ['24h-10:critical']] },
    { name: 'one tick over several: the most severe only', steps: [[-4, -11], [-4, -12]], want: [['24h-10:critical'], []] },
    { name: 'same severity: the larger threshold wins', steps: [[-3.5, -5.5]], want: [['24h-5:warning']] },
    { name: 're-arms after retracing to half', steps: [[-3.1, -1], [-1.6, -1], [-1.4, -1], [-3.2, -1]], want: [['1h-3:warning'], [], [], ['1h-3:warning']] },
    { name: 'up moves are info', steps: [[3.2, 1], [1, 5.1]], want: [['1h3:info'], ['24h5:info']] },
  ])('$name', ({ steps, want }) => {
    expect(run(steps as Array<[number, number]>)).toEqual(want);
  });

  it('a squeeze fires only up moves (one per direction per tick)', () => {
    const got = run([[3.5, 6], [4, 8]]);
    expect(got[0]).toHaveLength(1);
    expect(got[0][0]).toMatch(/info$/);
    expect(got.flat().some((x) => x.includes('-'))).toBe(false);
  });
});
