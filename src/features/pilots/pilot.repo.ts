import { type Model, Types } from 'mongoose';
import type { PilotStage } from '../../core/catalog.domain.js';
import { isDuplicateKeyError, toEntity, toObjectId } from '../../db/to-entity.js';
import { DomainError } from '../../shared/errors.js';
import type { ValidRegistration } from './pilot.domain.js';
import { RegistrationField } from './pilot.domain.js';
import { PilotModel } from './pilot.model.js';
import type { Pilot, PilotFlag } from './pilot.types.js';
import { mayMove } from './pilot-lifecycle.domain.js';
import { SCAN_NOW, scanBucketOf } from './scan-schedule.domain.js';

/** Pilots, always scoped by workspace (team id): no query here can reach another workspace. */
export class PilotRepo {
  constructor(private readonly model: Model<unknown> = PilotModel as Model<unknown>) {}

  async create(
    input: ValidRegistration & { teamId: string; enterpriseId?: string; channelId: string; createdBy: string },
  ): Promise<Pilot> {
    try {
      const _id = new Types.ObjectId();
      const scan = { scanDueOn: SCAN_NOW, scanBucket: scanBucketOf(String(_id)) };
      const doc = await this.model.create({ _id, ...input, stage: 'registered', flags: [], deputies: {}, ...scan });
      return toEntity<Pilot>(doc.toObject());
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
    return doc ? toEntity<Pilot>(doc) : null;
  }

  async byNameKey(teamId: string, nameKey: string): Promise<Pilot | null> {
    const doc = await this.model.findOne({ teamId, nameKey }).lean();
    return doc ? toEntity<Pilot>(doc) : null;
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
    return [...before.reverse(), ...after].map((d) => toEntity<Pilot>(d));
  }

  async listForTeam(teamId: string, filter: { channelId?: string } = {}): Promise<Pilot[]> {
    const docs = await this.model
      .find({ teamId, ...filter })
      .sort({ createdAt: -1 })
      .lean();
    return docs.map((d) => toEntity<Pilot>(d));
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
        { $set: { stage: to, scanDueOn: SCAN_NOW, scanMarkedAt: new Date(), ...extra } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? toEntity<Pilot>(doc) : null;
  }

  async setFlags(teamId: string, id: string, flags: PilotFlag[], extra: Record<string, unknown> = {}): Promise<void> {
    await this.model.updateOne({ _id: toObjectId(id), teamId }, { $set: { flags, ...extra } });
  }

  /** Something that feeds the purgatory flags changed: the next daily scan looks at this pilot. */
  async markForScan(teamId: string, id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: toObjectId(id), teamId }, { $set: { scanDueOn: SCAN_NOW, scanMarkedAt: now } });
  }

  async update(teamId: string, id: string, set: Record<string, unknown>): Promise<Pilot | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: toObjectId(id), teamId }, { $set: set }, { returnDocument: 'after' })
      .lean();
    return doc ? toEntity<Pilot>(doc) : null;
  }
}
