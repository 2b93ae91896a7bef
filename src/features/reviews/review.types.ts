import type { Decision, PilotStage, RoleId, SignalId, SignalStatusValue } from '../../core/catalog.domain.js';
import type { Answers } from '../../core/signal-status.domain.js';
import type { MonitoringPlan } from '../pilots/pilot.types.js';

export type Outcome = 'collecting' | 'proceed' | 'continue_pre_production' | 'pause';

export interface StoredSignalStatus {
  signal: SignalId;
  status: SignalStatusValue;
  reasons: string[];
  awaiting: RoleId[];
  disagreement?: { roles: [RoleId, RoleId] };
}

export interface PlanItem {
  id: string;
  teamId: string;
  reviewId: string;
  pilotId: string;
  round: number;
  signal: SignalId;
  action: string;
  ownerId: string;
  dueDate: string;
  investment?: number;
  doneAt?: Date;
  doneBy?: string;
  /** Marked done, its audit event not yet appended (a later click finishes it). */
  doneAuditPending?: boolean;
  /**
   * Marked done, and whether that completed its round's plan (so the re-review round opens) is not yet
   * checked: set with the done mark, removed once checked; the repair job takes over a stale one.
   */
  roundCheckAt?: Date;
}

export interface RecordedDecision {
  decision: Decision;
  reason?: string;
  by: string;
  at: Date;
  round: number;
  /**
   * The decision's stage move did not happen: another stage change landed between the decision's read
   * and its move, and the pilot stayed in this stage (pilot-lifecycle.domain `afterLostMove`).
   */
  stageKept?: PilotStage;
}

/**
 * The later steps of the review's latest decision, written with it in one update and removed once
 * they all ran (plan items stored, stage moved, audit events appended). `claimedAt`: who runs them
 * since when; the repair job takes over a marker left older than its grace period.
 */
export interface DecisionFollowUp {
  /** The decision's position in `decisions` (0-based). */
  n: number;
  decision: RecordedDecision;
  pilotId: string;
  pilotName: string;
  /** The stage read when deciding (the compare-and-set's expected value) and the one it moves to. */
  stage: { from: PilotStage; to: PilotStage };
  planItems: PlanItem[];
  monitoringPlan?: MonitoringPlan;
  claimedAt: Date;
}

/** What a decision's write stores besides the decision (the repository gives the plan items their ids). */
export type DecisionFollowUpInput = Omit<DecisionFollowUp, 'n' | 'decision' | 'planItems' | 'claimedAt'> & {
  planItems: Omit<PlanItem, 'id'>[];
};

/** The later steps of a re-review round, written with the round in one update; removed once they ran. */
export interface RoundFollowUp {
  round: number;
  pilotId: string;
  pilotName: string;
  /** The pilot's stage read before the round opened (the stage move's expected value). */
  from: PilotStage;
  roles: RoleId[];
  signals: SignalId[];
  actor: string;
  at: Date;
  claimedAt: Date;
}

export interface ReviewRound {
  n: number;
  startedAt: Date;
  requiredRoles: RoleId[];
  reason: string;
}

/** A gate review: one per pilot, with every round it went through. */
export interface Review {
  id: string;
  teamId: string;
  pilotId: string;
  manifestVersion: string;
  round: number;
  rounds: ReviewRound[];
  statuses: StoredSignalStatus[];
  outcome: Outcome;
  answeredRoles: RoleId[];
  answerSeq: number;
  snapshotSeq: number;
  decisions: RecordedDecision[];
  /** The round a decision was last recorded for; guards against double submission. */
  decidedRound: number;
  /** How many decisions are recorded; every decision is a compare-and-set on it. */
  decisionCount: number;
  card?: { channel: string; ts: string };
  openedAt: Date;
  lastActivityAt: Date;
  decidedAt?: Date;
  decisionFollowUp?: DecisionFollowUp;
  roundFollowUp?: RoundFollowUp;
  /** The opening's later steps (stage move, registration audit events), written with the review. */
  openFollowUp?: { actor: string; at: Date; claimedAt: Date };
  /** What a questionnaire save needs beyond the review (set at opening; older reviews lack it). */
  answerFacts?: AnswerFacts;
  /**
   * When each role last confirmed the answers that count: set by every save of the role and by *Still
   * true*. Reviews older than this field read the time from their answers (confirmation-expiry.domain).
   */
  confirmations?: Partial<Record<RoleId, Date>>;
  /**
   * The stale confirmations the sponsor's last opening of the decision asked about, by role (the time
   * of the confirmation that went stale); the card shows those still unconfirmed since.
   */
  reconfirmAsked?: Partial<Record<RoleId, Date>>;
  /** A *Still true* re-stamp whose audit event is not appended yet (written with it, removed after). */
  reaffirmAudit?: Partial<Record<RoleId, { at: Date; actor: string; before: Date }>>;
}

/**
 * Kept on the review so a save's lock check (ReviewStore.beginAnswer) returns it in the same write:
 * no read of the pilot or of the stored answers before the ack.
 */
export interface AnswerFacts {
  pilotName: string;
  /**
   * The pilot's stakeholders, copied at opening and after each role change (ReviewStore.syncStakeholders),
   * since the save's lock check authorises the answering person from this copy.
   */
  stakeholders: Record<RoleId, string>;
  /** The pilot's rolesVersion the copy was taken at (unset: at opening). */
  rolesVersion?: number;
  /** Per role, the last round a save of it began in: absent or older, the role has no answers stored this round. */
  savedRound: Partial<Record<RoleId, number>>;
  /**
   * The pilot's KPIs and planned validation date, which the ops lead's KPI-results fields show and parse.
   * Both are set at registration and never edited; reviews opened before they were copied here lack them.
   */
  kpis?: { name: string; baseline: string; target: string }[];
  plannedKpiValidationDate?: string;
}

export interface StoredAnswer {
  teamId: string;
  reviewId: string;
  round: number;
  role: RoleId;
  userId: string;
  answers: Answers;
  submittedAt: Date;
}
