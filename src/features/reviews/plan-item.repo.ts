import { chunks, IDS_PER_QUERY } from '../../db/id-batches.js';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import { type AnyModel, toEntity, toObjectId } from '../../db/to-entity.js';
import type { DueItem, OpenItemDueDate, OpenItemRow, PlanItemStore, PlanItemSweeps } from './plan-item.port.js';
import { PlanItemModel } from './review.model.js';
import { planItemEntity } from './review.schema.js';
import type { PlanItem } from './review.types.js';

const BATCH = 1_000;
const planItem = (doc: unknown): PlanItem => toEntity(doc, planItemEntity);

/** The one owner of the plan_items collection (gap-closure plans of reviews): every query of it is here. */
export class PlanItemRepo implements TeamDataOwner, PilotDataOwner, PlanItemStore, PlanItemSweeps {
  constructor(private readonly plans: AnyModel = PlanItemModel as AnyModel) {}

  async putPlanItems(items: PlanItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.plans.bulkWrite(
      items.map(({ id, ...item }) => ({
        updateOne: { filter: { _id: toObjectId(id) }, update: { $setOnInsert: item }, upsert: true },
      })),
    );
  }

  async addPlanItems(items: Omit<PlanItem, 'id'>[]): Promise<PlanItem[]> {
    const docs = await this.plans.insertMany(items);
    return docs.map((d) => planItem((d as { toObject(): unknown }).toObject()));
  }

  async planItems(teamId: string, reviewId: string): Promise<PlanItem[]> {
    const docs = await this.plans.find({ teamId, reviewId }).sort({ dueDate: 1 }).lean();
    return docs.map(planItem);
  }

  async planItem(teamId: string, id: string): Promise<PlanItem | null> {
    const doc = await this.plans.findOne({ _id: toObjectId(id), teamId }).lean();
    return doc ? planItem(doc) : null;
  }

  async markPlanItemDone(teamId: string, id: string, userId: string, now: Date): Promise<PlanItem | null> {
    const doc = await this.plans
      .findOneAndUpdate(
        { _id: toObjectId(id), teamId, doneAt: null },
        // doneAuditPending: its audit event is appended next (no transactions); cleared once it is.
        // roundCheckAt: whether the round's plan is now complete is checked next; cleared once it is.
        { $set: { doneAt: now, doneBy: userId, doneAuditPending: true, roundCheckAt: now } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? planItem(doc) : null;
  }

  async planItemAudited(teamId: string, id: string): Promise<void> {
    await this.plans.updateOne({ _id: toObjectId(id), teamId }, { $unset: { doneAuditPending: 1 } });
  }

  async claimRoundCheck(teamId: string, id: string, staleBefore: Date, now: Date): Promise<boolean> {
    const res = await this.plans.updateOne(
      { _id: toObjectId(id), teamId, roundCheckAt: { $lt: staleBefore } },
      { $set: { roundCheckAt: now } },
    );
    return res.modifiedCount === 1;
  }

  async roundChecked(teamId: string, id: string): Promise<void> {
    await this.plans.updateOne({ _id: toObjectId(id), teamId }, { $unset: { roundCheckAt: 1 } });
  }

  async openOfOwner(teamId: string, ownerId: string): Promise<PlanItem[]> {
    const docs = await this.plans.find({ teamId, ownerId, doneAt: null }).sort({ dueDate: 1 }).limit(200).lean();
    return docs.map(planItem);
  }

  async ownersOf(teamId: string, reviewId: string): Promise<string[]> {
    const docs = await this.plans.find({ teamId, reviewId }, { ownerId: 1 }).lean<{ ownerId: string }[]>();
    return [...new Set(docs.map((d) => d.ownerId))];
  }

  async openDueBy(lastDueDate: string): Promise<DueItem[]> {
    const docs = await this.plans
      .find(
        { doneAt: null, dueDate: { $lte: lastDueDate } },
        { teamId: 1, pilotId: 1, signal: 1, action: 1, ownerId: 1, dueDate: 1 },
      )
      .sort({ dueDate: 1 })
      .lean<(Omit<DueItem, 'id'> & { _id: unknown })[]>();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: String(_id) }));
  }

  async *streamOpenDueDates(teamId: string): AsyncGenerator<OpenItemDueDate> {
    const cursor = this.plans
      .find({ teamId, doneAt: null }, { pilotId: 1, dueDate: 1 })
      .lean<OpenItemDueDate[]>()
      .cursor({ batchSize: BATCH });
    for await (const item of cursor as AsyncIterable<OpenItemDueDate>) {
      yield { pilotId: item.pilotId, dueDate: item.dueDate };
    }
  }

  async openDueDatesOfReviews(teamId: string, reviewIds: string[]): Promise<OpenItemDueDate[]> {
    const batches = await Promise.all(
      chunks(reviewIds, IDS_PER_QUERY).map((ids) =>
        this.plans
          .find({ teamId, reviewId: { $in: ids }, doneAt: null }, { pilotId: 1, dueDate: 1 })
          .lean<OpenItemDueDate[]>(),
      ),
    );
    return batches.flat().map((i) => ({ pilotId: i.pilotId, dueDate: i.dueDate }));
  }

  async *streamOpenRows(teamId: string): AsyncGenerator<OpenItemRow> {
    const cursor = this.plans
      .find({ teamId, doneAt: null }, { pilotId: 1, signal: 1, action: 1, ownerId: 1, dueDate: 1 })
      .sort({ dueDate: 1 })
      .lean<OpenItemRow[]>()
      .cursor({ batchSize: BATCH });
    for await (const i of cursor as AsyncIterable<OpenItemRow>) {
      yield { pilotId: i.pilotId, signal: i.signal, action: i.action, ownerId: i.ownerId, dueDate: i.dueDate };
    }
  }

  async doneUnchecked(before: Date, limit = 200): Promise<{ id: string; teamId: string; reviewId: string }[]> {
    const docs = await this.plans
      .find({ roundCheckAt: { $lt: before } }, { teamId: 1, reviewId: 1 })
      .sort({ roundCheckAt: 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string; reviewId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId, reviewId: d.reviewId }));
  }

  /** Deleting a pilot: its documents here (by its reviews' ids), counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      planItems: await this.plans.countDocuments({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }),
    };
  }

  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      planItems: (
        await this.plans.deleteMany({
          teamId: ref.teamId,
          $or: [{ reviewId: { $in: ref.reviewIds } }, { pilotId: ref.pilotId }],
        })
      ).deletedCount,
    };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      plan_items: (await this.plans.deleteMany({ teamId })).deletedCount,
    };
  }
}
