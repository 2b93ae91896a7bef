import type { Model } from 'mongoose';
import { toEntity, toObjectId } from '../../db/to-entity.js';
import { PilotModel } from '../pilots/pilot.model.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { PlanItemModel, ReviewModel } from './review.model.js';
import { nextRepairAt } from './review-repair.domain.js';

/** Finds the half-done work a crash can leave: pilots with no review, reviews with no card. */
export class ReviewRepairRepo {
  constructor(
    private readonly pilots: Model<unknown> = PilotModel as Model<unknown>,
    private readonly reviews: Model<unknown> = ReviewModel as Model<unknown>,
    private readonly plans: Model<unknown> = PlanItemModel as Model<unknown>,
  ) {}

  /** Plan items marked done whose round check (see PlanItem.roundCheckAt) stalled since before `before`. */
  async doneUnchecked(before: Date, limit = 200): Promise<{ id: string; teamId: string; reviewId: string }[]> {
    const docs = await this.plans
      .find({ roundCheckAt: { $lt: before } }, { teamId: 1, reviewId: 1 })
      .sort({ roundCheckAt: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string; reviewId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId, reviewId: d.reviewId }));
  }

  /** Registered pilots created before `before`; the caller checks which have no review. */
  async registeredBefore(before: Date, limit = 200): Promise<Pilot[]> {
    const docs = await this.pilots
      .find({ stage: 'registered', createdAt: { $lt: before } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => toEntity<Pilot>(d));
  }

  async reviewedPilotIds(pilotIds: string[]): Promise<Set<string>> {
    const docs = await this.reviews.find({ pilotId: { $in: pilotIds } }, { pilotId: 1 }).lean<{ pilotId: string }[]>();
    return new Set(docs.map((d) => d.pilotId));
  }

  /**
   * Reviews with an answer saved since their statuses were last computed, last active before `before`:
   * the follow-up work after that answer's ack never ran (the process stopped with it queued).
   * `behind` is false for a flag that is merely stale (the statuses did catch up).
   */
  async statusesBehind(
    before: Date,
    limit = 200,
  ): Promise<{ id: string; teamId: string; answerSeq: number; behind: boolean }[]> {
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

  /** Clears the flag unless another answer arrived since (compare-and-set on the sequence). */
  async clearStatusesBehind(id: string, answerSeq: number): Promise<void> {
    await this.reviews.updateOne(
      { _id: toObjectId(id), answerSeq, statusesBehind: true },
      { $set: { statusesBehind: false } },
    );
  }

  /**
   * Reviews opened before `before` whose channel card was never posted, oldest first, leaving out those
   * whose last failed attempt set a later retry time (`now`).
   */
  async withoutCard(before: Date, now: Date = before, limit = 200): Promise<{ id: string; teamId: string }[]> {
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

  /** One more failed attempt: the item waits until `nextRepairAt` of its failures (review-repair.domain). */
  async repairFailed(id: string, now: Date): Promise<void> {
    const doc = await this.reviews
      .findOneAndUpdate({ _id: toObjectId(id) }, { $inc: { 'repair.failures': 1 } }, { returnDocument: 'after' })
      .lean<{ repair?: { failures?: number } }>();
    const failures = doc?.repair?.failures ?? 1;
    await this.reviews.updateOne({ _id: toObjectId(id) }, { $set: { 'repair.nextAt': nextRepairAt(failures, now) } });
  }

  /** The item was repaired: its failure count starts again. */
  async repairSucceeded(id: string): Promise<void> {
    await this.reviews.updateOne({ _id: toObjectId(id), repair: { $ne: null } }, { $unset: { repair: 1 } });
  }

  /** Reviews with a follow-up marker (`field`: opening, decision or round) unclaimed since `before`, oldest first. */
  async followUpsStalled(
    field: 'openFollowUp' | 'decisionFollowUp' | 'roundFollowUp',
    before: Date,
    limit = 200,
  ): Promise<{ id: string; teamId: string; pilotId: string }[]> {
    const docs = await this.reviews
      .find({ [`${field}.claimedAt`]: { $lt: before } }, { teamId: 1, pilotId: 1 })
      .sort({ [`${field}.claimedAt`]: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string; pilotId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId, pilotId: d.pilotId }));
  }
}
