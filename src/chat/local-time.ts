import { zoned } from '../i18n/time.js';

/** minutesOf parses "HH:MM" into minutes after midnight, or NaN. */
export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** localMinutes is the wall-clock minute of the day at `ts` in time zone `tz` (a zone canonicalZone accepted). */
export function localMinutes(ts: number, tz: string): number {
  const z = zoned(ts, tz);
  return z.hour * 60 + z.minute;
}
