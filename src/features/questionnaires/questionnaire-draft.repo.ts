import type { Answers } from '../../core/answers.domain.js';
import type { RoleId } from '../../core/catalog.domain.js';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import { isDuplicateKeyError } from '../../db/to-entity.js';
import { QuestionnaireDraftModel } from './questionnaire-draft.model.js';

export interface DraftKey {
  teamId: string;
  reviewId: string;
  round: number;
  role: RoleId;
}

/** Drafts of questionnaires being answered page by page; every query scoped by team. */
export class QuestionnaireDraftRepo implements TeamDataOwner, PilotDataOwner {
  constructor(private readonly model: AnyModel = QuestionnaireDraftModel as AnyModel) {}

  /**
   * Stores one page's answers into the draft, question by question (`answers.<id>`), in one
   * single-document upsert; pages never overwrite each other. Returns the draft as merged (the next
   * page is prefilled from it without reading it again).
   */
  async savePage(key: DraftKey, userId: string, answers: Answers, now: Date): Promise<Answers> {
    const set: Record<string, unknown> = { teamId: key.teamId, userId, updatedAt: now };
    for (const [id, value] of Object.entries(answers)) set[`answers.${id}`] = value;
    const filter = { reviewId: key.reviewId, round: key.round, role: key.role, teamId: key.teamId };
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.model
          .findOneAndUpdate(filter, { $set: set }, { upsert: true, returnDocument: 'after' })
          .lean<{ answers?: Answers }>();
        return doc?.answers ?? answers;
      } catch (error) {
        // Two upserts of a new draft can race on the unique index; the second one then updates.
        if (!isDuplicateKeyError(error) || attempt > 0) throw error;
      }
    }
  }

  async get(key: DraftKey): Promise<Answers> {
    const doc = await this.model
      .findOne({ teamId: key.teamId, reviewId: key.reviewId, round: key.round, role: key.role })
      .lean<{ answers?: Answers }>();
    return doc?.answers ?? {};
  }

  async clear(key: DraftKey): Promise<void> {
    await this.model.deleteOne({ teamId: key.teamId, reviewId: key.reviewId, round: key.round, role: key.role });
  }

  /** Deleting a pilot: its documents here (by its reviews' ids), counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      drafts: await this.model.countDocuments({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }),
    };
  }

  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      drafts: (await this.model.deleteMany({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } })).deletedCount,
    };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      questionnaire_drafts: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
