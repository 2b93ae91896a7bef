/**
 * A pilot saved but whose review never opened (the process died between the two writes) is found by
 * the repair job once it is older than this grace period; a younger one may still be opening.
 */
export const REPAIR_GRACE_MS = 2 * 60 * 1000;

/** True when a write made at `at` is old enough that an unfinished follow-up step must have failed. */
export function isAbandoned(at: Date, now: Date, graceMs = REPAIR_GRACE_MS): boolean {
  return now.getTime() - at.getTime() >= graceMs;
}
