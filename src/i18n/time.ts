/**
 * Wall-clock time in a chat's zone, with the zone named the way traders write it: "21:25 UTC+8",
 * "2026-01-29 21:25 UTC+8", and for UTC itself today's "2026-01-29 13:25 UTC". Digits and separators are
 * spelled here, not taken from a host locale; only the zone arithmetic comes from the runtime's tz database.
 */

import { NOT_A_NUMBER } from '../render/format.js';

/** ZonedTime is an instant as read on a wall clock in one zone, with that zone's offset from UTC at that instant. */
export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Minutes east of UTC (Asia/Shanghai: 480; America/New_York in winter: −300). */
  offsetMin: number;
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', timeZoneName: 'shortOffset',
    });
    FORMATTERS.set(tz, f);
  }
  return f;
}

/** "GMT", "GMT+8", "GMT-3:30" (Intl's shortOffset) → minutes east of UTC. */
function parseOffset(name: string): number {
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!m || !m[1]) return 0;
  const min = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -min : min;
}

/** zoned reads an epoch-ms instant on the wall clock of `tz` (a zone already validated by canonicalZone). */
export function zoned(ts: number, tz: string): ZonedTime {
  if (tz === 'UTC') {
    const d = new Date(ts);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), offsetMin: 0 };
  }
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(ts)) p[part.type] = part.value;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), offsetMin: parseOffset(p.timeZoneName ?? 'GMT') };
}

/** localMinutes is the wall-clock minute of the day at `ts` in `tz` (quiet hours, digest times). */
export function localMinutes(ts: number, tz: string): number {
  const z = zoned(ts, tz);
  return z.hour * 60 + z.minute;
}

/** offsetMs is `tz`'s offset from UTC at `ts`, in ms (positive east of Greenwich). */
export function offsetMs(ts: number, tz: string): number {
  return zoned(ts, tz).offsetMin * 60_000;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** zoneLabel names the zone by its offset at `ts`: "UTC" for UTC itself, else "UTC+8", "UTC+5:30", "UTC-3", "UTC+0". */
export function zoneLabel(ts: number, tz: string): string {
  return tz === 'UTC' ? 'UTC' : offsetLabel(zoned(ts, tz).offsetMin);
}

function offsetLabel(off: number): string {
  const a = Math.abs(off);
  return `UTC${off < 0 ? '-' : '+'}${Math.floor(a / 60)}${a % 60 ? `:${pad2(a % 60)}` : ''}`;
}

/** The wall clock is read once per text (Intl is slow outside UTC); these write from that reading. */
function labelOf(z: ZonedTime, tz: string): string {
  return tz === 'UTC' ? 'UTC' : offsetLabel(z.offsetMin);
}

function clockOf(z: ZonedTime): string {
  return `${pad2(z.hour)}:${pad2(z.minute)}`;
}

function dateOf(z: ZonedTime): string {
  return `${z.year}-${pad2(z.month)}-${pad2(z.day)}`;
}

/** clock writes the time of day in `tz` without the zone: "21:25". */
export function clock(ts: number, tz: string): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  return clockOf(zoned(ts, tz));
}

/** date writes the calendar date in `tz`: "2026-01-29". */
export function date(ts: number, tz: string): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  return dateOf(zoned(ts, tz));
}

/** clockZone writes the time of day with the zone named: "21:25 UTC+8", "13:25 UTC". */
export function clockZone(ts: number, tz: string): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  const z = zoned(ts, tz);
  return `${clockOf(z)} ${labelOf(z, tz)}`;
}

/** dateTimeZone writes date, time and zone: "2026-01-29 21:25 UTC+8"; for UTC exactly formatUtc's "2026-01-29 13:25 UTC". */
export function dateTimeZone(ts: number, tz: string): string {
  if (!Number.isFinite(ts)) return NOT_A_NUMBER;
  const z = zoned(ts, tz);
  return `${dateOf(z)} ${clockOf(z)} ${labelOf(z, tz)}`;
}

/** isLocalMidnight says whether `ts` is 00:00:00.000 on the wall clock of `tz`. */
export function isLocalMidnight(ts: number, tz: string): boolean {
  if (ts % 60_000 !== 0) return false;
  const z = zoned(ts, tz);
  return z.hour === 0 && z.minute === 0;
}

/** startOfLocalDay is the instant the calendar day of `ts` began on the wall clock of `tz` (the chat's "today" starts here). */
export function startOfLocalDay(ts: number, tz: string): number {
  const z = zoned(ts, tz);
  const wall = Date.UTC(z.year, z.month - 1, z.day);
  // The offset at midnight may differ from the one at `ts` (a summer-time change that day): re-read it there.
  const guess = wall - z.offsetMin * 60_000;
  return wall - offsetMs(guess, tz);
}
