import type { PilotStage, RoleId, SignalId } from '../../core/catalog.domain.js';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import { type AnyModel, isDuplicateKeyError } from '../../db/to-entity.js';
import type { CalibrationEntry, Held, Review90Answers } from './review90.domain.js';
import { PortfolioLogModel, Review90Model } from './review90.model.js';

export interface PortfolioLogEntry {
  teamId: string;
  pilotId: string;
  pilotName: string;
  reviewId: string;
  userId: string;
  roles: RoleId[];
  at: Date;
  kpis: Review90Answers['kpis'];
  signals: Record<SignalId, Held>;
  incidents: string;
  lessons: string;
  calibration: CalibrationEntry[];
}

/** An entry's later steps, stored with it and removed once they ran (see Review90Service.submit). */
export interface EntryFollowUp {
  /** The sponsor's entry moves the pilot to reviewed_90d, from the stage read before the write. */
  completes: boolean;
  stageFrom: PilotStage;
  claimedAt: Date;
}

export type PendingEntry = PortfolioLogEntry & { followUp: EntryFollowUp };

/** 90-day reviews opened, and the portfolio log their submissions land in (lessons and calibration). */
export class Review90Repo implements TeamDataOwner, PilotDataOwner {
  constructor(
    private readonly opened: AnyModel = Review90Model as AnyModel,
    private readonly log: AnyModel = PortfolioLogModel as AnyModel,
  ) {}

  /** Opens the pilot's 90-day review once; returns false when it was already open. */
  async open(teamId: string, pilotId: string, reviewId: string, now: Date): Promise<boolean> {
    try {
      const res = await this.opened.updateOne(
        { teamId, pilotId },
        { $setOnInsert: { teamId, pilotId, reviewId, openedAt: now } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }

  async complete(teamId: string, pilotId: string, now: Date): Promise<void> {
    await this.opened.updateOne({ teamId, pilotId, completedAt: null }, { $set: { completedAt: now } });
  }

  /** Adds a reviewer's entry; false when this reviewer already submitted for this pilot. */
  async addEntry(entry: PortfolioLogEntry & { followUp?: EntryFollowUp }): Promise<boolean> {
    try {
      await this.log.create(entry);
      return true;
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }

  /** Entries whose later steps nobody claimed since `staleBefore`, oldest first. */
  async entriesPending(staleBefore: Date, limit = 100): Promise<PendingEntry[]> {
    return this.log
      .find({ 'followUp.claimedAt': { $lt: staleBefore } }, { _id: 0 })
      .sort({ 'followUp.claimedAt': 1 })
      .limit(limit)
      .lean<PendingEntry[]>();
  }

  /** Takes over an entry's stalled steps: true for exactly one caller. */
  async claimFollowUp(e: PortfolioLogEntry, staleBefore: Date, now: Date): Promise<boolean> {
    const res = await this.log.updateOne(
      { teamId: e.teamId, pilotId: e.pilotId, userId: e.userId, 'followUp.claimedAt': { $lt: staleBefore } },
      { $set: { 'followUp.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  async clearFollowUp(e: PortfolioLogEntry): Promise<void> {
    await this.log.updateOne({ teamId: e.teamId, pilotId: e.pilotId, userId: e.userId }, { $unset: { followUp: 1 } });
  }

  async entry(teamId: string, pilotId: string, userId: string): Promise<PortfolioLogEntry | null> {
    return this.log.findOne({ teamId, pilotId, userId }, { _id: 0 }).lean<PortfolioLogEntry>();
  }

  /** The workspace's portfolio log, newest first (for the App Home and exports). */
  async portfolioLog(teamId: string, limit = 50): Promise<PortfolioLogEntry[]> {
    return this.log.find({ teamId }, { _id: 0 }).sort({ at: -1 }).limit(limit).lean<PortfolioLogEntry[]>();
  }

  /** Every judged gate confirmation of the workspace; feed it to `calibrationByRole`. */
  async calibrationEntries(teamId: string): Promise<CalibrationEntry[]> {
    const docs = await this.log
      .find({ teamId }, { _id: 0, calibration: 1 })
      .lean<{ calibration?: CalibrationEntry[] }[]>();
    return docs.flatMap((d) => d.calibration ?? []);
  }

  /** Deleting a pilot: its 90-day review and portfolio log entries, counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    const byPilot = { teamId: ref.teamId, pilotId: ref.pilotId };
    return {
      reviews90: await this.opened.countDocuments(byPilot),
      portfolioLog: await this.log.countDocuments(byPilot),
    };
  }

  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    const byPilot = { teamId: ref.teamId, pilotId: ref.pilotId };
    return {
      reviews90: (await this.opened.deleteMany(byPilot)).deletedCount,
      portfolioLog: (await this.log.deleteMany(byPilot)).deletedCount,
    };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      review90s: (await this.opened.deleteMany({ teamId })).deletedCount,
      portfolio_log: (await this.log.deleteMany({ teamId })).deletedCount,
    };
  }
}
