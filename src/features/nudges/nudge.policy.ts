/**
 * When to nudge whom: first `nudgeFirstAfter` after the round opened, then every `nudgeEvery`
 * after the last nudge, never inside the recipient's quiet hours, never while snoozed; the sponsor hears
 * about it on the `escalateAfterNudges`-th nudge (and every that-many after). Pure: `now` is a parameter.
 */
import type { PilotStage, RoleId } from '../../core/catalog.domain.js';
import { nextAllowedTime, type QuietHours } from '../../core/quiet-hours.domain.js';

export interface NudgeCadence {
  nudgeFirstAfterMs: number;
  nudgeEveryMs: number;
  escalateAfterNudges: number;
  quietHours: QuietHours | null;
}

/** What the policy needs of a review: who owes answers in the current round, and whether it still matters. */
export interface ReviewNudgeState {
  reviewId: string;
  round: number;
  roundStartedAt: Date;
  /** Roles required in this round that have not answered yet. */
  owedRoles: RoleId[];
  stakeholders: Record<RoleId, string>;
  /** Role → deputy, and the holders who are away: an away holder's nudges go to the deputy. */
  deputies: Partial<Record<RoleId, string>>;
  awayUsers: string[];
  stage: PilotStage;
  decidedRound: number;
}

/** What was already done for one recipient in one round. */
export interface NudgeRecord {
  userId: string;
  count: number;
  lastSentAt?: Date;
  snoozedUntil?: Date;
  /** The highest nudge count the sponsor has been told about (0: never). */
  escalated?: number;
}

/** One recipient who owes answers: the roles, and for a deputy the holders they stand in for. */
export interface OwedRecipient {
  userId: string;
  roles: RoleId[];
  /** Role → the away holder this recipient stands in for. */
  standingInFor: Partial<Record<RoleId, string>>;
}

export type NudgeDecision =
  | { kind: 'due'; n: number }
  | { kind: 'wait'; until: Date; reason: 'cadence' | 'snoozed' | 'quiet_hours' };

/** True while answers can still be chased: the pilot is in review and this round has no decision. */
export function isCollecting(state: ReviewNudgeState): boolean {
  return state.stage === 'in_review' && state.decidedRound < state.round && state.owedRoles.length > 0;
}

/**
 * Who is chased for the owed roles, one entry per person (a person holding two roles gets one nudge).
 * A role whose holder is away and who has a deputy (not the holder) is chased through the deputy.
 */
export function owedRecipients(state: ReviewNudgeState): OwedRecipient[] {
  if (!isCollecting(state)) return [];
  const byUser = new Map<string, OwedRecipient>();
  for (const role of state.owedRoles) {
    const holder = state.stakeholders[role];
    const deputy = state.deputies[role];
    const handOver = deputy && deputy !== holder && state.awayUsers.includes(holder);
    const userId = handOver ? deputy : holder;
    const entry = byUser.get(userId) ?? { userId, roles: [], standingInFor: {} };
    entry.roles.push(role);
    if (handOver) entry.standingInFor[role] = holder;
    byUser.set(userId, entry);
  }
  return [...byUser.values()];
}

/** When the next nudge falls due by the cadence and any snooze alone (quiet hours not applied). */
export function nextDueAt(roundStartedAt: Date, record: NudgeRecord | undefined, cadence: NudgeCadence): Date {
  const byCadence =
    record && record.count > 0 && record.lastSentAt
      ? record.lastSentAt.getTime() + cadence.nudgeEveryMs
      : roundStartedAt.getTime() + cadence.nudgeFirstAfterMs;
  const snoozed = record?.snoozedUntil?.getTime() ?? 0;
  return new Date(Math.max(byCadence, snoozed));
}

/** The last escalation milestone reached after `count` nudges: N, 2N, 3N … (0 before the Nth). */
export function escalationMilestone(count: number, escalateAfterNudges: number): number {
  return Math.floor(count / escalateAfterNudges) * escalateAfterNudges;
}

/**
 * Whether one recipient is nudged now. `tzOffsetSeconds` is the recipient's offset from UTC (users.info
 * `tz_offset`); inside their quiet hours the nudge waits for the first allowed minute.
 */
export function nudgeDecision(input: {
  roundStartedAt: Date;
  record: NudgeRecord | undefined;
  cadence: NudgeCadence;
  now: Date;
  tzOffsetSeconds: number;
}): NudgeDecision {
  const { record, cadence, now } = input;
  const due = nextDueAt(input.roundStartedAt, record, cadence);
  if (now < due) {
    const snoozed = record?.snoozedUntil !== undefined && due.getTime() === record.snoozedUntil.getTime();
    return { kind: 'wait', until: due, reason: snoozed ? 'snoozed' : 'cadence' };
  }
  const allowed = nextAllowedTime(cadence.quietHours, now, input.tzOffsetSeconds);
  if (allowed > now) return { kind: 'wait', until: allowed, reason: 'quiet_hours' };
  return { kind: 'due', n: (record?.count ?? 0) + 1 };
}

export interface DueNudge extends OwedRecipient {
  n: number;
}

/**
 * Every nudge due now for one review: owed recipients whose cadence, snooze and quiet hours all allow it.
 * Answered roles and decided reviews yield nothing, which is how a nudge is cancelled.
 */
export function dueNudges(
  state: ReviewNudgeState,
  history: readonly NudgeRecord[],
  cadence: NudgeCadence,
  now: Date,
  tzOffsetSeconds: (userId: string) => number,
): DueNudge[] {
  return owedRecipients(state).flatMap((owed) => {
    const decision = nudgeDecision({
      roundStartedAt: state.roundStartedAt,
      record: history.find((h) => h.userId === owed.userId),
      cadence,
      now,
      tzOffsetSeconds: tzOffsetSeconds(owed.userId),
    });
    return decision.kind === 'due' ? [{ ...owed, n: decision.n }] : [];
  });
}

export interface PendingEscalation {
  userId: string;
  roles: RoleId[];
  nudges: number;
  milestone: number;
}

/**
 * Late recipients the sponsor has not yet been told about at their current milestone (the Nth nudge,
 * then every N more). Derived from stored counts, so an escalation held back (quiet hours, a failed
 * send) goes out on a later sweep. The sponsor is never escalated to about themselves.
 */
export function pendingEscalations(
  state: ReviewNudgeState,
  history: readonly NudgeRecord[],
  escalateAfterNudges: number,
): PendingEscalation[] {
  const sponsor = state.stakeholders.executive_sponsor;
  return owedRecipients(state).flatMap((owed) => {
    const record = history.find((h) => h.userId === owed.userId);
    const count = record?.count ?? 0;
    const milestone = escalationMilestone(count, escalateAfterNudges);
    if (owed.userId === sponsor || milestone === 0 || milestone <= (record?.escalated ?? 0)) return [];
    return [{ userId: owed.userId, roles: owed.roles, nudges: count, milestone }];
  });
}
