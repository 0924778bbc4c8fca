import { describe, it, expect } from 'vitest';
import { type Label, spreadLabels } from '../../src/render/chart-model.js';
import { whenIn } from '../../src/render/chart-text.js';
import { decimalsOf, isMidnightUtc, linear, minorStep, niceStep, niceTicks, timeTicks } from '../../src/render/scale.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const DAY0 = Date.UTC(2026, 0, 29);

describe('linear', () => {
  it('maps the domain onto the range, flipped for a y axis', () => {
    const y = linear(0, 100, 400, 100);
    expect([y(0), y(50), y(100)]).toEqual([400, 250, 100]);
  });
  it('maps a zero-width domain to the middle', () => expect(linear(5, 5, 0, 10)(5)).toBe(5));
});

describe('niceStep and niceTicks', () => {
  const steps: Array<{ name: string; span: number; count: number; want: number }> = [
    { name: 'BTC over a 5% day', span: 5_238, count: 5, want: 2_000 },
    { name: 'a 10% move', span: 10, count: 4, want: 2.5 },
    { name: 'liquidations to $120M', span: 120e6, count: 3, want: 50e6 },
    { name: 'a small coin', span: 0.017, count: 5, want: 0.005 },
  ];
  for (const c of steps) it(`step for ${c.name}`, () => expect(niceStep(c.span, c.count)).toBeCloseTo(c.want, 12));

  it('widens to round bounds and lists every tick', () => {
    expect(niceTicks(84_106, 89_344, 5)).toEqual({ lo: 84_000, hi: 90_000, step: 2_000, values: [84_000, 86_000, 88_000, 90_000] });
  });
  it('prints decimals cleanly (no 0.30000000000000004)', () => {
    expect(niceTicks(0.1, 0.52, 5).values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  });
  it('gives a flat series some height', () => {
    const t = niceTicks(85_000, 85_000, 5);
    expect(t.lo).toBeLessThan(85_000);
    expect(t.hi).toBeGreaterThan(85_000);
  });
  it('survives non-finite bounds', () => expect(niceTicks(Number.NaN, 1, 5).values.length).toBeGreaterThan(1));
});

describe('decimalsOf', () => {
  const cases: Array<[number, number]> = [[500, 0], [1, 0], [2.5, 1], [0.25, 2], [0.005, 3]];
  for (const [step, want] of cases) it(`${step} → ${want}`, () => expect(decimalsOf(step)).toBe(want));
});

describe('timeTicks and minorStep', () => {
  const cases: Array<{ name: string; from: number; to: number; want: number; first: number }> = [
    { name: 'a day on 900 px: 3-hourly', from: DAY0, to: DAY0 + D, want: 3 * H, first: DAY0 },
    { name: 'an hour: 10 min', from: DAY0 + 13 * H + 7 * MIN, to: DAY0 + 14 * H + 7 * MIN, want: 10 * MIN, first: DAY0 + 13 * H + 10 * MIN },
    { name: 'a week: daily', from: DAY0 - 6 * D, to: DAY0 + D, want: D, first: DAY0 - 6 * D },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = timeTicks(c.from, c.to, 900, 80);
      expect(t.step).toBe(c.want);
      expect(t.values[0]).toBe(c.first);
      expect(t.values.every((v) => v % c.want === 0 && v >= c.from && v <= c.to)).toBe(true);
    });
  }
  it('puts hourly gridlines between 3-hourly labels', () => expect(minorStep(3 * H, DAY0, DAY0 + D, 900, 20)).toBe(H));
  it('has no minor step when none fits', () => expect(minorStep(MIN, DAY0, DAY0 + D, 900, 20)).toBeNull());
  it('knows midnight UTC', () => expect([isMidnightUtc(DAY0), isMidnightUtc(DAY0 + H)]).toEqual([true, false]));
  it('writes a moment as the span needs', () => expect([whenIn(DAY0 + 13 * H + 34 * MIN, D), whenIn(DAY0 + 13 * H, 7 * D)]).toEqual(['13:34', '29 Jan']));
});

describe('spreadLabels', () => {
  const label = (y: number, text = `y${y}`): Label => ({ y, anchorY: y, text, color: '#fff' });
  const gaps = (ls: Label[]) => ls.slice(1).map((l, i) => l.y - ls[i].y);

  it('leaves labels that do not touch where they are', () => {
    expect(spreadLabels([label(100), label(200)], 20, 0, 400).map((l) => l.y)).toEqual([100, 200]);
  });
  it('pushes overlapping labels apart, keeping their order', () => {
    const out = spreadLabels([label(100, 'a'), label(105, 'b'), label(103, 'c')], 20, 0, 400);
    expect(out.map((l) => l.text)).toEqual(['a', 'c', 'b']);
    expect(Math.min(...gaps(out))).toBeGreaterThanOrEqual(20);
  });
  it('keeps labels inside the panel, moving the pile up from the bottom', () => {
    const out = spreadLabels([label(395), label(398), label(400)], 20, 0, 400);
    expect(out.map((l) => l.y)).toEqual([360, 380, 400]);
    expect(out.every((l) => l.anchorY >= 395)).toBe(true);
  });
  it('drops the labels listed last when they cannot all fit', () => {
    const out = spreadLabels(Array.from({ length: 30 }, (_, i) => label(50, `l${i}`)), 20, 0, 100);
    expect(out).toHaveLength(6);
    expect(out.map((l) => l.text).sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
    expect(Math.min(...gaps(out))).toBeGreaterThanOrEqual(20);
    expect(out[0].y).toBeGreaterThanOrEqual(0);
  });
});
