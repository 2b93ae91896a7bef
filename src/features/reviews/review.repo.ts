import { Types } from 'mongoose';
import type { PilotStage, RoleId } from '../../core/catalog.domain.js';
import type { Answers } from '../../core/signal-status.domain.js';
import { chunks, IDS_PER_QUERY } from '../../db/id-batches.js';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import { type AnyModel, isDuplicateKeyError, toEntity, toObjectId } from '../../db/to-entity.js';
import type { PlanItemStore } from './plan-item.port.js';
import { AnswerModel, ManifestSnapshotModel, ReviewModel } from './review.model.js';
import type {
  AnswerAwaitingAudit,
  ReviewPortfolioRow,
  ReviewRef,
  ReviewScanRow,
  ReviewStore,
  ReviewSweeps,
} from './review.port.js';
import { reviewEntity } from './review.schema.js';
import type {
  DecisionFollowUp,
  DecisionFollowUpInput,
  Outcome,
  PlanItem,
  RecordedDecision,
  Review,
  RoundFollowUp,
  StoredAnswer,
  StoredSignalStatus,
} from './review.types.js';
import { nextRepairAt } from './review-repair.domain.js';
import {
  PORTFOLIO_REVIEW_FIELDS,
  portfolioReview,
  type RawPortfolioReview,
  type RawScanReview,
  SCAN_REVIEW_FIELDS,
  scanReview,
} from './review-sweeps.mapping.js';

const BATCH = 1_000;
const review = (doc: unknown): Review => toEntity(doc, reviewEntity);

/**
 * The one owner of the reviews, answers and manifest_snapshots collections: every query of them is here,
 * scoped by team except the sweeps across workspaces (ReviewSweeps), which say so. A review's plan items
 * are PlanItemRepo's; the plan-item methods hand over to it.
 */
export class ReviewRepo implements TeamDataOwner, PilotDataOwner, ReviewStore, ReviewSweeps {
  constructor(
    private readonly plans: PlanItemStore,
    private readonly reviews: AnyModel = ReviewModel as AnyModel,
    private readonly answers: AnyModel = AnswerModel as AnyModel,
    private readonly manifests: AnyModel = ManifestSnapshotModel as AnyModel,
  ) {}

  async create(input: Omit<Review, 'id'>): Promise<Review> {
    const doc = await this.reviews.create(input);
    return review(doc.toObject());
  }

