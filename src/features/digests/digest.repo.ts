import type { TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import { isDuplicateKeyError } from '../../db/to-entity.js';
import type { PilotSweeps } from '../pilots/pilot.port.js';
import type { PlanItemSweeps } from '../reviews/plan-item.port.js';
import type { ReviewSweeps } from '../reviews/review.port.js';
import type { DigestPilotRow, DigestPlanItemRow, DigestReviewRow, PilotSnapshot } from './digest.domain.js';
import { DigestSnapshotModel } from './digest.model.js';

export interface SentDigest {
  sponsorId: string;
  occurrence: Date;
}

/** The owners' reads the digest composes (their queries, projections and batch sizes are theirs). */
export interface DigestOwners {
  pilots: Pick<PilotSweeps, 'teamIds' | 'portfolioRows'>;
  reviews: Pick<ReviewSweeps, 'streamPortfolioRows'>;
  planItems: Pick<PlanItemSweeps, 'streamOpenRows'>;
}

/**
 * The digest's reads, one workspace at a time: pilots, reviews and open plan items in one streamed query
 * each through their owners' ports (FerretDB has no $lookup; the join by pilot id happens in memory),
 * plus the per-sponsor snapshots, the one collection this repository owns.
 */
export class DigestRepo implements TeamDataOwner {
  constructor(
    private readonly owners: DigestOwners,
    private readonly snapshots: AnyModel = DigestSnapshotModel as AnyModel,
  ) {}

  teams(): Promise<string[]> {
    return this.owners.pilots.teamIds();
  }

  pilotsOf(teamId: string): Promise<DigestPilotRow[]> {
    return this.owners.pilots.portfolioRows(teamId);
  }

  async reviewsByPilot(teamId: string): Promise<Map<string, DigestReviewRow>> {
    const out = new Map<string, DigestReviewRow>();
    for await (const r of this.owners.reviews.streamPortfolioRows(teamId)) out.set(r.pilotId, r);
    return out;
  }

  async openPlanItemsByPilot(teamId: string): Promise<Map<string, DigestPlanItemRow[]>> {
    const out = new Map<string, DigestPlanItemRow[]>();
    for await (const i of this.owners.planItems.streamOpenRows(teamId)) {
      const list = out.get(i.pilotId) ?? [];
      list.push(i);
      out.set(i.pilotId, list);
    }
    return out;
  }

  /** Digests already sent in the workspace since `since`: who got which occurrence. */
  async sentSince(teamId: string, since: Date): Promise<SentDigest[]> {
    return this.snapshots
      .find({ teamId, occurrence: { $gte: since } }, { _id: 0, sponsorId: 1, occurrence: 1 })
      .lean<SentDigest[]>();
  }

  /** Each sponsor's most recent snapshot since `since` (older ones are too old to compare with). */
  async latestSnapshots(teamId: string, sponsorIds: string[], since: Date): Promise<Map<string, PilotSnapshot[]>> {
    const docs = await this.snapshots
      .find({ teamId, sponsorId: { $in: sponsorIds }, occurrence: { $gte: since } }, { _id: 0 })
      .lean<{ sponsorId: string; occurrence: Date; pilots: PilotSnapshot[] }[]>();
    const latest = new Map<string, { occurrence: Date; pilots: PilotSnapshot[] }>();
    for (const d of docs) {
      const seen = latest.get(d.sponsorId);
      if (!seen || seen.occurrence < d.occurrence) latest.set(d.sponsorId, d);
    }
    return new Map([...latest].map(([k, v]) => [k, v.pilots]));
  }

  async saveSnapshot(
    teamId: string,
    sponsorId: string,
    occurrence: Date,
    sentAt: Date,
    pilots: PilotSnapshot[],
  ): Promise<void> {
    try {
      await this.snapshots.create({ teamId, sponsorId, occurrence, sentAt, pilots });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }

  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      digest_snapshots: (await this.snapshots.deleteMany({ teamId })).deletedCount,
    };
  }
}
