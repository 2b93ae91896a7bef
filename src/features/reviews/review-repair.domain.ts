/**
 * A pilot saved but whose review never opened (the process died between the two writes) is found by
 * the repair job once it is older than this grace period; a younger one may still be opening.
 */
export const REPAIR_GRACE_MS = 2 * 60 * 1000;

/** True when a write made at `at` is old enough that an unfinished follow-up step must have failed. */
export function isAbandoned(at: Date, now: Date, graceMs = REPAIR_GRACE_MS): boolean {
  return now.getTime() - at.getTime() >= graceMs;
}

/** The longest wait between two repair attempts of one item. */
export const REPAIR_BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

/**
 * When the repair job tries an item again after `failures` failed attempts: a minute, then doubling up
 * to a day, so an item that can never be repaired (a card for a channel the bot left) stops being
 * retried every minute while a passing outage is still caught up quickly.
 */
export function nextRepairAt(failures: number, now: Date): Date {
  const wait = Math.min(60_000 * 2 ** Math.max(0, failures - 1), REPAIR_BACKOFF_MAX_MS);
  return new Date(now.getTime() + wait);
}
