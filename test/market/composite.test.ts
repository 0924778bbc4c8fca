import { describe, expect, it } from 'vitest';
import { CompositeBook } from '../../src/market/composite.js';
import { RollingLiquidations } from '../../src/market/rolling.js';
import { WindowedSeries } from '../../src/market/series.js';

describe('CompositeBook', () => {
  const now = 1_769_693_100_000;
  it.each([
    { name: 'one venue', quotes: [['a', 100, 0]], want: 100 },
    { name: 'odd count: the median', quotes: [['a', 100, 0], ['b', 101, 0], ['c', 250, 0]], want: 101 },
    { name: 'even count: the mean of the middle two', quotes: [['a', 100, 0], ['b', 102, 0], ['c', 104, 0], ['d', 1, 0]], want: 101 },
    { name: 'one venue bad print cannot move it', quotes: [['a', 85000, 0], ['b', 85010, 0], ['c', 8500, 0]], want: 85000 },
    { name: 'a quote 60 s old still counts', quotes: [['a', 100, -60_000], ['b', 102, 0]], want: 101 },
    { name: 'a quote over 60 s old is dropped', quotes: [['a', 100, -60_001], ['b', 102, 0]], want: 102 },
    { name: 'nothing fresh: NaN', quotes: [['a', 100, -120_000]], want: NaN },
  ])('$name', ({ quotes, want }) => {
    const b = new CompositeBook();
    for (const [s, p, dt] of quotes as Array<[string, number, number]>) b.update(s, p, now + dt);
    expect(b.composite(now, 60_000)).toBe(want);
  });

  it('is the median of a sort for every venue count, ties included (3 to 5 venues take no sort)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const prices = [100, 101, 101, 99.5, 250, 1];
    for (let n = 1; n <= 7; n++) {
      for (let trial = 0; trial < 2_000; trial++) {
        const b = new CompositeBook();
        const xs = Array.from({ length: n }, () => (rand() < 0.5 ? prices[Math.floor(rand() * prices.length)] : 50 + rand() * 100));
        xs.forEach((x, i) => b.update(`v${i}`, x, now));
        const sorted = [...xs].sort((x, y) => x - y);
        const m = n >> 1;
        expect(b.composite(now, 60_000)).toBe(n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2);
      }
    }
  });

  it('ignores an older quote from the same venue (out of order)', () => {
    const b = new CompositeBook();
    b.update('a', 100, now);
    b.update('a', 50, now - 1000);
    expect(b.composite(now, 60_000)).toBe(100);
  });
});

describe('WindowedSeries', () => {
  it('answers the value one window ago, or the oldest early on', () => {
    const s = new WindowedSeries([60_000, 600_000], 1000);
    s.push(0, 100);
    expect(s.reference(0)).toBe(100);
    for (let t = 1000; t <= 120_000; t += 1000) s.push(t, 100 + t / 1000);
    expect(s.reference(0)).toBe(100 + 60); // the sample at 120 s − 60 s
    expect(s.reference(1)).toBe(100); // 10 min window: only 2 min held, the oldest
  });

  it('keeps memory bounded by the longest window', () => {
    const s = new WindowedSeries([10_000], 1000);
    for (let t = 0; t < 1_000_000; t += 1000) s.push(t, t);
    expect(s.size).toBeLessThanOrEqual(12);
    expect(s.reference(0)).toBe(1_000_000 - 1000 - 10_000);
  });

  it('one sample per step: later values in the step overwrite', () => {
    const s = new WindowedSeries([5000], 1000);
    s.push(0, 1);
    s.push(500, 2);
    s.push(900, 3);
    expect(s.size).toBe(1);
    expect(s.reference(0)).toBe(3);
  });
});

describe('RollingLiquidations', () => {
  it('sums per window and expires what leaves it', () => {
    const r = new RollingLiquidations([60_000, 3_600_000], 1000);
    r.advance(1_000_000);
    r.add(1_000_000, true, 10);
    r.advance(1_030_000);
    r.add(1_030_000, false, 5);
    expect(r.window(60_000)).toMatchObject({ longUsd: 10, shortUsd: 5, count: 2 });
    r.advance(1_061_000);
    expect(r.window(60_000)).toMatchObject({ longUsd: 0, shortUsd: 5, count: 1 });
    expect(r.window(3_600_000)).toMatchObject({ longUsd: 10, shortUsd: 5, count: 2 });
    r.advance(1_000_000 + 3_700_000);
    expect(r.window(3_600_000)).toMatchObject({ longUsd: 0, shortUsd: 0, count: 0 });
  });

  it('a slightly late event lands in the windows that still hold its time', () => {
    const r = new RollingLiquidations([60_000], 1000);
    r.advance(2_000_000);
    r.add(1_990_000, true, 7);
    r.add(1_900_000, true, 9); // older than the 1-min window: not counted
    expect(r.window(60_000)).toMatchObject({ longUsd: 7, count: 1 });
  });
});
