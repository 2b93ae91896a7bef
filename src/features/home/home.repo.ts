import type { Model } from 'mongoose';
import { toEntity } from '../../db/to-entity.js';
import { PlanItemModel } from '../reviews/review.model.js';
import type { PlanItem } from '../reviews/review.types.js';
import { HomeVisitModel } from './home.model.js';

/** Home-tab reads and visits; every query scoped by workspace. */
export class HomeRepo {
  constructor(
    private readonly visits: Model<unknown> = HomeVisitModel as Model<unknown>,
    private readonly plans: Model<unknown> = PlanItemModel as Model<unknown>,
  ) {}

  /** Records a visit in one upsert; true when it is the person's first. */
  async recordVisit(teamId: string, userId: string, now: Date): Promise<boolean> {
    const res = await this.visits.updateOne(
      { teamId, userId },
      { $set: { lastOpenedAt: now }, $setOnInsert: { firstOpenedAt: now } },
      { upsert: true },
    );
    return res.upsertedCount === 1;
  }

  /** Those of `userIds` who have opened the Home tab (the others have nothing to refresh). */
  async visitors(teamId: string, userIds: string[]): Promise<string[]> {
    const docs = await this.visits
      .find({ teamId, userId: { $in: userIds } }, { userId: 1 })
      .lean<{ userId: string }[]>();
    return docs.map((d) => d.userId);
  }

  /** Plan items `ownerId` still has to do, in every pilot of the workspace (one query). */
  async openPlanItems(teamId: string, ownerId: string): Promise<PlanItem[]> {
    const docs = await this.plans.find({ teamId, ownerId, doneAt: null }).sort({ dueDate: 1 }).limit(200).lean();
    return docs.map((d) => toEntity<PlanItem>(d));
  }

  async planOwners(teamId: string, reviewId: string): Promise<string[]> {
    const docs = await this.plans.find({ teamId, reviewId }, { ownerId: 1 }).lean<{ ownerId: string }[]>();
    return [...new Set(docs.map((d) => d.ownerId))];
  }
}
