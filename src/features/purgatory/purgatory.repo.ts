import type { TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import type { PilotStore, PilotSweeps } from '../pilots/pilot.port.js';
import type { PlanItemSweeps } from '../reviews/plan-item.port.js';
import type { ReviewScanRow, ReviewSweeps } from '../reviews/review.port.js';
import type { FlagPlanItem } from './purgatory.domain.js';
import { ScanStateModel } from './scan-state.model.js';

export type { FlagWrite, ScanPilot } from '../pilots/pilot.port.js';
export type ScanReview = ReviewScanRow;

export interface ScanState {
  lastScanDay: string;
  cadenceKey: string;
}

/** The owners' reads and writes the scan composes (their queries, projections and batch sizes are theirs). */
export interface PurgatoryOwners {
  pilots: Pick<PilotSweeps, 'teamIds' | 'streamScanRows' | 'streamDueForScan' | 'writeScanFlags'> &
    Pick<PilotStore, 'markForScan'>;
  reviews: Pick<ReviewSweeps, 'scanRowsOfPilots'>;
  planItems: Pick<PlanItemSweeps, 'openDueDatesOfReviews'>;
}

/**
 * Bulk reads for the purgatory scan, one workspace at a time: the workspace's pilots (all, or only the due
 * ones) streamed, and the reviews and open plan items of each batch of them (never one query per pilot, and
 * never a whole workspace in memory; FerretDB has no $lookup, so the join is in memory, batch by batch). The pilots, reviews and plan items are read through
 * their owners' ports; the scan state is the one collection this repository owns.
 */
export class PurgatoryRepo implements TeamDataOwner {
  constructor(
    private readonly owners: PurgatoryOwners,
    private readonly states: AnyModel = ScanStateModel as AnyModel,
  ) {}

  teams(): Promise<string[]> {
    return this.owners.pilots.teamIds();
  }

  /** Streams a workspace's pilots with only the fields the scan reads. */
  pilotsOf(teamId: string) {
    return this.owners.pilots.streamScanRows(teamId);
  }

  /** The pilots a scan after `days` must look at: due on one of those days, marked changed, or in `bucket`. */
  duePilots(teamId: string, days: string[], bucket: string) {
    return this.owners.pilots.streamDueForScan(teamId, days, bucket);
  }

  /** The reviews of some pilots keyed by pilot id, kept compact (status per signal, not the reasons). */
  async reviewsFor(teamId: string, pilotIds: string[]): Promise<Map<string, ScanReview>> {
    const out = new Map<string, ScanReview>();
    for (const r of await this.owners.reviews.scanRowsOfPilots(teamId, pilotIds)) out.set(r.pilotId, r);
    return out;
  }

  /** The plan items not done yet of some reviews, keyed by pilot id. */
  async openPlanItemsFor(teamId: string, reviewIds: string[]): Promise<Map<string, FlagPlanItem[]>> {
    const out = new Map<string, FlagPlanItem[]>();
    for (const item of await this.owners.planItems.openDueDatesOfReviews(teamId, reviewIds)) addItem(out, item);
    return out;
  }

  async scanState(teamId: string): Promise<ScanState | null> {
    return this.states.findOne({ teamId }, { _id: 0, lastScanDay: 1, cadenceKey: 1 }).lean<ScanState>();
  }

  async saveScanState(teamId: string, state: ScanState, full: boolean, now: Date): Promise<void> {
    await this.states.updateOne(
      { teamId },
      { $set: { ...state, ...(full ? { fullScanAt: now } : {}) } },
      { upsert: true },
    );
  }

  /** A pilot whose alert failed: looked at again by the next scan, whatever its day. */
  markForScan(teamId: string, pilotId: string, now: Date): Promise<void> {
    return this.owners.pilots.markForScan(teamId, pilotId, now);
  }

  /** The changed pilots' flag writes (PilotSweeps.writeScanFlags groups and batches them). */
  writeFlags(writes: Parameters<PilotSweeps['writeScanFlags']>[0]): Promise<void> {
    return this.owners.pilots.writeScanFlags(writes);
  }

  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      purgatory_scan_state: (await this.states.deleteMany({ teamId })).deletedCount,
    };
  }
}

function addItem(out: Map<string, FlagPlanItem[]>, item: { pilotId: string; dueDate: string }): void {
  const list = out.get(item.pilotId) ?? [];
  list.push({ dueDate: item.dueDate });
  out.set(item.pilotId, list);
}
