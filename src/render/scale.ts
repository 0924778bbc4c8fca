/** Axes for the chart: linear scales, "nice" value ticks and UTC time ticks. Pure. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** DAY_MS is one UTC day in ms. */
export const DAY_MS = 24 * HOUR;

/** Scale maps a domain value to a pixel. */
export type Scale = (v: number) => number;

/** linear maps [d0, d1] onto [r0, r1] (r1 < r0 flips, as a y axis does). A zero-width domain maps to the middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  if (!(span > 0)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / span;
  return (v) => r0 + (v - d0) * k;
}

/** ValueTicks are evenly spaced round values covering a range, and the step between them. */
export interface ValueTicks {
  lo: number;
  hi: number;
  step: number;
  values: number[];
}

/** niceStep is the round step (1, 2, 2.5 or 5 × 10^k) that splits `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** niceTicks widens [lo, hi] to round bounds and lists the ticks between (about `count` of them). */
export function niceTicks(lo: number, hi: number, count: number): ValueTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return niceTicks(0, 1, count);
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.01 || 1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const step = niceStep(hi - lo, count);
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  for (let i = 0, v = a; v <= b + step * 1e-6; i++, v = a + i * step) values.push(Number(v.toPrecision(12)));
  return { lo: a, hi: b, step, values };
}

/** decimalsOf is how many decimals a tick step needs to print distinct labels (0.25 → 2, 500 → 0). */
export function decimalsOf(step: number): number {
  let d = 0;
  while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9 * 10 ** d) d++;
  return d;
}

/** TIME_STEPS are the tick intervals a UTC time axis may use, shortest first. */
export const TIME_STEPS: readonly number[] = [
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY_MS, 2 * DAY_MS, 7 * DAY_MS,
];

/** TimeTicks are the labelled ticks of a time axis: UTC-aligned multiples of `step` within [from, to]. */
export interface TimeTicks {
  step: number;
  values: number[];
}

/** timeTicks picks the shortest step whose ticks are at least `minGapPx` apart across `widthPx`. */
export function timeTicks(from: number, to: number, widthPx: number, minGapPx: number): TimeTicks {
  const span = Math.max(MINUTE, to - from);
  const step = TIME_STEPS.find((s) => (s / span) * widthPx >= minGapPx) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const values: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) values.push(t);
  return { step, values };
}

/** minorStep is the longest step that divides `step` and stays at least `minGapPx` apart (null: none fits). */
export function minorStep(step: number, from: number, to: number, widthPx: number, minGapPx: number): number | null {
  const span = Math.max(MINUTE, to - from);
  const fits = TIME_STEPS.filter((s) => s < step && step % s === 0 && (s / span) * widthPx >= minGapPx);
  return fits.length > 0 ? fits[fits.length - 1] : null;
}

/** isMidnightUtc tells whether an epoch-ms time is 00:00 UTC (where a time axis shows the date). */
export function isMidnightUtc(ts: number): boolean {
  return ts % DAY_MS === 0;
}
