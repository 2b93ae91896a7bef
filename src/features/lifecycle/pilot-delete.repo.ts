import mongoose from 'mongoose';
import { toObjectId } from '../../db/to-entity.js';

/** What deleting a pilot removes, by collection (shown in the confirmation, logged and audited after). */
export interface PilotDataCounts {
  reviews: number;
  answers: number;
  auditEvents: number;
  planItems: number;
  drafts: number;
  nudges: number;
  reviews90: number;
  portfolioLog: number;
}

const collection = (name: string) => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('mongoose is not connected');
  return db.collection(name);
};

/** One pilot's documents, always within its workspace (every filter has the teamId). */
export class PilotDeleteRepo {
  async count(teamId: string, pilotId: string): Promise<PilotDataCounts> {
    const reviewIds = await this.reviewIds(teamId, pilotId);
    const byReview = { teamId, reviewId: { $in: reviewIds } };
    const byPilot = { teamId, pilotId };
    const [reviews, answers, auditEvents, planItems, drafts, nudges, reviews90, portfolioLog] = await Promise.all([
      reviewIds.length,
      collection('answers').countDocuments(byReview),
      collection('audit_events').countDocuments(byReview),
      collection('plan_items').countDocuments(byReview),
      collection('questionnaire_drafts').countDocuments(byReview),
      collection('nudges').countDocuments(byReview),
      collection('review90s').countDocuments(byPilot),
      collection('portfolio_log').countDocuments(byPilot),
    ]);
    return { reviews, answers, auditEvents, planItems, drafts, nudges, reviews90, portfolioLog };
  }

  /**
   * Deletes the pilot's reviews' documents, its reviews, then the pilot itself last, so a delete cut
   * short leaves the pilot in place to be deleted again. Returns what was deleted.
   */
  async delete(teamId: string, pilotId: string): Promise<PilotDataCounts & { pilots: number }> {
    const pilotOid = toObjectId(pilotId);
    if (!teamId || !pilotOid) throw new Error('deleting a pilot needs its team id and pilot id');
    const reviewIds = await this.reviewIds(teamId, pilotId);
    const byReview = { teamId, reviewId: { $in: reviewIds } };
    const byPilot = { teamId, pilotId };
    const gone = async (name: string, filter: object) => (await collection(name).deleteMany(filter)).deletedCount;
    const answers = await gone('answers', byReview);
    const auditEvents = await gone('audit_events', byReview);
    const planItems = await gone('plan_items', { teamId, $or: [{ reviewId: { $in: reviewIds } }, { pilotId }] });
    const drafts = await gone('questionnaire_drafts', byReview);
    const nudges = await gone('nudges', byReview);
    const reviews90 = await gone('review90s', byPilot);
    const portfolioLog = await gone('portfolio_log', byPilot);
    const reviews = await gone('reviews', byPilot);
    const pilots = await gone('pilots', { _id: pilotOid, teamId });
    return { pilots, reviews, answers, auditEvents, planItems, drafts, nudges, reviews90, portfolioLog };
  }

  /**
   * The workspace chain's head lives on the workspace settings document, which must exist before the
   * chain's first event; a workspace that never saved settings gets one with nothing overridden.
   */
  async ensureWorkspaceDocument(teamId: string): Promise<void> {
    await collection('workspace_settings').updateOne(
      { teamId },
      { $setOnInsert: { teamId, overrides: {}, gateAdmins: [] } },
      { upsert: true },
    );
  }

  private async reviewIds(teamId: string, pilotId: string): Promise<string[]> {
    const docs = await collection('reviews')
      .find({ teamId, pilotId }, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => String(d._id));
  }
}
