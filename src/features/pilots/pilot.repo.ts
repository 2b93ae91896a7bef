import { Types } from 'mongoose';
import type { PilotStage } from '../../core/catalog.domain.js';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import { type AnyModel, isDuplicateKeyError, toEntity, toObjectId } from '../../db/to-entity.js';
import { DomainError } from '../../shared/errors.js';
import { RegistrationField } from './pilot.domain.js';
import { PilotModel } from './pilot.model.js';
import type {
  FlagWrite,
  NewPilot,
  PilotStore,
  PilotSweeps,
  PortfolioPilotRow,
  RoleChangeWrite,
  ScanPilot,
} from './pilot.port.js';
import { pilotEntity } from './pilot.schema.js';
import type { Pilot, PilotFlag } from './pilot.types.js';
import { mayMove } from './pilot-lifecycle.domain.js';
import {
  groupedFlagUpdates,
  PORTFOLIO_PILOT_FIELDS,
  portfolioRow,
  type RawPortfolioPilot,
  type RawScanPilot,
  SCAN_PILOT_FIELDS,
  scanPilot,
} from './pilot-sweeps.mapping.js';
import { SCAN_NOW, scanBucketOf } from './scan-schedule.domain.js';

const BATCH = 1_000;
/**
 * Update statements per bulk write. The embedded FerretDB 1.24 never answers an `update` command carrying 100 or
 * more statements (measured: 99 returns in ~0.2 s, 100 times out), so stay well below that on any backend.
 */
const UPDATES_PER_COMMAND = 50;

const pilot = (doc: unknown): Pilot => toEntity(doc, pilotEntity);

/**
 * The one owner of the pilots collection: every query of it is here. Scoped by workspace (team id),
 * except the sweeps across workspaces (PilotSweeps), which say so.
 */
export class PilotRepo implements TeamDataOwner, PilotDataOwner, PilotStore, PilotSweeps {
  constructor(private readonly model: AnyModel = PilotModel as AnyModel) {}

  async create(input: NewPilot): Promise<Pilot> {
    try {
      const _id = new Types.ObjectId();
      const scan = { scanDueOn: SCAN_NOW, scanBucket: scanBucketOf(String(_id)) };
      const doc = await this.model.create({ _id, ...input, stage: 'registered', flags: [], deputies: {}, ...scan });
      return pilot(doc.toObject());
    } catch (e) {
      if (isDuplicateKeyError(e)) {
        throw new DomainError('conflict', 'A pilot with that name exists', {
          [RegistrationField.name]: `A pilot named "${input.name}" already exists in this workspace; pick another name`,
        });
      }
      throw e;
    }
  }

