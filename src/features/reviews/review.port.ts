import type { PilotStage, RoleId, SignalId, SignalStatusValue } from '../../core/catalog.domain.js';
import type { Answers } from '../../core/signal-status.domain.js';
import type { PlanItemStore } from './plan-item.port.js';
import type {
  DecisionFollowUpInput,
  Outcome,
  RecordedDecision,
  Review,
  RoundFollowUp,
  StoredAnswer,
  StoredSignalStatus,
} from './review.types.js';

/**
 * A stored answer whose audit event is still to be appended (see ReviewStore.saveAnswer). `before` is
 * absent for an edit saved by replaceAnswer (its earlier answers came back from the write, too late for
 * the marker): they are the role's last audited answers of the round, unless the save inserted the
 * round's document (`firstSubmittedAt` equal to `submittedAt`), when there were none.
 */
export type AnswerAwaitingAudit = StoredAnswer & {
  auditPending: { before?: Answers | null; claimedAt: Date };
  firstSubmittedAt?: Date;
};

/**
 * Reviews, their per-role answers and the manifests they began with, as the other features see them
 * (ReviewRepo implements it). Every method is scoped by workspace; ids that do not parse match nothing.
 * The plan-item methods are the review's plan items, kept by PlanItemRepo (PlanItemStore).
 */
