/**
 * How many items a sweep works on at once. Slack's rate tiers are per workspace token, so a workspace
 * held back by a 429 may hold only its own few slots: the others keep sending. `buffered` bounds how
 * many items are read ahead of the running ones (memory stays flat however many reviews are open).
 */
export interface FanOutLimits {
  /** Items of one workspace at once: a few, so one workspace never takes most of Slack's Tier 3 burst. */
  perWorkspace: number;
  /** Items at once across all workspaces: enough to keep the database and Slack busy on two cores. */
  overall: number;
  /** Items read but not yet started, at most. */
  buffered: number;
}

export const SWEEP_FAN_OUT: FanOutLimits = { perWorkspace: 4, overall: 32, buffered: 512 };

/** Whether an item of `teamId` may start now, given what runs (per workspace and in all). */
export function mayStart(
  running: ReadonlyMap<string, number>,
  totalRunning: number,
  teamId: string,
  limits: FanOutLimits,
): boolean {
  return totalRunning < limits.overall && (running.get(teamId) ?? 0) < limits.perWorkspace;
}

/** Whether to read another item ahead: the buffer has room. */
export function mayReadAhead(buffered: number, limits: FanOutLimits): boolean {
  return buffered < limits.buffered;
}

/** Limits as given, or a clear error saying which one to fix (each must be a whole number ≥ 1). */
export function fanOutLimits(limits: FanOutLimits): FanOutLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`fan-out limit ${name} must be a whole number ≥ 1, got ${value}`);
  }
  return limits;
}
