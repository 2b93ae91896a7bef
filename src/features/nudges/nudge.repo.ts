import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import { isDuplicateKeyError } from '../../db/to-entity.js';
import { NudgeStateModel } from './nudge.model.js';
import type { NudgeRecord } from './nudge.policy.js';

export interface NudgeKey {
  teamId: string;
  reviewId: string;
  round: number;
  userId: string;
}

const PROJECTION = { _id: 0, userId: 1, count: 1, lastSentAt: 1, snoozedUntil: 1, escalated: 1 };

/** Nudge counts and snoozes; every write is one atomic single-document operation. */
export class NudgeRepo implements TeamDataOwner, PilotDataOwner {
  constructor(private readonly model: AnyModel = NudgeStateModel as AnyModel) {}

  async forRound(teamId: string, reviewId: string, round: number): Promise<NudgeRecord[]> {
    return this.model.find({ teamId, reviewId, round }, PROJECTION).lean<NudgeRecord[]>();
  }

  async get(key: NudgeKey): Promise<NudgeRecord | null> {
    return this.model.findOne(key, PROJECTION).lean<NudgeRecord>();
  }

  /**
   * Records that nudge `n` went out, only if the count is still `n - 1` (a compare-and-set), so a
   * late or repeated writer can never count one nudge twice. Returns whether this call recorded it.
   */
  async recordSent(key: NudgeKey, n: number, at: Date): Promise<boolean> {
    const filter = { ...key, count: n - 1 };
    const update = { $set: { count: n, lastSentAt: at } };
    if (n > 1) return (await this.model.updateOne(filter, update)).modifiedCount === 1;
    try {
      // The first nudge may find no record yet (or one holding only a snooze).
      const res = await this.model.updateOne(filter, update, { upsert: true });
      return res.modifiedCount === 1 || res.upsertedCount === 1;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Marks the sponsor as told about this recipient up to `milestone` (never lowers it). */
  async recordEscalated(key: NudgeKey, milestone: number): Promise<void> {
    await this.model.updateOne({ ...key, escalated: { $lt: milestone } }, { $set: { escalated: milestone } });
  }

  /** Snoozes the recipient's nudges for this round until `until`; returns the snooze it replaced. */
  async snooze(key: NudgeKey, until: Date): Promise<Date | undefined> {
    const before = await this.model
      .findOneAndUpdate(key, { $set: { snoozedUntil: until }, $setOnInsert: { count: 0 } }, { upsert: true })
      .lean<NudgeRecord>();
    return before?.snoozedUntil;
  }

  /** Deleting a pilot: its documents here (by its reviews' ids), counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      nudges: await this.model.countDocuments({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }),
    };
  }

  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      nudges: (await this.model.deleteMany({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } })).deletedCount,
    };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      nudges: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