export interface ReviewStore extends PlanItemStore {
  /** Stores a new review (one per pilot: a second one for the same pilot is a duplicate-key error). */
  create(input: Omit<Review, 'id'>): Promise<Review>;
  /** The review, or null. */
  byId(teamId: string, id: string): Promise<Review | null>;
  /** The pilot's review, or null. */
  byPilot(teamId: string, pilotId: string): Promise<Review | null>;
  /** The reviews of some pilots of one workspace. */
  byPilots(teamId: string, pilotIds: string[]): Promise<Review[]>;
  /**
   * Saves one role's answers while the round is open; the new answer sequence, 'locked' once the round
   * was decided, or null when these very answers are already stored (nothing written). `lockChecked`:
   * beginAnswer() already bumped the sequence to this value; only the answer is written.
   */
  saveAnswer(
    a: StoredAnswer,
    auditBefore?: Answers | null,
    opts?: { lockChecked?: number },
  ): Promise<number | 'locked' | null>;
  /**
   * saveAnswer() after beginAnswer() for answers whose stored ones were not read: one write stores the
   * new answers and returns the ones they replace (null when the write inserted the round's first), for
   * the audit event's `before`. Null when these very answers are already stored (nothing written).
   */
  replaceAnswer(a: StoredAnswer, lockChecked: number): Promise<{ seq: number; before: Answers | null } | null>;
  /**
   * The lock check of a save whose caller then saves with `lockChecked` (its answerSeq + 1): the review
   * as it was just before, or null when the round is closed, `userId` does not hold the role, or the
   * review predates AnswerFacts.
   */
  beginAnswer(
    a: Pick<StoredAnswer, 'teamId' | 'reviewId' | 'round' | 'role' | 'userId' | 'submittedAt'>,
  ): Promise<Review | null>;
  /**
   * Writes the pilot's stakeholders at `version` (its rolesVersion) into the review's AnswerFacts copy, only
   * over a copy of an older version: a repeat, or a late sync of an older version, writes nothing. True when
   * written; a review without AnswerFacts (opened before them) is left alone, its saves read the pilot.
   */
  syncStakeholders(
    teamId: string,
    reviewId: string,
    stakeholders: Record<RoleId, string>,
    version: number,
  ): Promise<boolean>;
  /** The answer's audit event is written: clear its marker (only for this very save). */
  markAnswerAudited(a: Pick<StoredAnswer, 'reviewId' | 'round' | 'role' | 'submittedAt'>): Promise<void>;
  /** Stored answers whose audit event is still pending, claimed by nobody since `staleBefore` (at most 200). */
  answersAwaitingAudit(
    staleBefore: Date,
    filter?: Partial<Pick<StoredAnswer, 'reviewId' | 'round' | 'role'>>,
  ): Promise<AnswerAwaitingAudit[]>;
  /** Takes over a stalled audit append: true for exactly one caller. */
  claimAnswerAudit(a: StoredAnswer, staleBefore: Date, now: Date): Promise<boolean>;
  /** Every answer of the review, earliest round first. */
  answerHistory(teamId: string, reviewId: string): Promise<StoredAnswer[]>;
  /** One role's answers of one round, or null. */
  answerFor(teamId: string, reviewId: string, round: number, role: RoleId): Promise<Answers | null>;
  /** Writes computed statuses unless a newer computation (higher `seq`) landed: true when written. */
  writeSnapshot(
    teamId: string,
    reviewId: string,
    seq: number,
    snapshot: { statuses: StoredSignalStatus[]; outcome: Outcome; answeredRoles: RoleId[] },
  ): Promise<boolean>;
  /** writeSnapshot() that returns the review as written, in the same round trip; null when a newer computation landed. */
  writeSnapshotReturning(
    teamId: string,
    reviewId: string,
    seq: number,
    snapshot: { statuses: StoredSignalStatus[]; outcome: Outcome; answeredRoles: RoleId[] },
  ): Promise<Review | null>;
  /**
   * Re-stamps a role's confirmation of its answers at `now` (one update), only while it is still the one
   * `expected` (the caller checked who holds the role), with a marker for its audit event (`reaffirmAudit`);
   * the review after it, or null when nothing matched.
   */
  reaffirmConfirmation(
    teamId: string,
    reviewId: string,
    confirmation: { role: RoleId; expected: Date; actor: string },
    now: Date,
  ): Promise<Review | null>;
  /**
   * Notes the stale confirmations the decision's opening asked about (one update; the card shows those
   * not re-confirmed since); the review after it, or null when it is gone.
   */
  markReconfirmAsked(
    teamId: string,
    reviewId: string,
    stale: readonly { role: RoleId; confirmedAt: Date }[],
  ): Promise<Review | null>;
  /** The re-stamp's audit event is written: clear its marker (only for the re-stamp at `at`). */
  clearReaffirmAudit(teamId: string, reviewId: string, role: RoleId, at: Date): Promise<void>;
  /** Takes over a review opening's stalled steps: true for exactly one caller. */
  claimOpenFollowUp(teamId: string, reviewId: string, staleBefore: Date, now: Date): Promise<boolean>;
  /** The opening's steps ran: remove its marker. */
  clearOpenFollowUp(teamId: string, reviewId: string): Promise<void>;
  /** Where the review's channel card was posted. */
  setCard(teamId: string, reviewId: string, card: { channel: string; ts: string }): Promise<void>;
  /**
   * Records a decision once per round (compare-and-set on the decision count), with its later steps
   * when `followUp` is given; null when another decision won the race.
   */
  recordDecision(
    teamId: string,
    reviewId: string,
    decision: RecordedDecision,
    expectedCount: number,
    followUp?: DecisionFollowUpInput,
  ): Promise<Review | null>;
  /** Takes over decision `n`'s pending steps unclaimed since `staleBefore`: true for one caller. */
  claimDecisionFollowUp(teamId: string, reviewId: string, n: number, staleBefore: Date, now: Date): Promise<boolean>;
  /** Decision `n`'s stage move did not happen: its record says where the pilot stayed. */
  decisionStageKept(teamId: string, reviewId: string, n: number, stage: PilotStage): Promise<void>;
  /** Decision `n`'s stage move now starts from `from`. */
  decisionMovesFrom(teamId: string, reviewId: string, n: number, from: PilotStage): Promise<void>;
  /** Decision `n`'s steps all ran: remove its marker (never a later decision's). */
  clearDecisionFollowUp(teamId: string, reviewId: string, n: number): Promise<void>;
  /** Opens the next round from `fromRound` only (with its later steps); null when it was opened already. */
  startRound(
    teamId: string,
    reviewId: string,
    fromRound: number,
    requiredRoles: RoleId[],
    reason: string,
    now: Date,
    followUp?: Omit<RoundFollowUp, 'claimedAt'>,
  ): Promise<Review | null>;
  /** Takes over round `round`'s stalled steps: true for exactly one caller. */
  claimRoundFollowUp(teamId: string, reviewId: string, round: number, staleBefore: Date, now: Date): Promise<boolean>;
  /** The round's steps ran: remove its marker. */
  clearRoundFollowUp(teamId: string, reviewId: string, round: number): Promise<void>;
  /** Something happened on the review: its last activity is `now`. */
  touch(teamId: string, reviewId: string, now: Date): Promise<void>;
  /** Keeps the manifest a review began with (once per version; a second store is a no-op). */
  storeManifest(version: string, content: unknown, now: Date): Promise<void>;
  /** A stored manifest's content, or null. */
  manifest(version: string): Promise<unknown | null>;
}

