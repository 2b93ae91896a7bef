import { DateTime } from 'luxon';

/** One day in milliseconds (calendar arithmetic in UTC days). */
export const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) it is at `now` in an IANA time zone; UTC when the zone is unknown. */
export function localDay(now: Date, timeZone: string): string {
  const dt = DateTime.fromJSDate(now, { zone: timeZone });
  return (dt.isValid ? dt : DateTime.fromJSDate(now, { zone: 'utc' })).toISODate() as string;
}

/** A date and time as the viewer reads it, e.g. "Mon 2 Mar 2026, 09:00 (Europe/Berlin)". */
export function formatLocal(at: Date, timeZone: string): string {
  const dt = DateTime.fromJSDate(at, { zone: timeZone });
  const shown = dt.isValid ? dt : DateTime.fromJSDate(at, { zone: 'utc' });
  return `${shown.toFormat('ccc d LLL yyyy, HH:mm')} (${shown.zoneName})`;
}