  async byId(teamId: string, id: string): Promise<Pilot | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await this.model.findOne({ _id, teamId }).lean();
    return doc ? pilot(doc) : null;
  }

  async byNameKey(teamId: string, nameKey: string): Promise<Pilot | null> {
    const doc = await this.model.findOne({ teamId, nameKey }).lean();
    return doc ? pilot(doc) : null;
  }

  /**
   * Up to `perSide` pilots on each side of `nameKey` in name order (every name that starts with it
   * among them): two range reads on the { teamId, nameKey } index, for "did you mean" suggestions
   * without reading every pilot of the workspace.
   */
  async nearNameKey(teamId: string, nameKey: string, perSide: number): Promise<Pilot[]> {
    const [before, after] = await Promise.all([
      this.model
        .find({ teamId, nameKey: { $lt: nameKey } })
        .sort({ nameKey: -1 })
        .limit(perSide)
        .lean(),
      this.model
        .find({ teamId, nameKey: { $gte: nameKey } })
        .sort({ nameKey: 1 })
        .limit(perSide)
        .lean(),
    ]);
    return [...before.reverse(), ...after].map(pilot);
  }

  async listForTeam(teamId: string, filter: { channelId?: string } = {}): Promise<Pilot[]> {
    const docs = await this.model
      .find({ teamId, ...filter })
      .sort({ createdAt: -1 })
      .lean();
    return docs.map(pilot);
  }

  /**
   * Moves a pilot's stage only from the stage the caller read (a compare-and-set): null when the stage
   * changed since. A move the stage machine forbids is a bug in the caller and throws before any write.
   */
  async setStage(
    teamId: string,
    id: string,
    from: PilotStage,
    to: PilotStage,
    extra: Record<string, unknown> = {},
  ): Promise<Pilot | null> {
    if (!mayMove(from, to)) throw new Error(`pilot ${id}: the lifecycle forbids ${from} → ${to}`);
    const doc = await this.model
      .findOneAndUpdate(
        { _id: toObjectId(id), teamId, stage: from },
        // A new stage changes the purgatory flags: marked for the next scan in the same write.
        { $set: { stage: to, stageSince: new Date(), scanDueOn: SCAN_NOW, scanMarkedAt: new Date(), ...extra } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? pilot(doc) : null;
  }

  async setFlags(teamId: string, id: string, flags: PilotFlag[], extra: Record<string, unknown> = {}): Promise<void> {
    await this.model.updateOne({ _id: toObjectId(id), teamId }, { $set: { flags, ...extra } });
  }

  /** Something that feeds the purgatory flags changed: the next daily scan looks at this pilot. */
  async markForScan(teamId: string, id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: toObjectId(id), teamId }, { $set: { scanDueOn: SCAN_NOW, scanMarkedAt: now } });
  }

  /**
   * Every role matched one by one (an embedded document's equality would depend on its field order), and the
   * version read: two changes made against the same roles cannot both land.
   */
  async changeRoles(teamId: string, id: string, change: RoleChangeWrite): Promise<Pilot | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const version = (change.expectedVersion ?? 0) + 1;
    const held = Object.fromEntries(
      Object.entries(change.expected).map(([role, user]) => [`stakeholders.${role}`, user]),
    );
    const doc = await this.model
      .findOneAndUpdate(
        { _id, teamId, rolesVersion: change.expectedVersion ?? null, ...held },
        {
          $set: {
            stakeholders: change.next,
            rolesVersion: version,
            rolesFollowUp: { ...change.followUp, version, claimedAt: change.followUp.at },
            ...(change.exception ? { separationException: change.exception } : {}),
          },
          ...(change.exception ? {} : { $unset: { separationException: 1 } }),
        },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? pilot(doc) : null;
  }

  async claimRoleChange(teamId: string, id: string, version: number, staleBefore: Date, now: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        _id: toObjectId(id),
        teamId,
        'rolesFollowUp.version': version,
        'rolesFollowUp.claimedAt': { $lt: staleBefore },
      },
      { $set: { 'rolesFollowUp.claimedAt': now } },
    );
    return res.modifiedCount === 1;
  }

  async clearRoleChange(teamId: string, id: string, version: number): Promise<void> {
    await this.model.updateOne(
      { _id: toObjectId(id), teamId, 'rolesFollowUp.version': version },
      { $unset: { rolesFollowUp: 1 } },
    );
  }

  async update(teamId: string, id: string, set: Record<string, unknown>): Promise<Pilot | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: toObjectId(id), teamId }, { $set: set }, { returnDocument: 'after' })
      .lean();
    return doc ? pilot(doc) : null;
  }

  async storeChannelPrivacy(teamId: string, channelId: string, channelPrivate: boolean): Promise<void> {
    await this.model.updateMany({ teamId, channelId }, { $set: { channelPrivate } });
  }

  async teamIds(): Promise<string[]> {
    return (await this.model.distinct('teamId')).map(String);
  }

  async teamIdsInStage(stage: PilotStage): Promise<string[]> {
    return (await this.model.distinct('teamId', { stage })).map(String);
  }

  async *streamScanRows(teamId: string): AsyncGenerator<ScanPilot> {
    const cursor = this.model.find({ teamId }, SCAN_PILOT_FIELDS).lean<RawScanPilot[]>().cursor({ batchSize: BATCH });
    for await (const p of cursor as AsyncIterable<RawScanPilot>) yield scanPilot(p);
  }

  async *streamDueForScan(teamId: string, days: string[], bucket: string): AsyncGenerator<ScanPilot> {
    // Only the ids of the due pilots are kept (to read each once), never their rows.
    const seen = new Set<string>();
    const filters = [
      { teamId, scanDueOn: { $in: [...days, SCAN_NOW] } },
      { teamId, scanBucket: bucket },
    ];
    for (const filter of filters) {
      const cursor = this.model.find(filter, SCAN_PILOT_FIELDS).lean<RawScanPilot[]>().cursor({ batchSize: BATCH });
      for await (const p of cursor as AsyncIterable<RawScanPilot>) {
        const id = String(p._id);
        if (seen.has(id)) continue;
        seen.add(id);
        yield scanPilot(p);
      }
    }
  }

  async writeScanFlags(writes: FlagWrite[]): Promise<void> {
    const ops = groupedFlagUpdates(writes);
    for (let i = 0; i < ops.length; i += UPDATES_PER_COMMAND) {
      await this.model.bulkWrite(ops.slice(i, i + UPDATES_PER_COMMAND), { ordered: false });
    }
  }

  async portfolioRows(teamId: string): Promise<PortfolioPilotRow[]> {
    const out: PortfolioPilotRow[] = [];
    const cursor = this.model
      .find({ teamId }, PORTFOLIO_PILOT_FIELDS)
      .lean<RawPortfolioPilot[]>()
      .cursor({ batchSize: BATCH });
    for await (const p of cursor as AsyncIterable<RawPortfolioPilot>) out.push(portfolioRow(p));
    return out;
  }

  async namesAndStages(teamId: string, ids: string[]): Promise<Map<string, { name: string; stage: PilotStage }>> {
    const docs = await this.model
      .find({ teamId, _id: { $in: ids.map(toObjectId).filter(Boolean) } }, { name: 1, stage: 1 })
      .lean<{ _id: unknown; name: string; stage: PilotStage }[]>();
    return new Map(docs.map((d) => [String(d._id), { name: d.name, stage: d.stage }]));
  }

  async productionLiveBefore(teamId: string, liveBefore: Date): Promise<{ id: string; productionAt: Date }[]> {
    const docs = await this.model
      .find({ teamId, stage: 'production', productionAt: { $lte: liveBefore } }, { productionAt: 1 })
      .lean<{ _id: unknown; productionAt: Date }[]>();
    return docs.map((d) => ({ id: String(d._id), productionAt: d.productionAt }));
  }

  async registeredBefore(before: Date, limit = 200): Promise<Pilot[]> {
    const docs = await this.model
      .find({ stage: 'registered', createdAt: { $lt: before } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean();
    return docs.map(pilot);
  }

  async roleChangesStalled(before: Date, limit = 200): Promise<{ id: string; teamId: string }[]> {
    const docs = await this.model
      .find({ 'rolesFollowUp.claimedAt': { $lt: before } }, { teamId: 1 })
      .sort({ 'rolesFollowUp.claimedAt': 1 })
      .limit(limit)
      .lean<{ _id: unknown; teamId: string }[]>();
    return docs.map((d) => ({ id: String(d._id), teamId: d.teamId }));
  }

  async pageInStages(stages: PilotStage[], afterId: string | null, limit: number): Promise<Pilot[]> {
    const after = afterId === null ? null : toObjectId(afterId);
    const docs = await this.model
      .find({ stage: { $in: stages }, ...(after ? { _id: { $gt: after } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .lean();
    return docs.map(pilot);
  }

  /** Deleting a pilot: nothing to count here (the pilot itself is not counted). */
  async countPilotData(_ref: PilotRef): Promise<Record<string, number>> {
    return {};
  }

  /** The pilot itself, last of a pilot delete, so one cut short leaves the pilot to be deleted again. */
  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    return { pilots: (await this.model.deleteMany({ _id: toObjectId(ref.pilotId), teamId: ref.teamId })).deletedCount };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      pilots: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