/** What the purgatory scan reads of a review (status per signal, not the reasons). */
export interface ReviewScanRow {
  id: string;
  pilotId: string;
  statuses: { signal: SignalId; status: string }[];
  answeredRoles: RoleId[];
  openedAt: Date;
  lastActivityAt: Date;
}

/** What the weekly digest reads of a review. */
export interface ReviewPortfolioRow {
  /** The review's id (the digest's *Record decision* button carries it). */
  id?: string;
  pilotId: string;
  statuses: { signal: SignalId; status: SignalStatusValue }[];
  answeredRoles: RoleId[];
  outcome: string;
  round: number;
  decidedRound: number;
  /** When the current round began: answers are late once the answer window after it has passed. */
  roundStartedAt: Date;
  /** When each role last confirmed its answers (Review.confirmations): stale ones are listed. */
  confirmations?: Partial<Record<RoleId, Date>>;
}

/** A review with work the repair job may finish. */
export interface ReviewRef {
  id: string;
  teamId: string;
}

/** The reviews collection as the sweeps read it (purgatory scan, digests, nudges, repair). */
export interface ReviewSweeps {
  /** Streams a workspace's reviews as the scan reads them (batches of 1,000). */
  streamScanRows(teamId: string): AsyncGenerator<ReviewScanRow>;
  /** The scan rows of some pilots' reviews (`$in` queries of at most 500 ids). */
  scanRowsOfPilots(teamId: string, pilotIds: string[]): Promise<ReviewScanRow[]>;
  /** Streams a workspace's reviews as the digest reads them (batches of 1,000). */
  streamPortfolioRows(teamId: string): AsyncGenerator<ReviewPortfolioRow>;
  /** The reviews of some pilots, whatever their workspace (callers match them by team and pilot). */
  byPilotIdsInAnyTeam(pilotIds: string[]): Promise<Review[]>;
  /** Which of these pilots have a review. */
  reviewedPilotIds(pilotIds: string[]): Promise<Set<string>>;
  /**
   * Reviews with an answer newer than their statuses' last computation, last active before `before`;
   * `behind` is false for a flag that is merely stale.
   */
  statusesBehind(before: Date, limit?: number): Promise<(ReviewRef & { answerSeq: number; behind: boolean })[]>;
  /** Clears the flag unless another answer arrived since (compare-and-set on the sequence). */
  clearStatusesBehind(id: string, answerSeq: number): Promise<void>;
  /** Reviews opened before `before` with no channel card, whose retry time (if any) is not after `now`. */
  withoutCard(before: Date, now?: Date, limit?: number): Promise<ReviewRef[]>;
  /** One more failed repair attempt: the review waits until `nextRepairAt` of its failures. */
  repairFailed(id: string, now: Date): Promise<void>;
  /** The review was repaired: its failure count starts again. */
  repairSucceeded(id: string): Promise<void>;
  /** Reviews whose follow-up marker `field` is unclaimed since `before`, oldest first. */
  followUpsStalled(
    field: 'openFollowUp' | 'decisionFollowUp' | 'roundFollowUp',
    before: Date,
    limit?: number,
  ): Promise<(ReviewRef & { pilotId: string })[]>;
}
