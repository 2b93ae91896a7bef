import type { TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import type { PlanItemSweeps } from '../reviews/plan-item.port.js';
import type { PlanItem } from '../reviews/review.types.js';
import { HomeVisitModel } from './home.model.js';

/** Home-tab visits (its own collection) and the plan-item reads it shows (PlanItemSweeps); scoped by workspace. */
export class HomeRepo implements TeamDataOwner {
  constructor(
    private readonly plans: Pick<PlanItemSweeps, 'openOfOwner' | 'ownersOf'>,
    private readonly visits: AnyModel = HomeVisitModel as AnyModel,
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
  openPlanItems(teamId: string, ownerId: string): Promise<PlanItem[]> {
    return this.plans.openOfOwner(teamId, ownerId);
  }

  planOwners(teamId: string, reviewId: string): Promise<string[]> {
    return this.plans.ownersOf(teamId, reviewId);
  }

  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      home_visits: (await this.visits.deleteMany({ teamId })).deletedCount,
    };
  }
}