  async byId(teamId: string, id: string): Promise<Review | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await this.reviews.findOne({ _id, teamId }).lean();
    return doc ? review(doc) : null;
  }

  async byPilot(teamId: string, pilotId: string): Promise<Review | null> {
    const doc = await this.reviews.findOne({ teamId, pilotId }).lean();
    return doc ? review(doc) : null;
  }

  async byPilots(teamId: string, pilotIds: string[]): Promise<Review[]> {
    const docs = await this.reviews.find({ teamId, pilotId: { $in: pilotIds } }).lean();
    return docs.map(review);
  }

  /**
   * Saves one role's answers for a round. First the review's sequence is bumped, but only while the
   * round is open: that write is the lock check, so an answer racing the decision either lands before
   * it or is refused ('locked'), never saved after it. Then the role's own document is upserted (roles
   * never overwrite each other). Returns the new sequence, or null when these very answers are already
   * stored (a double submit or a retried delivery): no answer written.
   */
  async saveAnswer(
    a: StoredAnswer,
    auditBefore: Answers | null = null,
    opts: { lockChecked?: number } = {},
  ): Promise<number | 'locked' | null> {
    const seq = opts.lockChecked ?? (await this.bumpAnswerSeq(a));
    if (seq === 'locked') return 'locked';
    return (await this.writeAnswer(a, auditBefore)) ? seq : null;
  }

  /**
   * A save's lock check as its first write, returning what the save needs (see AnswerFacts): bumps the
   * answer sequence and notes the role's save in this round, only while the round is open and `userId`
   * holds the role on the review's copy. Returns the review as it was just before the write (this save's
   * sequence is its answerSeq + 1), or null when nothing matched: locked, another round, not the holder,
   * gone, or an older review without AnswerFacts (the caller reads the review to tell which).
   */
  async beginAnswer(a: Pick<StoredAnswer, 'teamId' | 'reviewId' | 'round' | 'role' | 'userId' | 'submittedAt'>) {
    const _id = toObjectId(a.reviewId);
    if (!_id) return null;
    const doc = await this.reviews
      .findOneAndUpdate(
        {
          _id,
          teamId: a.teamId,
          round: a.round,
          decidedRound: { $lt: a.round },
          [`answerFacts.stakeholders.${a.role}`]: a.userId,
        },
        {
          $inc: { answerSeq: 1 },
          $set: {
            lastActivityAt: a.submittedAt,
            statusesBehind: true,
            [`answerFacts.savedRound.${a.role}`]: a.round,
            // A save confirms the role's answers, whether or not they changed.
            [`confirmations.${a.role}`]: a.submittedAt,
          },
        },
        { returnDocument: 'before' },
      )
      .lean();
    return doc ? review(doc) : null;
  }

  private async bumpAnswerSeq(a: StoredAnswer): Promise<number | 'locked'> {
    const review = await this.reviews
      .findOneAndUpdate(
        { _id: toObjectId(a.reviewId), teamId: a.teamId, round: a.round, decidedRound: { $lt: a.round } },
        // statusesBehind: the statuses have yet to take this answer in (reviews.repair looks for it).
        {
          $inc: { answerSeq: 1 },
          $set: { lastActivityAt: a.submittedAt, statusesBehind: true, [`confirmations.${a.role}`]: a.submittedAt },
        },
        // No projection: FerretDB's findAndModify does not implement `fields`.
        { returnDocument: 'after' },
      )
      .lean<{ answerSeq: number }>();
    return review ? review.answerSeq : 'locked';
  }

  /** Upserts the role's answers with their audit marker: false when these very answers are stored. */
  private async writeAnswer(a: StoredAnswer, auditBefore: Answers | null): Promise<boolean> {
    const written = await upsertUnlessStored(() =>
      this.answers.updateOne(answerFilter(a), answerUpdate(a, { before: auditBefore, claimedAt: a.submittedAt }), {
        upsert: true,
      }),
    );
    return written !== NOT_WRITTEN;
  }

  async syncStakeholders(
    teamId: string,
    reviewId: string,
    stakeholders: Record<RoleId, string>,
    version: number,
  ): Promise<boolean> {
    const _id = toObjectId(reviewId);
    if (!_id) return false;
    const res = await this.reviews.updateOne(
      {
        _id,
        teamId,
        'answerFacts.stakeholders': { $exists: true },
        $or: [{ 'answerFacts.rolesVersion': { $lt: version } }, { 'answerFacts.rolesVersion': { $exists: false } }],
      },
      { $set: { 'answerFacts.stakeholders': stakeholders, 'answerFacts.rolesVersion': version } },
    );
    return res.modifiedCount === 1;
  }

  async replaceAnswer(a: StoredAnswer, lockChecked: number): Promise<{ seq: number; before: Answers | null } | null> {
    // As writeAnswer, but the document as it was comes back from the same write: no read before it. The
    // marker cannot hold those answers (they are known only once written); finishing a stalled audit
    // takes them from the trail, and `firstSubmittedAt` (set on insert only) tells a round's first save.
    const previous = await upsertUnlessStored(() =>
      this.answers
        .findOneAndUpdate(answerFilter(a), answerUpdate(a, { claimedAt: a.submittedAt }), {
          upsert: true,
          returnDocument: 'before',
        })
        .lean<{ answers: Answers } | null>(),
    );
    return previous === NOT_WRITTEN ? null : { seq: lockChecked, before: previous?.answers ?? null };
  }

  /** The answer's audit event is written: clear the marker (only for this very save). */
  async markAnswerAudited(a: Pick<StoredAnswer, 'reviewId' | 'round' | 'role' | 'submittedAt'>): Promise<void> {
    await this.answers.updateOne(
      { reviewId: a.reviewId, round: a.round, role: a.role, submittedAt: a.submittedAt },
      { $unset: { auditPending: 1 } },
    );
  }

  /** Stored answers whose audit event is still pending, claimed by nobody since `staleBefore`. */
  async answersAwaitingAudit(
    staleBefore: Date,
    filter: Partial<Pick<StoredAnswer, 'reviewId' | 'round' | 'role'>> = {},
  ): Promise<AnswerAwaitingAudit[]> {
    return this.answers
      .find({ ...filter, 'auditPending.claimedAt': { $lt: staleBefore } }, { _id: 0 })
      .sort({ submittedAt: 1 })
      .limit(200)
      .lean<AnswerAwaitingAudit[]>();
  }

  /** Takes over a stalled audit append: true for exactly one caller, however many try at once. */
  async claimAnswerAudit(a: StoredAnswer, staleBefore: Date, now: Date): Promise<boolean> {
    const res = await this.answers.updateOne(
      {
        reviewId: a.reviewId,
        round: a.round,
        role: a.role,
        submittedAt: a.submittedAt,
        'auditPending.claimedAt': { $lt: staleBefore },
      },
      { $set: { 'auditPending.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  async answerHistory(teamId: string, reviewId: string): Promise<StoredAnswer[]> {
    return this.answers.find({ teamId, reviewId }, { _id: 0 }).sort({ round: 1 }).lean<StoredAnswer[]>();
  }

  async answerFor(teamId: string, reviewId: string, round: number, role: RoleId): Promise<Answers | null> {
    const doc = await this.answers.findOne({ teamId, reviewId, round, role }).lean<StoredAnswer>();
    return doc?.answers ?? null;
  }

  /** Writes the computed statuses unless a newer computation (higher sequence) already landed. */
  async writeSnapshot(
    teamId: string,
    reviewId: string,
    seq: number,
    snapshot: { statuses: StoredSignalStatus[]; outcome: Outcome; answeredRoles: RoleId[] },
  ): Promise<boolean> {
    const res = await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, snapshotSeq: { $lt: seq } },
      { $set: { ...snapshot, snapshotSeq: seq } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * writeSnapshot() that also returns the review as it is after the write, in the same round trip
   * (the card is rendered from it); null when a newer computation already landed.
   */
  async writeSnapshotReturning(
    teamId: string,
    reviewId: string,
    seq: number,
    snapshot: { statuses: StoredSignalStatus[]; outcome: Outcome; answeredRoles: RoleId[] },
  ): Promise<Review | null> {
    const _id = toObjectId(reviewId);
    if (!_id) return null;
    const doc = await this.reviews
      .findOneAndUpdate(
        { _id, teamId, snapshotSeq: { $lt: seq } },
        { $set: { ...snapshot, snapshotSeq: seq } },
        // No projection: FerretDB's findAndModify does not implement `fields`.
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? review(doc) : null;
  }

  /**
   * *Still true*: re-stamps the role's confirmation at `now`, in one update, only while it is still the
   * one `expected` (a review older than recorded confirmations has none yet) and the role has answers.
   * The review after the write, or null when nothing matched: confirmed again since, answered anew, or gone.
   */
  async reaffirmConfirmation(
    teamId: string,
    reviewId: string,
    confirmation: { role: RoleId; expected: Date; actor: string },
    now: Date,
  ): Promise<Review | null> {
    const _id = toObjectId(reviewId);
    if (!_id) return null;
    const { role, expected, actor } = confirmation;
    const path = `confirmations.${role}`;
    const doc = await this.reviews
      .findOneAndUpdate(
        {
          _id,
          teamId,
          answeredRoles: role,
          $or: [{ [path]: expected }, { [path]: { $exists: false } }],
        },
        // The audit marker goes with the stamp (no transactions): a later click appends a missing event.
        { $set: { [path]: now, lastActivityAt: now, [`reaffirmAudit.${role}`]: { at: now, actor, before: expected } } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? review(doc) : null;
  }

  async markReconfirmAsked(
    teamId: string,
    reviewId: string,
    stale: readonly { role: RoleId; confirmedAt: Date }[],
  ): Promise<Review | null> {
    const _id = toObjectId(reviewId);
    if (!_id || stale.length === 0) return null;
    const set = Object.fromEntries(stale.map((s) => [`reconfirmAsked.${s.role}`, s.confirmedAt]));
    const doc = await this.reviews.findOneAndUpdate({ _id, teamId }, { $set: set }, { returnDocument: 'after' }).lean();
    return doc ? review(doc) : null;
  }

  async clearReaffirmAudit(teamId: string, reviewId: string, role: RoleId, at: Date): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, [`reaffirmAudit.${role}.at`]: at },
      { $unset: { [`reaffirmAudit.${role}`]: 1 } },
    );
  }

  /** Takes over a review opening's stalled steps: true for exactly one caller. */
  async claimOpenFollowUp(teamId: string, reviewId: string, staleBefore: Date, now: Date): Promise<boolean> {
    const res = await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, 'openFollowUp.claimedAt': { $lt: staleBefore } },
      { $set: { 'openFollowUp.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  async clearOpenFollowUp(teamId: string, reviewId: string): Promise<void> {
    await this.reviews.updateOne({ _id: toObjectId(reviewId), teamId }, { $unset: { openFollowUp: 1 } });
  }

  async setCard(teamId: string, reviewId: string, card: { channel: string; ts: string }): Promise<void> {
    await this.reviews.updateOne({ _id: toObjectId(reviewId), teamId }, { $set: { card } });
  }

  /**
   * Records a decision once per round: a double click or a second sponsor loses the race. With
   * `followUp`, what its later steps need is stored in the same write (plan items get their ids here),
   * and only while no earlier decision's steps are still pending.
   */
  async recordDecision(
    teamId: string,
    reviewId: string,
    decision: RecordedDecision,
    expectedCount: number,
    followUp?: DecisionFollowUpInput,
  ): Promise<Review | null> {
    // proceed and gap_closure close a round; pause and terminate may follow them in the same round.
    const closesRound = decision.decision === 'proceed' || decision.decision === 'gap_closure';
    const marker: DecisionFollowUp | undefined = followUp && {
      ...followUp,
      n: expectedCount,
      decision,
      planItems: followUp.planItems.map((i) => ({ ...i, id: new Types.ObjectId().toHexString() })),
      claimedAt: decision.at,
    };
    const doc = await this.reviews
      .findOneAndUpdate(
        {
          _id: toObjectId(reviewId),
          teamId,
          round: decision.round,
          decisionCount: expectedCount,
          ...(closesRound ? { decidedRound: { $lt: decision.round } } : {}),
          ...(marker ? { decisionFollowUp: null } : {}),
        },
        {
          $push: { decisions: decision },
          $inc: { decisionCount: 1 },
          $set: {
            decidedRound: decision.round,
            decidedAt: decision.at,
            lastActivityAt: decision.at,
            ...(marker ? { decisionFollowUp: marker } : {}),
          },
        },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? review(doc) : null;
  }

  /** Takes over decision `n`'s pending steps when nobody claimed them since `staleBefore`: true for one caller. */
  async claimDecisionFollowUp(
    teamId: string,
    reviewId: string,
    n: number,
    staleBefore: Date,
    now: Date,
  ): Promise<boolean> {
    const res = await this.reviews.updateOne(
      {
        _id: toObjectId(reviewId),
        teamId,
        'decisionFollowUp.n': n,
        'decisionFollowUp.claimedAt': { $lt: staleBefore },
      },
      { $set: { 'decisionFollowUp.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  /** Decision `n`'s stage move did not happen: its record says where the pilot stayed. */
  async decisionStageKept(teamId: string, reviewId: string, n: number, stage: PilotStage): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId },
      { $set: { [`decisions.${n}.stageKept`]: stage } },
    );
  }

  /** Decision `n`'s stage move now starts from `from` (a change landed first): a repeat derives the same events. */
  async decisionMovesFrom(teamId: string, reviewId: string, n: number, from: PilotStage): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, 'decisionFollowUp.n': n },
      { $set: { 'decisionFollowUp.stage.from': from } },
    );
  }

  /** Decision `n`'s steps all ran: remove its marker (never a later decision's). */
  async clearDecisionFollowUp(teamId: string, reviewId: string, n: number): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, 'decisionFollowUp.n': n },
      { $unset: { decisionFollowUp: 1 } },
    );
  }

  /**
   * Opens the next round from `fromRound` only; a second trigger for the same round does nothing.
   * With `followUp`, the round's later steps are stored in the same write (claimed from `now`).
   */
  async startRound(
    teamId: string,
    reviewId: string,
    fromRound: number,
    requiredRoles: RoleId[],
    reason: string,
    now: Date,
    followUp?: Omit<RoundFollowUp, 'claimedAt'>,
  ): Promise<Review | null> {
    const doc = await this.reviews
      .findOneAndUpdate(
        { _id: toObjectId(reviewId), teamId, round: fromRound },
        {
          $inc: { round: 1, answerSeq: 1 },
          $push: { rounds: { n: fromRound + 1, startedAt: now, requiredRoles, reason } },
          $set: { lastActivityAt: now, ...(followUp ? { roundFollowUp: { ...followUp, claimedAt: now } } : {}) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? review(doc) : null;
  }

  /** Takes over round `round`'s stalled steps: true for exactly one caller. */
  async claimRoundFollowUp(
    teamId: string,
    reviewId: string,
    round: number,
    staleBefore: Date,
    now: Date,
  ): Promise<boolean> {
    const res = await this.reviews.updateOne(
      {
        _id: toObjectId(reviewId),
        teamId,
        'roundFollowUp.round': round,
        'roundFollowUp.claimedAt': { $lt: staleBefore },
      },
      { $set: { 'roundFollowUp.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  async clearRoundFollowUp(teamId: string, reviewId: string, round: number): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(reviewId), teamId, 'roundFollowUp.round': round },
      { $unset: { roundFollowUp: 1 } },
    );
  }

  async touch(teamId: string, reviewId: string, now: Date): Promise<void> {
    await this.reviews.updateOne({ _id: toObjectId(reviewId), teamId }, { $set: { lastActivityAt: now } });
  }

  // The review's plan items are PlanItemRepo's (one owner per collection): handed over unchanged.
  putPlanItems = (items: PlanItem[]) => this.plans.putPlanItems(items);
  addPlanItems = (items: Omit<PlanItem, 'id'>[]) => this.plans.addPlanItems(items);
  planItems = (teamId: string, reviewId: string) => this.plans.planItems(teamId, reviewId);
  planItem = (teamId: string, id: string) => this.plans.planItem(teamId, id);
  markPlanItemDone = (teamId: string, id: string, userId: string, now: Date) =>
    this.plans.markPlanItemDone(teamId, id, userId, now);
  planItemAudited = (teamId: string, id: string) => this.plans.planItemAudited(teamId, id);
  claimRoundCheck = (teamId: string, id: string, staleBefore: Date, now: Date) =>
    this.plans.claimRoundCheck(teamId, id, staleBefore, now);
  roundChecked = (teamId: string, id: string) => this.plans.roundChecked(teamId, id);

  /** Keeps the manifest a review began with, so editing manifests never changes a review under way. */
  async storeManifest(version: string, content: unknown, now: Date): Promise<void> {
    try {
      await this.manifests.updateOne(
        { version },
        { $setOnInsert: { version, content, storedAt: now } },
        { upsert: true },
      );
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }

  async manifest(version: string): Promise<unknown | null> {
    const doc = await this.manifests.findOne({ version }).lean<{ content: unknown }>();
    return doc?.content ?? null;
  }

  async *streamScanRows(teamId: string): AsyncGenerator<ReviewScanRow> {
    const cursor = this.reviews
      .find({ teamId }, SCAN_REVIEW_FIELDS)
      .lean<RawScanReview[]>()
      .cursor({ batchSize: BATCH });
    for await (const r of cursor as AsyncIterable<RawScanReview>) yield scanReview(r);
  }

  async scanRowsOfPilots(teamId: string, pilotIds: string[]): Promise<ReviewScanRow[]> {
    const batches = await Promise.all(
      chunks(pilotIds, IDS_PER_QUERY).map((ids) =>
        this.reviews.find({ teamId, pilotId: { $in: ids } }, SCAN_REVIEW_FIELDS).lean<RawScanReview[]>(),
      ),
    );
    return batches.flat().map(scanReview);
  }

  async *streamPortfolioRows(teamId: string): AsyncGenerator<ReviewPortfolioRow> {
    const cursor = this.reviews
      .find({ teamId }, PORTFOLIO_REVIEW_FIELDS)
      .lean<RawPortfolioReview[]>()
      .cursor({ batchSize: BATCH });
    for await (const r of cursor as AsyncIterable<RawPortfolioReview>) yield portfolioReview(r);
  }

  async byPilotIdsInAnyTeam(pilotIds: string[]): Promise<Review[]> {
    const docs = await this.reviews.find({ pilotId: { $in: pilotIds } }).lean();
    return docs.map(review);
  }

  async reviewedPilotIds(pilotIds: string[]): Promise<Set<string>> {
    const docs = await this.reviews.find({ pilotId: { $in: pilotIds } }, { pilotId: 1 }).lean<{ pilotId: string }[]>();
    return new Set(docs.map((d) => d.pilotId));
  }

  async statusesBehind(before: Date, limit = 200): Promise<(ReviewRef & { answerSeq: number; behind: boolean })[]> {
    const docs = await this.reviews
      .find({ statusesBehind: true, lastActivityAt: { $lt: before } }, { teamId: 1, answerSeq: 1, snapshotSeq: 1 })
      .sort({ lastActivityAt: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string; answerSeq?: number; snapshotSeq?: number }[]>();
    return docs.map((d) => ({
      id: String(d._id),
      teamId: d.teamId,
      answerSeq: d.answerSeq ?? 0,
      behind: (d.answerSeq ?? 0) > (d.snapshotSeq ?? 0),
    }));
  }

  async clearStatusesBehind(id: string, answerSeq: number): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(id), answerSeq, statusesBehind: true },
      { $set: { statusesBehind: false } },
    );
  }

  async withoutCard(before: Date, now: Date = before, limit = 200): Promise<ReviewRef[]> {
    const docs = await this.reviews
      .find(
        {
          openedAt: { $lt: before },
          $and: [
            { $or: [{ card: null }, { 'card.ts': null }] },
            { $or: [{ 'repair.nextAt': null }, { 'repair.nextAt': { $lte: now } }] },
          ],
        },
        { teamId: 1 },
      )
      .sort({ openedAt: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId }));
  }

  async repairFailed(id: string, now: Date): Promise<void> {
    const doc = await this.reviews
      .findOneAndUpdate({ _id: toObjectId(id) }, { $inc: { 'repair.failures': 1 } }, { returnDocument: 'after' })
      .lean<{ repair?: { failures?: number } }>();
    const failures = doc?.repair?.failures ?? 1;
    await this.reviews.updateOne({ _id: toObjectId(id) }, { $set: { 'repair.nextAt': nextRepairAt(failures, now) } });
  }

  async repairSucceeded(id: string): Promise<void> {
    await this.reviews.updateOne({ _id: toObjectId(id), repair: { $ne: null } }, { $unset: { repair: 1 } });
  }

  async followUpsStalled(
    field: 'openFollowUp' | 'decisionFollowUp' | 'roundFollowUp',
    before: Date,
    limit = 200,
  ): Promise<(ReviewRef & { pilotId: string })[]> {
    const docs = await this.reviews
      .find({ [`${field}.claimedAt`]: { $lt: before } }, { teamId: 1, pilotId: 1 })
      .sort({ [`${field}.claimedAt`]: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string; pilotId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId, pilotId: d.pilotId }));
  }

  /** The ids of the pilot's reviews (one today; a pilot delete removes whatever it finds). */
  async reviewIdsOfPilot(teamId: string, pilotId: string): Promise<string[]> {
    const docs = await this.reviews.find({ teamId, pilotId }, { _id: 1 }).lean<{ _id: unknown }[]>();
    return docs.map((d) => String(d._id));
  }

  /** Deleting a pilot: its reviews and their answers, counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      reviews: ref.reviewIds.length,
      answers: await this.answers.countDocuments({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }),
    };
  }

  /** The answers first, the reviews after them: a delete cut short still finds the reviews' ids. */
  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    const answers = (await this.answers.deleteMany({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }))
      .deletedCount;
    const reviews = (await this.reviews.deleteMany({ teamId: ref.teamId, pilotId: ref.pilotId })).deletedCount;
    return { answers, reviews };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      reviews: (await this.reviews.deleteMany({ teamId })).deletedCount,
      answers: (await this.answers.deleteMany({ teamId })).deletedCount,
    };
  }
}

