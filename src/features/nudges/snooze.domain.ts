import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;

export type SnoozeResult = { ok: true; until: Date } | { ok: false; error: string };

/** Snooze for a fixed span from `now`: '1h' or '1d'. */
export function snoozeFor(choice: '1h' | '1d', now: Date): Date {
  return new Date(now.getTime() + (choice === '1h' ? HOUR_MS : 24 * HOUR_MS));
}

/**
 * "Until a date": reminders resume at the start of that day in the recipient's time zone
 * (quiet hours then hold them until morning). The day must be after today, there.
 */
export function snoozeUntilDate(date: string, now: Date, timeZone: string): SnoozeResult {
  const day = DateTime.fromISO(date, { zone: timeZone });
  if (!day.isValid) return { ok: false, error: 'Pick a date' };
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  if (day.startOf('day') <= today) return { ok: false, error: 'Pick a date after today' };
  if (day.diff(today, 'days').days > 366) return { ok: false, error: 'Pick a date within a year' };
  return { ok: true, until: day.startOf('day').toJSDate() };
}

/** Tomorrow in the recipient's time zone, as the date picker's initial value. */
export function tomorrowIn(now: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' })).plus({ days: 1 }).toISODate() as string;
}
