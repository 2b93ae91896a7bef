import { DAY_MS } from '../../shared/time.js';

// The pilot's own re-scan schedule (its scanDueOn field): which day the daily purgatory scan reads it.

/** `scanDueOn` of a pilot that changed since its last scan: the next scan looks at it whatever the day. */
export const SCAN_NOW = 'now';
/** `scanDueOn` of a pilot whose flags no longer change with time alone (decided, or nothing ahead). */
export const SCAN_NEVER = 'never';
/** Every pilot is also re-checked in full once in this many days (a safety net for any missed change). */
export const SCAN_BUCKETS = 14;
/** A scan this long after the previous one reads every pilot again instead of the days in between. */
export const MAX_CATCH_UP_DAYS = 60;

/** The bucket a pilot is re-checked in, from its id: spreads pilots evenly over the SCAN_BUCKETS days. */
export function scanBucketOf(pilotId: string): string {
  let h = 0;
  for (let i = 0; i < pilotId.length; i++) h = (h * 31 + pilotId.charCodeAt(i)) >>> 0;
  return String(h % SCAN_BUCKETS);
}

/** The bucket whose pilots a scan on `day` (YYYY-MM-DD) re-checks in full; consecutive days take turns. */
export const bucketForDay = (day: string): string =>
  String(Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS) % SCAN_BUCKETS);