/**
 * Only a document holding different answers matches; when the same answers are stored the upsert tries an
 * insert and the unique (review, round, role) index refuses it. The database decides, so two identical
 * submissions at once write once.
 */
const answerFilter = (a: StoredAnswer) => ({
  reviewId: a.reviewId,
  round: a.round,
  role: a.role,
  answers: { $ne: a.answers },
});

/** The answer as written, with its audit marker; `firstSubmittedAt` marks the round's first save. */
const answerUpdate = (a: StoredAnswer, auditPending: { before?: Answers | null; claimedAt: Date }) => ({
  $set: { teamId: a.teamId, userId: a.userId, answers: a.answers, submittedAt: a.submittedAt, auditPending },
  $setOnInsert: { firstSubmittedAt: a.submittedAt },
});

const NOT_WRITTEN = Symbol('not written');

/**
 * Runs an answer upsert; a duplicate key means the same answers are already stored, or a concurrent first
 * save won the insert: once more tells which (NOT_WRITTEN for the first).
 */
async function upsertUnlessStored<T>(write: () => Promise<T>): Promise<T | typeof NOT_WRITTEN> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    try {
      return await write();
    } catch (again) {
      if (isDuplicateKeyError(again)) return NOT_WRITTEN;
      throw again;
    }
  }
}
