/** Rng is a seeded pseudo-random source, so generated days are the same on every run. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** next returns a uniform number in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** normal returns a standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** poisson returns a Poisson sample with mean `lambda` (Knuth; fine for small means). */
  poisson(lambda: number): number {
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }

  /** pick returns a key from weighted pairs. */
  pick<T>(weighted: ReadonlyArray<readonly [T, number]>): T {
    let r = this.next();
    for (const [v, w] of weighted) {
      if ((r -= w) < 0) return v;
    }
    return weighted[weighted.length - 1][0];
  }
}

/** interpolate evaluates a piecewise-linear path of [x, y] keyframes at x. */
export function interpolate(path: ReadonlyArray<readonly [number, number]>, x: number): number {
  if (x <= path[0][0]) return path[0][1];
  for (let i = 1; i < path.length; i++) {
    const [x1, y1] = path[i];
    if (x <= x1) {
      const [x0, y0] = path[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return path[path.length - 1][1];
}
