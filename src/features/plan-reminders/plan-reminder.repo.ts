import type { Model } from 'mongoose';
import type { PilotStage, SignalId } from '../../core/catalog.domain.js';
import { toObjectId } from '../../db/to-entity.js';
import { PilotModel } from '../pilots/pilot.model.js';
import { PlanItemModel } from '../reviews/review.model.js';

type AnyModel = Model<unknown>;

export interface DuePlanItem {
  id: string;
  teamId: string;
  pilotId: string;
  signal: SignalId;
  action: string;
  ownerId: string;
  dueDate: string;
}

/** Plan items due by a date and not done, across workspaces, with their pilots' names and stages in bulk. */
export class PlanReminderRepo {
  constructor(
    private readonly plans: AnyModel = PlanItemModel as AnyModel,
    private readonly pilots: AnyModel = PilotModel as AnyModel,
  ) {}

  async openDueBy(lastDueDate: string): Promise<DuePlanItem[]> {
    const docs = await this.plans
      .find(
        { doneAt: null, dueDate: { $lte: lastDueDate } },
        { teamId: 1, pilotId: 1, signal: 1, action: 1, ownerId: 1, dueDate: 1 },
      )
      .sort({ dueDate: 1 })
      .lean<(Omit<DuePlanItem, 'id'> & { _id: unknown })[]>();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: String(_id) }));
  }

  /** One query per workspace for all the pilots of its due items. */
  async pilotsById(teamId: string, ids: string[]): Promise<Map<string, { name: string; stage: PilotStage }>> {
    const docs = await this.pilots
      .find({ teamId, _id: { $in: ids.map(toObjectId).filter(Boolean) } }, { name: 1, stage: 1 })
      .lean<{ _id: unknown; name: string; stage: PilotStage }[]>();
    return new Map(docs.map((d) => [String(d._id), { name: d.name, stage: d.stage }]));
  }
}
